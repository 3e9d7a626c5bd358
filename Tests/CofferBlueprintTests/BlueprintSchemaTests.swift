import CofferCore
import Testing

@testable import CofferBlueprint

/// What `schemas/blueprint.schema.json` accepts and rejects.
@Suite struct BlueprintSchemaTests {
    func messages(_ value: Value) -> [String] {
        JSONSchema.blueprint.violations(of: value).map(\.description)
    }

    @Test func acceptsTheSampleBlueprint() {
        #expect(messages(SampleBlueprints.valid) == [])
    }

    @Test func acceptsAnUnnamedDeferPhaseAsKanisterDoes() {
        let blueprint = SampleBlueprints.valid.setting(path("actions", "backup", "deferPhase", "name"), to: nil)
        #expect(messages(blueprint) == [])
    }

    @Test func acceptsCofferAnnotations() {
        let blueprint = SampleBlueprints.valid.setting(
            path("metadata", "annotations"),
            to: [
                "coffer.dev/timeout.backup": "1h30m", "coffer.dev/timeout.backup.dumpToStore": "90s",
                "coffer.dev/retry.backup.dumpToStore": "attempts=3,backoff=2s", "other.io/x": "y",
            ])
        #expect(messages(blueprint) == [])
    }

    struct Mistake: Sendable, CustomTestStringConvertible {
        var name: String
        var path: ValuePath
        var value: Value?
        var expected: [String]
        var testDescription: String { name }
    }

    static let mistakes: [Mistake] = [
        .init(
            name: "phases not a list", path: path("actions", "delete", "phases"),
            value: ["func": "LocationDelete", "name": "x"],
            expected: ["expected array, got object (at $.actions.delete.phases)"]),
        .init(
            name: "phase without func", path: path("actions", "delete", "phases", 0, "func"), value: nil,
            expected: [#"missing required property "func" (at $.actions.delete.phases[0])"#]),
        .init(
            name: "phase without name", path: path("actions", "delete", "phases", 0, "name"), value: nil,
            expected: [#"missing required property "name" (at $.actions.delete.phases[0])"#]),
        .init(
            name: "args not a map", path: path("actions", "delete", "phases", 0, "args"), value: ["artifact", "x"],
            expected: ["expected object, got array (at $.actions.delete.phases[0].args)"]),
        .init(
            name: "unknown top-level key", path: path("spec"), value: ["actions": [:]],
            expected: [#"unknown property "spec"; expected one of: actions, apiVersion, kind, metadata (at $.spec)"#]),
        .init(
            name: "misspelt action key", path: path("actions", "restore", "inputArtifacts"), value: ["dump"],
            expected: [
                #"unknown property "inputArtifacts"; expected one of: configMapNames, deferPhase, inputArtifactNames, kind, name, outputArtifacts, phases, secretNames (at $.actions.restore.inputArtifacts)"#
            ]),
        .init(
            name: "misspelt phase key", path: path("actions", "delete", "phases", 0, "arg"), value: [:],
            expected: [
                #"unknown property "arg"; expected one of: args, func, name, objects (at $.actions.delete.phases[0].arg)"#
            ]),
        .init(
            name: "wrong kind", path: path("kind"), value: "ActionSet",
            expected: [#"expected "Blueprint", got "ActionSet" (at $.kind)"#]),
        .init(
            name: "missing actions", path: path("actions"), value: nil,
            expected: [#"missing required property "actions" (at $)"#]),
        .init(
            name: "output artifact value not a string",
            path: path("actions", "backup", "outputArtifacts", "dump", "keyValue", "size"),
            value: 3,
            expected: ["expected string, got integer (at $.actions.backup.outputArtifacts.dump.keyValue.size)"]),
        .init(
            name: "object reference typo", path: path("actions", "backup", "phases", 1, "objects", "pgSecret", "names"),
            value: "x",
            expected: [
                #"unknown property "names"; expected one of: apiVersion, group, kind, name, namespace, resource (at $.actions.backup.phases[1].objects.pgSecret.names)"#
            ]),
        .init(
            name: "metadata without a name", path: path("metadata", "name"), value: nil,
            expected: [
                #"value matches none of the allowed forms: missing required property "name"; or missing required property "generateName" (at $.metadata)"#
            ]),
        .init(
            name: "bad Coffer timeout", path: path("metadata", "annotations"),
            value: ["coffer.dev/timeout.backup": "5 minutes"],
            expected: [
                #""5 minutes" does not match the pattern ^[-+]?(0|(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$ (at $.metadata.annotations['coffer.dev/timeout.backup'])"#
            ]),
    ]

    @Test(arguments: mistakes)
    func catchesStructuralMistakes(_ mistake: Mistake) {
        #expect(messages(SampleBlueprints.valid.setting(mistake.path, to: mistake.value)) == mistake.expected)
    }
}
