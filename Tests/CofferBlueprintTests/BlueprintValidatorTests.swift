import CofferCore
import Testing

@testable import CofferBlueprint

@Suite struct BlueprintValidatorTests {
    let validator = BlueprintValidator(templateChecker: FakeTemplateChecker())

    func diagnostics(_ value: Value) -> (TestDocument, [BlueprintDiagnostic]) {
        let test = TestDocument(value)
        return (test, validator.validate(test.document))
    }

    func changing(_ path: ValuePath, to value: Value?) -> Value {
        SampleBlueprints.valid.setting(path, to: value)
    }

    @Test func sampleBlueprintIsValid() {
        #expect(diagnostics(SampleBlueprints.valid).1 == [])
    }

    @Test func reportsSchemaErrors() throws {
        let (test, found) = diagnostics(changing(path("actions", "delete", "phases", 0, "func"), to: nil))
        let diagnostic = try #require(found.first)
        #expect(found.count == 1)
        #expect(diagnostic.code == .schema)
        #expect(diagnostic.position == test.position(of: "name: deleteDump"))
    }

    @Test func unknownFunctionIsReportedAtItsNameWithASuggestionAndTheKnownOnes() throws {
        let (test, found) = diagnostics(changing(path("actions", "delete", "phases", 0, "func"), to: "LocationDelet"))
        let diagnostic = try #require(found.first)
        #expect(found.count == 1)
        #expect(diagnostic.code == .unknownFunction)
        #expect(diagnostic.position == test.position(of: "LocationDelet"))
        #expect(diagnostic.path == path("actions", "delete", "phases", 0, "func"))
        #expect(
            diagnostic.message.hasPrefix(
                #"unknown function "LocationDelet" (did you mean "LocationDelete"?); known functions: BackupData, "#))
        #expect(diagnostic.message.hasSuffix("Wait, WaitForSnapshotCompletion, WaitV2"))
    }

    @Test func missingArgumentIsReportedAtTheArgsKey() throws {
        let (test, found) = diagnostics(changing(path("actions", "delete", "phases", 0, "args", "artifact"), to: nil))
        #expect(
            found.map(\.description) == [
                "\(try #require(test.position(of: "args: {}"))): missing required argument \"artifact\" for LocationDelete (at $.actions.delete.phases[0].args)"
            ])
        #expect(found.first?.code == .missingArgument)
    }

