import CofferCore
import Testing

@testable import CofferBlueprint

@Suite struct ModelDecodingTests {
    func decode(_ value: Value) throws -> Blueprint {
        try Blueprint(document: TestDocument(value).document)
    }

    @Test func readsNameAndActionsInDocumentOrder() throws {
        let blueprint = try decode(SampleBlueprints.valid)
        #expect(blueprint.name == "postgres-bp")
        #expect(blueprint.namespace == "kanister")
        #expect(blueprint.actions.map(\.name) == ["backup", "restore", "delete"])
        #expect(blueprint.document.value == SampleBlueprints.valid)
    }

    @Test func readsPhasesWithTheirPathsAndTheDeferPhase() throws {
        let backup = try #require(try decode(SampleBlueprints.valid).action(named: "backup"))
        #expect(backup.kind == "StatefulSet")
        #expect(backup.phases.map(\.name) == ["quiesce", "dumpToStore"])
        #expect(backup.phases.map(\.function) == ["ScaleWorkload", "KubeTask"])
        #expect(backup.phases[1].path == path("actions", "backup", "phases", 1))
        #expect(backup.phases[0].args["replicas"] == 0)
        #expect(backup.deferPhase?.name == "resume")
        #expect(backup.deferPhase?.path == path("actions", "backup", "deferPhase"))
        #expect(backup.allPhases.map(\.name) == ["quiesce", "dumpToStore", "resume"])
    }

