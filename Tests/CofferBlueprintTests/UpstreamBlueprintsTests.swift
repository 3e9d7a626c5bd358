import CofferCore
import CofferTemplate
import CofferTestSupport
import Foundation
import Testing

@testable import CofferBlueprint

/// The upstream Kanister blueprints load, validate and render unmodified.
///
/// The folder is walked, so a blueprint added there later is covered without touching this file.
@Suite struct UpstreamBlueprintsTests {
    @Test func everyUpstreamFileYieldsABlueprint() throws {
        let files = try Fixtures.upstreamBlueprintFiles()
        #expect(!files.isEmpty, "no blueprints under \(Fixtures.upstreamBlueprintsDirectory.path)")
        #expect(Set(try UpstreamBlueprints.documents().map(\.file)) == Set(files.map(\.path)))
    }

    @Test func everyUpstreamBlueprintValidatesWithoutErrors() throws {
        let validator = BlueprintValidator()
        for (file, document) in try UpstreamBlueprints.documents() {
            let errors = validator.validate(document).filter { $0.severity == .error }
            #expect(errors.isEmpty, "\(file): \(errors.map(\.description).joined(separator: "\n"))")
        }
    }

    @Test func everyUpstreamPhaseUsesARegisteredFunctionWithAcceptedArguments() throws {
        for (file, document) in try UpstreamBlueprints.documents() {
            let blueprint = try Blueprint(document: document)
            for action in blueprint.actions {
                for phase in action.allPhases {
                    let function = try #require(FunctionRegistry.builtin.function(named: phase.function), "\(file)")
                    let accepted = Set(function.arguments.map(\.name))
                    #expect(
                        phase.args.keys.filter { !accepted.contains($0) } == [], "\(file) \(action.name)/\(phase.name)")
                }
            }
        }
    }

    @Test func everyActionOfEveryUpstreamBlueprintRendersOffline() throws {
        let time = try GoTime.parse(layout: GoTime.rfc3339NanoLayout, "2026-01-02T03:04:05.123Z")
        var rendered = 0
        for (file, document) in try UpstreamBlueprints.documents() {
            let blueprint = try Blueprint(document: document)
            for action in blueprint.actions {
                let result: RenderedAction
                do {
                    result = try blueprint.renderOffline(OfflineRenderRequest(action: action.name, time: time))
                } catch {
                    Issue.record("\(file) \(action.name): \(error)")
                    continue
                }
                rendered += 1
                #expect(result.phases.count == action.phases.count, "\(file) \(action.name)")
                for phase in result.phases + (result.deferPhase.map { [$0] } ?? []) {
                    let leftovers = Self.templatedStrings(in: phase.args, skippingWaitConditions: phase.function == "WaitV2")
                    #expect(leftovers.isEmpty, "\(file) \(action.name)/\(phase.name) kept templates: \(leftovers)")
                }
            }
        }
        #expect(rendered > 0)
    }

    @Test func renderedTimeFollowsGoLayouts() throws {
        // postgres-blueprint formats .Time with Go layouts; the rendered path must carry the date.
        let (file, document) = try #require(try UpstreamBlueprints.documents().first { $0.file.hasSuffix("postgres/postgres-blueprint.yaml") })
        let time = try GoTime.parse(layout: GoTime.rfc3339NanoLayout, "2026-01-02T03:04:05Z")
        let result = try Blueprint(document: document).renderOffline(
            OfflineRenderRequest(action: "backup", target: .reference(kind: "StatefulSet", namespace: "db", name: "pg"), time: time))
        let command = try #require(result.phases.first?.args["command"]?.arrayValue?.last?.stringValue, "\(file)")
        #expect(command.contains("BACKUP_LOCATION=pg_backups/db/pg/2026-01-02T03:04:05Z/backup.sql.gz"))
        #expect(command.contains("export PGPASSWORD='<Phases.pgDump.Secrets.pgSecret.Data.postgres-password>'"))
    }

    /// Strings still holding `{{`, other than WaitV2 conditions (evaluated later against the object).
    static func templatedStrings(in value: Value, skippingWaitConditions: Bool, key: String? = nil) -> [String] {
        switch value {
        case .string(let text):
            if skippingWaitConditions && key == "condition" { return [] }
            return text.contains("{{") ? [text] : []
        case .array(let elements):
            return elements.flatMap { templatedStrings(in: $0, skippingWaitConditions: skippingWaitConditions) }
        case .object(let map):
            return map.flatMap { templatedStrings(in: $0.value, skippingWaitConditions: skippingWaitConditions, key: $0.key) }
        case .null, .bool, .int, .double:
            return []
        }
    }
}
