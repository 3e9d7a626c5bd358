import CofferCore
import Testing

@testable import CofferTemplate

/// Go's default `missingkey` option, as kubectl's go-template printer (and so WaitV2) uses it.
@Suite struct TemplateMissingKeyTests {
    static let object = TemplateValue(["metadata": ["name": "db", "annotations": [:]]] as Value)

    static func render(_ text: String) throws -> String {
        try Template.parse(text).render(object, context: FunctionContext(), missingKey: .noValue)
    }

    @Test func aMissingMapKeyPrintsNoValue() throws {
        #expect(try Self.render("{{ .metadata.annotations.ready }}") == "<no value>")
        #expect(try Self.render("{{ .status }}") == "<no value>")
    }

    @Test func aMissingKeyIsFalseInConditions() throws {
        #expect(try Self.render("{{ if .metadata.annotations.ready }}yes{{ else }}no{{ end }}") == "no")
    }

    @Test func goingThroughAMissingKeyIsStillAnError() throws {
        let error = try #require(throws: TemplateError.self) { try Self.render("{{ .status.phase }}") }
        #expect(error.message == "nil pointer evaluating interface {}.phase")
    }

    @Test func theDefaultRenderStillFailsOnAMissingKey() {
        #expect(throws: TemplateError.self) { try Template.parse("{{ .status }}").render(Self.object) }
    }
}