    @Test func readsObjectReferencesByAlias() throws {
        let backup = try #require(try decode(SampleBlueprints.valid).action(named: "backup"))
        #expect(
            backup.phases[1].objects["pgSecret"]
                == ObjectReference(
                    kind: "Secret", name: "{{ .StatefulSet.Name }}-creds", namespace: "{{ .StatefulSet.Namespace }}"))
    }

    @Test func readsOutputArtifactsKeepingKeyOrder() throws {
        let backup = try #require(try decode(SampleBlueprints.valid).action(named: "backup"))
        let dump = try #require(backup.outputArtifacts["dump"])
        #expect(dump.keyValue.map(\.key) == ["path", "size"])
        #expect(dump["path"] == "{{ .Phases.dumpToStore.Output.path }}")
        #expect(dump.kopiaSnapshot == nil)
    }

    @Test func readsArtifactAndSecretNameLists() throws {
        let restore = try #require(try decode(SampleBlueprints.valid).action(named: "restore"))
        #expect(restore.inputArtifactNames == ["dump"])
        #expect(restore.secretNames == [])
        #expect(restore.deferPhase == nil)
    }

    @Test func acceptsAnUnnamedDeferPhase() throws {
        let value = SampleBlueprints.valid.setting(path("actions", "backup", "deferPhase", "name"), to: nil)
        let backup = try #require(try decode(value).action(named: "backup"))
        #expect(backup.deferPhase?.name == "")
    }

    @Test func readsCofferTimeoutsAndRetriesFromAnnotations() throws {
        let value = SampleBlueprints.valid.setting(
            path("metadata", "annotations"),
            to: [
                "coffer.dev/timeout.backup": "1h", "coffer.dev/timeout.backup.dumpToStore": "5m",
                "coffer.dev/retry.backup.dumpToStore": "attempts=3,backoff=10s",
                "coffer.dev/retry.backup.resume": "attempts=2",
            ])
        let backup = try #require(try decode(value).action(named: "backup"))
        #expect(backup.timeout == .seconds(3600))
        #expect(
            backup.phases[1].options
                == PhaseOptions(timeout: .seconds(300), retry: RetryPolicy(attempts: 3, backoff: .seconds(10))))
        #expect(backup.phases[0].options == PhaseOptions())
        #expect(backup.deferPhase?.options.retry == RetryPolicy(attempts: 2, backoff: RetryPolicy.defaultBackoff))
    }

    @Test(arguments: [
        ("coffer.dev/timeout.backup", "soon", #""soon" is not a positive Go duration such as 90s, 5m or 1h30m"#),
        ("coffer.dev/timeout.backup", "0s", #""0s" is not a positive Go duration such as 90s, 5m or 1h30m"#),
        (
            "coffer.dev/retry.backup.quiesce", "attempts=0",
            #"retry attempts must be a whole number of at least 1, got "0""#
        ),
        ("coffer.dev/retry.backup.quiesce", "3", #"expected attempts=N or attempts=N,backoff=DURATION, got "3""#),
        (
            "coffer.dev/retry.backup.quiesce", "attempts=2,backoff=x",
            #"retry backoff "x" is not a Go duration such as 2s or 1m"#
        ),
    ])
    func malformedCofferAnnotationIsAnErrorAtItsValue(key: String, text: String, message: String) throws {
        let test = TestDocument(
            SampleBlueprints.valid.setting(
                path("metadata", "annotations"), to: .object(ValueMap([(key, .string(text))]))))
        let error = try #require(throws: BlueprintError.self) { try Blueprint(document: test.document) }
        #expect(error.code == .invalidExtension)
        #expect(error.message == message)
        #expect(error.position == test.position(of: text, onLineWith: key))
    }

    @Test func missingPhaseNameIsAnErrorAtThePhase() throws {
        let test = TestDocument(SampleBlueprints.valid.setting(path("actions", "delete", "phases", 0, "name"), to: nil))
        let error = try #require(throws: BlueprintError.self) { try Blueprint(document: test.document) }
        #expect(error.code == .invalidDocument)
        #expect(error.path == path("actions", "delete", "phases", 0))
        #expect(error.position == test.position(of: "func: LocationDelete"))
        #expect(error.description == "\(try #require(error.position)): missing required property \"name\"")
    }

    @Test func wrongTypeIsAnErrorAtTheValue() throws {
        let test = TestDocument(
            SampleBlueprints.valid.setting(path("actions", "restore", "inputArtifactNames"), to: "dump"))
        let error = try #require(throws: BlueprintError.self) { try Blueprint(document: test.document) }
        #expect(error.message == "expected array, got string")
        #expect(error.position == test.position(of: "dump", onLineWith: "inputArtifactNames: dump"))
    }

    @Test func otherKindIsRejected() throws {
        let test = TestDocument(SampleBlueprints.valid.setting(path("kind"), to: "ActionSet"))
        let error = try #require(throws: BlueprintError.self) { try Blueprint(document: test.document) }
        #expect(error.message == #"expected kind "Blueprint", got "ActionSet""#)
    }

    // MARK: - ActionSet

    static let actionSet: Value = [
        "apiVersion": "cr.kanister.io/v1alpha1",
        "kind": "ActionSet",
        "metadata": ["generateName": "backup-", "namespace": "kanister"],
        "spec": [
            "actions": [
                [
                    "name": "backup",
                    "blueprint": "postgres-bp",
                    "object": ["kind": "StatefulSet", "name": "db", "namespace": "default"],
                    "artifacts": ["dump": ["keyValue": ["path": "s3://b/x"]]],
                    "configMaps": ["location": ["name": "loc", "namespace": "kanister"]],
                    "secrets": ["aws": ["name": "creds", "namespace": "kanister"]],
                    "profile": ["name": "s3", "namespace": "kanister"],
                    "podOverride": ["nodeSelector": ["disk": "ssd"]],
                    "options": ["kanisterImage": "img"],
                    "preferredVersion": "v1.0.0",
                    "podLabels": ["team": "db"],
                    "podAnnotations": ["note": "x"],
                ]
            ]
        ],
    ]

    @Test func readsAnActionSet() throws {
        let set = try ActionSet(document: TestDocument(Self.actionSet).document)
        #expect(set.name == nil)
        #expect(set.generateName == "backup-")
        #expect(set.namespace == "kanister")
        let action = try #require(set.actions.first)
        #expect(action.name == "backup")
        #expect(action.blueprint == "postgres-bp")
        #expect(action.object == ObjectReference(kind: "StatefulSet", name: "db", namespace: "default"))
        #expect(action.artifacts["dump"]?["path"] == "s3://b/x")
        #expect(action.configMaps["location"]?.name == "loc")
        #expect(action.secrets["aws"]?.name == "creds")
        #expect(action.profile?.name == "s3")
        #expect(action.repositoryServer == nil)
        #expect(action.podOverride?["nodeSelector"] == ["disk": "ssd"])
        #expect(action.options == ["kanisterImage": "img"])
        #expect(action.preferredVersion == "v1.0.0")
        #expect(action.podLabels == ["team": "db"])
        #expect(action.podAnnotations == ["note": "x"])
        #expect(action.path == path("spec", "actions", 0))
    }

    @Test func actionSetActionWithoutObjectIsAnError() throws {
        let value = Self.actionSet.setting(path("spec", "actions", 0, "object"), to: nil)
        let error = try #require(throws: BlueprintError.self) { try ActionSet(document: TestDocument(value).document) }
        #expect(error.message == #"missing required property "object""#)
        #expect(error.path == path("spec", "actions", 0))
    }

    @Test func actionSetSchemaAcceptsTheSample() {
        #expect(JSONSchema.actionSet.violations(of: Self.actionSet) == [])
    }

    @Test func actionSetSchemaRejectsTheOldPathArtifact() {
        let value = Self.actionSet.setting(path("spec", "actions", 0, "artifacts", "dump"), to: ["path": "s3://x"])
        #expect(
            JSONSchema.actionSet.violations(of: value).map(\.message) == [
                #"unknown property "path"; expected one of: keyValue, kopiaSnapshot"#
            ])
    }
}
