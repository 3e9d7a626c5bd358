import CofferCore
import Testing

@testable import CofferBlueprint

@Suite struct ActionRunnerTests {
    /// Uses every function Coffer runs; outputs flow from `dump` to later phases and the artifact.
    static let everyFunction = #"""
        apiVersion: cr.kanister.io/v1alpha1
        kind: Blueprint
        metadata:
          name: engine-bp
        actions:
          backup:
            kind: StatefulSet
            outputArtifacts:
              dump:
                keyValue:
                  path: "{{ .Phases.dump.Output.path }}"
                  replicas: "{{ .DeferPhase.Output.originalReplicaCount }}"
            phases:
            - func: ScaleWorkload
              name: quiesce
              args:
                replicas: 0
            - func: KubeExec
              name: dump
              objects:
                creds:
                  kind: Secret
                  name: "{{ .StatefulSet.Name }}-creds"
                  namespace: "{{ .StatefulSet.Namespace }}"
              args:
                namespace: "{{ .StatefulSet.Namespace }}"
                pod: "{{ index .StatefulSet.Pods 0 }}"
                container: postgres
                command: [dump, "{{ index .Phases.dump.Secrets.creds.Data \"password\" | toString }}"]
            - func: KubeExecAll
              name: flush
              args:
                namespace: "{{ .StatefulSet.Namespace }}"
                pods: "{{ range .StatefulSet.Pods }}{{ . }} {{ end }}"
                containers: postgres
                command: [sync]
            - func: KubeTask
              name: upload
              args:
                image: tools:1
                command: [upload, "{{ .Phases.dump.Output.path }}"]
                podLabels:
                  team: data
            - func: MultiContainerRun
              name: verify
              args:
                backgroundImage: server:1
                backgroundCommand: [serve]
                outputImage: client:1
                outputCommand: [check]
            - func: PrepareData
              name: prepare
              args:
                namespace: prod
                image: tools:1
                command: [prepare]
                volumes:
                  data-db-0: /data
            - func: KubeOps
              name: mark
              args:
                operation: patch
                objectReference:
                  apiVersion: v1beta1
                  group: postgres-operator.crunchydata.com
                  resource: postgresclusters
                  name: hippo
                  namespace: prod
                spec: '{"metadata": {"annotations": {"backup": "{{ .Phases.dump.Output.path }}"}}}'
            - func: WaitV2
              name: marked
              args:
                timeout: 1m
                conditions:
                  anyOf:
                  - objectReference:
                      apiVersion: v1beta1
                      group: postgres-operator.crunchydata.com
                      resource: postgresclusters
                      name: hippo
                      namespace: prod
                    condition: '{{ if .metadata.annotations.backup }}true{{ end }}'
            - func: Wait
              name: stopped
              args:
                timeout: 1m
                conditions:
                  allOf:
                  - objectReference:
                      apiVersion: v1
                      group: apps
                      resource: statefulsets
                      name: "{{ .StatefulSet.Name }}"
                      namespace: prod
                    condition: '{{ if eq "{$.spec.replicas}" "0" }}true{{ end }}'
            deferPhase:
              func: ScaleWorkload
              name: restart
              args:
                replicas: "{{ .Phases.quiesce.Output.originalReplicaCount }}"
        """#

    static func cluster(dumpExit: Int32 = 0) -> FakeCluster {
        FakeCluster(
            objects: EngineFixtures.objects,
            podScript: { pod in
                let image = pod["spec"]?["containers"]?.arrayValue?.first?["image"]?.stringValue ?? ""
                return FakeCluster.PodScript(
                    log: "working\n###Phase-output###: {\"key\":\"ran\",\"value\":\"\(image)\"}\n")
            },
            execScript: { _, _, command in
                guard command.first == "dump" else { return FakeCluster.ExecScript() }
                return FakeCluster.ExecScript(
                    stdout: "dumping\n###Phase-output###: {\"key\":\"path\",\"value\":\"/backups/db.sql\"}\n",
                    stderr: dumpExit == 0 ? "" : "pg_dump: connection refused", exitCode: dumpExit)
            })
    }

    static let request = RunRequest(action: "backup", object: EngineFixtures.statefulSetTarget)

    @Test func everySupportedFunctionRunsAndOutputsFlowToLaterPhasesAndArtifacts() async throws {
        let cluster = Self.cluster()
        let runner = EngineFixtures.runner(try EngineFixtures.blueprint(Self.everyFunction), cluster)

        let record = try await runner.run(Self.request)

        #expect(record.error == nil)
        #expect(record.state == .complete)
        #expect(record.phases.map(\.state) == Array(repeating: .complete, count: 9))
        #expect(record.deferPhase?.state == .complete)
        #expect(record.artifacts["dump"]?.keyValue == ["path": "/backups/db.sql", "replicas": "0"])
        #expect(record.phases[0].output == ["originalReplicaCount": 2])
        #expect(record.phases[3].output == ["ran": "tools:1"])
        #expect(record.phases[4].output == ["ran": "server:1"])
        #expect(cluster.calls.contains("exec prod/db-0/postgres dump s3cret-pass"))
        #expect(cluster.calls.contains("exec prod/db-1/postgres sync"))
        #expect(!cluster.calls.contains { $0.hasPrefix("exec prod/stranger") })
        #expect(cluster.objects(.pods).count == 3, "every pod a function created is deleted")
        let patch = try #require(cluster.patches.first)
        #expect(patch.type == .merge)
        #expect(cluster.object(.statefulSets, namespace: "prod", name: "db")?["spec"]?["replicas"] == 2)
    }

    @Test func deferPhaseRunsAfterAFailingPhaseAndArtifactsAreNotRendered() async throws {
        let cluster = Self.cluster(dumpExit: 3)
        let runner = EngineFixtures.runner(try EngineFixtures.blueprint(Self.everyFunction), cluster)

        let record = try await runner.run(Self.request)

        #expect(record.state == .failed)
        #expect(record.phases.map(\.state) == [.complete, .failed] + Array(repeating: .pending, count: 7))
        #expect(record.deferPhase?.state == .complete)
        #expect(record.artifacts.isEmpty)
        #expect(
            record.error
                == "phase \"dump\" (KubeExec): command in pod \"db-0\" container \"postgres\" exited with code 3: pg_dump: connection refused"
        )
        #expect(cluster.object(.statefulSets, namespace: "prod", name: "db")?["spec"]?["replicas"] == 2)
    }

    @Test func secretValuesNeverEnterTheRecord() async throws {
        let cluster = FakeCluster(
            objects: EngineFixtures.objects,
            execScript: { _, _, command in
                FakeCluster.ExecScript(
                    stdout: "###Phase-output###: {\"key\":\"echo\",\"value\":\"pw=\(command[1])\"}\n", exitCode: 0)
            })
        let blueprint = try EngineFixtures.blueprint(
            #"""
            apiVersion: cr.kanister.io/v1alpha1
            kind: Blueprint
            metadata: {name: bp}
            actions:
              backup:
                outputArtifacts:
                  copy: {keyValue: {echo: "{{ .Phases.leak.Output.echo }}"}}
                phases:
                - func: KubeExec
                  name: leak
                  objects:
                    creds: {kind: Secret, name: db-creds, namespace: prod}
                  args:
                    namespace: prod
                    pod: db-0
                    command: [echo, "{{ index .Phases.leak.Secrets.creds.Data \"password\" | toString }}"]
            """#)
        let journal = MemoryRunJournal()
        let runner = EngineFixtures.runner(blueprint, cluster, journal: journal)

        let record = try await runner.run(Self.request)

        #expect(record.phases[0].output == ["echo": "pw=<redacted>"])
        #expect(record.artifacts["copy"]?.keyValue == ["echo": "pw=<redacted>"])
        let stored = try #require(await journal.load(record.id))
        #expect(!stored.value.jsonString().contains("s3cret-pass"))
    }

    @Test func unsupportedFunctionFailsValidationBeforeAnythingRuns() async throws {
        let cluster = Self.cluster()
        let blueprint = try EngineFixtures.blueprint(
            """
            apiVersion: cr.kanister.io/v1alpha1
            kind: Blueprint
            metadata: {name: bp}
            actions:
              backup:
                phases:
                - func: KubeTask
                  name: first
                  args: {image: a, command: [b]}
                - func: BackupData
                  name: data
                  args: {namespace: a, pod: b, container: c, includePath: /d, backupArtifactPrefix: e}
            """)
        let runner = EngineFixtures.runner(blueprint, cluster)

        let error = await #expect(throws: BlueprintError.self) { try await runner.run(Self.request) }

        #expect(error?.code == .unsupportedFunction)
        #expect(error?.description == "bp.yaml:10:13: function \"BackupData\" is not supported by Coffer yet")
        #expect(cluster.calls.isEmpty)
    }

    @Test func argumentKeysAreCheckedAgainAfterRendering() async throws {
        let blueprint = try EngineFixtures.blueprint(
            """
            apiVersion: cr.kanister.io/v1alpha1
            kind: Blueprint
            metadata: {name: bp}
            actions:
              backup:
                phases:
                - func: KubeTask
                  name: first
                  args:
                    image: a
                    command: [b]
                    "{{ .Options.extra }}": c
            """)
        let runner = EngineFixtures.runner(blueprint, Self.cluster())
        var request = Self.request
        request.options = ["extra": "imagePullPolicy"]

        let record = try await runner.run(request)

        #expect(record.state == .failed)
        #expect(
            record.phases[0].error == "phase \"first\" (KubeTask): unknown argument \"imagePullPolicy\" for KubeTask")
    }

    @Test func templateParametersDescribeTheStatefulSetsOwnRunningPods() async throws {
        let runner = EngineFixtures.runner(try EngineFixtures.blueprint(Self.everyFunction), Self.cluster())

        let parameters = try await runner.buildParameters(Self.request, time: "t")

        let workload = try #require(parameters.workload)
        #expect(workload.pods == ["db-0", "db-1"])
        #expect(workload.containers == [["postgres", "exporter"], ["postgres", "exporter"]])
        #expect(
            workload.persistentVolumeClaims == [
                "db-0": ["data-db-0": "/var/lib/pg"], "db-1": ["data-db-1": "/var/lib/pg"],
            ])
        #expect(parameters.object["metadata"]?["uid"] == "uid-db")
    }

    @Test func aMissingTargetFailsTheRunBeforeAnyPhase() async throws {
        let cluster = Self.cluster()
        let runner = EngineFixtures.runner(try EngineFixtures.blueprint(Self.everyFunction), cluster)

        let record = try await runner.run(
            RunRequest(action: "backup", object: ObjectReference(kind: "StatefulSet", name: "gone", namespace: "prod")))

        #expect(record.state == .failed)
        #expect(record.error == "preparing the run: StatefulSet \"gone\" not found in namespace \"prod\"")
        #expect(record.deferPhase?.state == .pending)
        #expect(cluster.calls.isEmpty)
    }

    @Test func theOutputRecordHasTheShapeCofferRunPrints() async throws {
        let blueprint = try EngineFixtures.blueprint(
            """
            apiVersion: cr.kanister.io/v1alpha1
            kind: Blueprint
            metadata: {name: bp}
            actions:
              backup:
                outputArtifacts:
                  dump: {keyValue: {path: "{{ .Phases.dump.Output.path }}"}}
                phases:
                - func: KubeExec
                  name: dump
                  args: {namespace: prod, pod: db-0, command: [dump]}
            """)
        let record = try await EngineFixtures.runner(blueprint, Self.cluster()).run(Self.request)

        #expect(
            record.outputValue.jsonString(sortedKeys: true)
                == #"{"action":"backup","artifacts":{"dump":{"keyValue":{"path":"/backups/db.sql"}}},"blueprint":"bp","id":"run-1","object":"StatefulSet/prod/db","phases":[{"attempts":1,"finishedAt":"2026-01-01T00:00:00Z","func":"KubeExec","name":"dump","output":{"path":"/backups/db.sql"},"startedAt":"2026-01-01T00:00:00Z","state":"complete"}],"state":"complete"}"#
        )
    }
}
