import CofferCore
import Foundation
import Testing

@testable import CofferBlueprint

@Suite struct EmbeddedSchemasTests {
    static let schemas: [(file: String, embedded: String)] = [
        ("blueprint.schema.json", EmbeddedSchemas.blueprint),
        ("actionset.schema.json", EmbeddedSchemas.actionSet),
        ("policy.schema.json", EmbeddedSchemas.policy),
    ]

    static func schemaFile(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("schemas").appendingPathComponent(name)
    }

    @Test(arguments: schemas.map(\.file))
    func embeddedTextMatchesSchemaFile(file: String) throws {
        let onDisk = try String(contentsOf: Self.schemaFile(file), encoding: .utf8)
        let embedded = try #require(Self.schemas.first { $0.file == file }?.embedded)
        #expect(
            embedded == onDisk,
            "Sources/CofferBlueprint/EmbeddedSchemas.swift is stale for schemas/\(file): run scripts/embed-schemas")
    }

    @Test(arguments: schemas.map(\.file))
    func embeddedSchemaCompiles(file: String) throws {
        let embedded = try #require(Self.schemas.first { $0.file == file }?.embedded)
        _ = try JSONSchema(text: embedded)
    }

    @Test func staticSchemasAreTheEmbeddedOnes() {
        #expect(JSONSchema.blueprint.accepts(SampleBlueprints.valid))
        #expect(!JSONSchema.actionSet.accepts(SampleBlueprints.valid))
        #expect(!JSONSchema.policy.accepts(SampleBlueprints.valid))
    }
}