    @Test func missingArgumentsWithoutArgsAreReportedAtThePhase() throws {
        let (test, found) = diagnostics(changing(path("actions", "restore", "phases", 0, "args"), to: nil))
        #expect(
            found.map(\.message) == [
                #"missing required argument "image" for KubeTask"#,
                #"missing required argument "command" for KubeTask"#,
            ])
        #expect(
            found.allSatisfy {
                $0.position == test.position(of: "func: KubeTask", onLineWith: "- func: KubeTask", occurrence: 2)
            })
        #expect(found.first?.path == path("actions", "restore", "phases", 0))
    }

    @Test func unknownArgumentIsReportedAtItsKeyWithASuggestion() throws {
        let (test, found) = diagnostics(
            changing(path("actions", "backup", "phases", 0, "args", "waitForReadiness"), to: true))
        let diagnostic = try #require(found.first)
        #expect(found.count == 1)
        #expect(diagnostic.code == .unknownArgument)
        #expect(diagnostic.position == test.position(of: "waitForReadiness:"))
        #expect(
            diagnostic.message
                == #"unknown argument "waitForReadiness" for ScaleWorkload (did you mean "waitForReady"?); accepted: replicas, namespace, name, kind, waitForReady"#
        )
    }

    @Test func duplicatePhaseNameInAnActionIsReportedAtTheSecondName() throws {
        let (test, found) = diagnostics(changing(path("actions", "backup", "deferPhase", "name"), to: "quiesce"))
        let diagnostic = try #require(found.first { $0.code == .duplicatePhase })
        #expect(
            diagnostic.message
                == #"duplicate phase name "quiesce" in action "backup"; first used at $.actions.backup.phases[0]"#)
        #expect(diagnostic.position == test.position(of: "quiesce", onLineWith: "name: quiesce", occurrence: 2))
    }

    @Test func samePhaseNameInDifferentActionsIsAllowed() {
        // Upstream blueprints (aws-rds-postgres, elasticsearch-incremental) do this.
        let (_, found) = diagnostics(changing(path("actions", "delete", "phases", 0, "name"), to: "quiesce"))
        #expect(found == [])
    }

    @Test func reportsAllProblemsOrderedByPosition() {
        var value = changing(path("actions", "backup", "phases", 0, "func"), to: "Scale")
        value = value.setting(path("actions", "delete", "phases", 0, "args", "bucket"), to: "x")
        value = value.setting(path("actions", "restore", "phases", 0, "name"), to: nil)
        let (_, found) = diagnostics(value)
        #expect(found.map(\.code) == [.unknownFunction, .schema, .unknownArgument])
        #expect(found.map(\.position.line) == found.map(\.position.line).sorted())
    }

    // MARK: - Coffer annotations

    @Test func annotationNamingNoPhaseIsAnError() throws {
        let (test, found) = diagnostics(
            changing(path("metadata", "annotations"), to: ["coffer.dev/timeout.backup.dumpToStor": "5m"]))
        let diagnostic = try #require(found.first)
        #expect(found.count == 1)
        #expect(diagnostic.code == .invalidExtension)
        #expect(
            diagnostic.message
                == #"annotation "coffer.dev/timeout.backup.dumpToStor" names no action or phase (ACTION or ACTION.PHASE); did you mean "backup.dumpToStore"?"#
        )
        #expect(diagnostic.position == test.position(of: "coffer.dev/timeout.backup.dumpToStor:"))
    }

    @Test func retryOnAnActionIsAnError() {
        let (_, found) = diagnostics(
            changing(path("metadata", "annotations"), to: ["coffer.dev/retry.backup": "attempts=2"]))
        #expect(found.map(\.message) == [#"annotation "coffer.dev/retry.backup" names no phase (ACTION.PHASE)"#])
    }

    @Test func unknownCofferAnnotationIsAWarning() {
        let (_, found) = diagnostics(changing(path("metadata", "annotations"), to: ["coffer.dev/timeouts": "5m"]))
        #expect(found.map(\.severity) == [.warning])
        #expect(!BlueprintValidator.hasErrors(found))
    }

    @Test func malformedAnnotationValueIsReportedOnce() {
        let (_, found) = diagnostics(
            changing(path("metadata", "annotations"), to: ["coffer.dev/retry.backup.quiesce": "attempts=0"]))
        #expect(found.map(\.code) == [.invalidExtension])
        #expect(found.map(\.message) == [#"retry attempts must be a whole number of at least 1, got "0""#])
    }

    // MARK: - Templates

    func referenceFindings(_ value: Value) -> [String] {
        diagnostics(value).1.map { "\($0.severity) \($0.code): \($0.message) (at \($0.path))" }
    }

    @Test func templateSyntaxErrorIsReportedWhereTheCheckerPutsIt() throws {
        let (test, found) = diagnostics(
            changing(path("actions", "delete", "phases", 0, "args", "artifact"), to: "{{ .ArtifactsIn.dump"))
        let diagnostic = try #require(found.first)
        #expect(diagnostic.code == .template)
        #expect(diagnostic.message == "unclosed action")
        #expect(diagnostic.position == test.position(of: "{{ .ArtifactsIn.dump", onLineWith: "artifact: {{"))
    }

    @Test func phaseReadingALaterPhaseIsAnError() {
        let value = changing(
            path("actions", "backup", "phases", 0, "args", "namespace"), to: "{{ .Phases.dumpToStore.Output.ns }}")
        #expect(
            referenceFindings(value) == [
                #"error phaseNotYetRun: phase "dumpToStore" runs after phase "quiesce"; its values are not available yet (at $.actions.backup.phases[0].args.namespace)"#
            ])
    }

    @Test func phaseReadingItsOwnOutputIsAnError() {
        let value = changing(
            path("actions", "backup", "phases", 1, "args", "namespace"), to: "{{ .Phases.dumpToStore.Output.ns }}")
        #expect(
            referenceFindings(value) == [
                #"error ownOutput: phase "dumpToStore" cannot read its own output (at $.actions.backup.phases[1].args.namespace)"#
            ])
    }

    @Test func phaseMayReadItsOwnSecretsAndConfigMapsAndEarlierPhases() {
        let value = changing(
            path("actions", "backup", "phases", 1, "args", "namespace"),
            to: "{{ .Phases.dumpToStore.ConfigMaps.cfg.Data.ns }}{{ .Phases.quiesce.Output.originalReplicaCount }}")
        #expect(referenceFindings(value) == [])
    }

    @Test func phaseReadingTheDeferPhaseIsAnError() {
        let value = changing(
            path("actions", "backup", "phases", 1, "args", "namespace"),
            to: "{{ .Phases.resume.Output.x }}{{ .DeferPhase.Output.x }}")
        #expect(
            referenceFindings(value) == [
                #"error phaseNotYetRun: phase "resume" is the deferPhase, which runs after every other phase (at $.actions.backup.phases[1].args.namespace)"#,
                #"error phaseNotYetRun: the deferPhase runs after every other phase; .DeferPhase is not available yet (at $.actions.backup.phases[1].args.namespace)"#,
            ])
    }

    @Test func deferPhaseMayReadEveryPhaseButNotItsOwnOutput() {
        let value = changing(
            path("actions", "backup", "deferPhase", "args", "replicas"),
            to: "{{ .Phases.dumpToStore.Output.x }}{{ .Phases.resume.Output.y }}{{ .DeferPhase.Output.z }}")
        #expect(
            referenceFindings(value)
                == [
                    #"error ownOutput: the deferPhase cannot read its own output (at $.actions.backup.deferPhase.args.replicas)"#,
                    #"error ownOutput: the deferPhase cannot read its own output (at $.actions.backup.deferPhase.args.replicas)"#,
                ].uniqued())
    }

    @Test func outputArtifactsReadTheDeferPhaseAsDeferPhase() {
        let value = changing(
            path("actions", "backup", "outputArtifacts", "dump", "keyValue", "size"),
            to: "{{ .Phases.resume.Output.size }}")
        #expect(
            referenceFindings(value) == [
                #"error unknownPhase: the deferPhase's output is read as .DeferPhase.Output, not .Phases.resume.Output (at $.actions.backup.outputArtifacts.dump.keyValue.size)"#
            ])
    }

    @Test func outputArtifactsOfAnActionWithoutDeferPhaseCannotReadIt() {
        let value = changing(
            path("actions", "restore", "outputArtifacts"), to: ["x": ["keyValue": ["y": "{{ .DeferPhase.Output.y }}"]]])
        #expect(
            referenceFindings(value) == [
                #"error unknownPhase: action "restore" has no deferPhase; .DeferPhase is empty (at $.actions.restore.outputArtifacts.x.keyValue.y)"#
            ])
    }

    @Test func unknownPhaseListsTheActionsPhases() {
        let value = changing(
            path("actions", "backup", "outputArtifacts", "dump", "keyValue", "path"),
            to: "{{ .Phases.dump.Output.path }}")
        #expect(
            referenceFindings(value) == [
                #"error unknownPhase: unknown phase "dump" in action "backup"; it has quiesce, dumpToStore, resume (at $.actions.backup.outputArtifacts.dump.keyValue.path)"#
            ])
    }

    @Test func undeclaredInputArtifactIsAWarning() {
        // Kanister accepts it when the ActionSet provides the artifact; upstream blueprints rely on that.
        let value = changing(path("actions", "delete", "inputArtifactNames"), to: nil)
        #expect(
            referenceFindings(value) == [
                #"warning undeclaredArtifact: input artifact "dump" is not declared in inputArtifactNames of action "delete" (at $.actions.delete.phases[0].args.artifact)"#
            ])
    }

    @Test func templatesInObjectsAndMapKeysAreChecked() {
        var value = changing(
            path("actions", "backup", "phases", 0, "objects"), to: ["s": ["name": "{{ .Phases.resume.Output.n }}"]])
        value = value.setting(
            path("actions", "delete", "phases", 0, "args", "artifact"), to: ["{{ .Phases.nope.Output.k }}": "v"])
        let codes = diagnostics(value).1.filter { $0.code != .schema }.map(\.code)
        #expect(codes == [.phaseNotYetRun, .unknownPhase])
    }

    @Test func withoutATemplateCheckerTemplatesAreNotExamined() {
        let value = changing(
            path("actions", "backup", "phases", 0, "args", "namespace"), to: "{{ .Phases.nope.Output.x")
        #expect(BlueprintValidator(templateChecker: nil).validate(TestDocument(value).document) == [])
    }

    @Test func byDefaultTheEngineChecksTemplateSyntax() {
        let value = changing(
            path("actions", "backup", "phases", 0, "args", "namespace"), to: "{{ .Phases.nope.Output.x")
        let found = BlueprintValidator().validate(TestDocument(value).document)
        #expect(found.map(\.code) == [.template])
        #expect(found.first?.message == "template: unclosed action")
    }

    @Test func warningDescriptionSaysSo() throws {
        let (test, found) = diagnostics(changing(path("actions", "delete", "inputArtifactNames"), to: nil))
        let position = try #require(test.position(of: "{{ .ArtifactsIn.dump.KeyValue.path }}", onLineWith: "artifact:"))
        #expect(
            found.map(\.description) == [
                #"\#(position): warning: input artifact "dump" is not declared in inputArtifactNames of action "delete" (at $.actions.delete.phases[0].args.artifact)"#
            ])
    }
}

extension Array where Element: Hashable {
    fileprivate func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
