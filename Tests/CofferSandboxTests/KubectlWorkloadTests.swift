import CofferCore
import CofferTestSupport
import Foundation
import Testing

@testable import CofferSandbox

/// kubectl against the sandbox: JSON patch, exec, logs, workloads, watches and the peers' real CRDs.
@Suite(.serialized)
struct KubectlWorkloadTests {
    @Test func jsonPatchAddsAndAFailedTestOperationIsRefused() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        try sandbox.kubectlOK(["create", "configmap", "c", "--from-literal=a=1"])
        try sandbox.kubectlOK([
            "patch", "configmap", "c", "--type", "json", "-p", #"[{"op":"add","path":"/data/b","value":"2"}]"#,
        ])
        let failed = try sandbox.kubectl(
            ["patch", "configmap", "c", "--type", "json", "-p", #"[{"op":"test","path":"/data/b","value":"3"}]"#])
        #expect(failed.exitCode == 1)
        #expect(try sandbox.kubectlJSON(["get", "configmap", "c"])["data"] == ["a": "1", "b": "2"])
    }

    @Test func removingTheLastAnnotationOrLabelLeavesNoEmptyMapBehind() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        try sandbox.kubectlOK(["create", "configmap", "c", "--from-literal=a=1"])
        try sandbox.kubectlOK(["annotate", "configmap", "c", "note=x"])
        try sandbox.kubectlOK(["label", "configmap", "c", "tier=db"])
        try sandbox.kubectlOK(["annotate", "configmap", "c", "note-"])
        try sandbox.kubectlOK(["label", "configmap", "c", "tier-"])
        let metadata = try sandbox.kubectlJSON(["get", "configmap", "c"])["metadata"]
        #expect(metadata?["annotations"] == nil)
        #expect(metadata?["labels"] == nil)
    }

    @Test func execRunsTheCommandAndReportsItsExitCode() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        try sandbox.kubectlOK(["run", "shell", "--image=busybox"])
        #expect(try sandbox.kubectlOK(["exec", "shell", "--", "echo", "hello"]) == "hello\n")
        let failing = try sandbox.kubectl(["exec", "shell", "--", "sh", "-c", "echo out; echo err >&2; exit 3"])
        #expect(failing.exitCode == 3)
        #expect(failing.stdout == "out\n")
        #expect(failing.stderr.contains("err\n"))
        #expect(failing.stderr.contains("command terminated with exit code 3"))
        #expect(try sandbox.kubectlOK(["exec", "-i", "shell", "--", "cat"], stdin: "typed\n") == "typed\n")
        // As root, the sandbox runs pod commands as an unprivileged user, never as root.
        let user = try sandbox.kubectlOK(["exec", "shell", "--", "id", "-u"])
        #expect(getuid() == 0 ? user == "65534\n" : user == "\(getuid())\n")
    }

    @Test func taskPodRunsItsCommandAndSucceedsWithLogs() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        try sandbox.kubectlOK([
            "run", "task", "--image=busybox", "--restart=Never", "--command", "--", "sh", "-c", "echo one; echo two",
        ])
        try sandbox.kubectlOK(["wait", "--for=jsonpath={.status.phase}=Succeeded", "pod/task", "--timeout=60s"])
        #expect(try sandbox.kubectlOK(["logs", "task"]) == "one\ntwo\n")
        #expect(try sandbox.kubectlOK(["logs", "task", "--tail=1"]) == "two\n")
    }

    @Test func aTaskPodRunsItsInitContainersFirstThenEveryContainer() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        let shared = try Fixtures.temporaryDirectory("coffer-sandbox-shared")
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: shared.path)
        let note = shared.appendingPathComponent("note").path
        try sandbox.kubectlOK(["create", "configmap", "greeting", "--from-literal=text=init"])
        try sandbox.kubectlOK(
            ["apply", "-f", "-"],
            stdin: """
                apiVersion: v1
                kind: Pod
                metadata: {name: multi}
                spec:
                  restartPolicy: Never
                  initContainers:
                  - name: prepare
                    image: busybox
                    command: [sh, -c, "echo $GREETING > \(note)"]
                    env: [{name: GREETING, valueFrom: {configMapKeyRef: {name: greeting, key: text}}}]
                  containers:
                  - {name: first, image: busybox, command: [sh, -c, "cat \(note); echo first >> \(note)"]}
                  - {name: second, image: busybox, command: [sh, -c, "while ! grep -q first \(note); do sleep 0.1; done; echo second sees $(wc -l < \(note)) lines; exit 4"]}
                """)
        // Following one container's log ends when that container does, whatever the others do.
        #expect(try sandbox.kubectlOK(["logs", "-f", "multi", "-c", "first"]) == "init\n")
        try sandbox.kubectlOK(["wait", "--for=jsonpath={.status.phase}=Failed", "pod/multi", "--timeout=60s"])
        #expect(try sandbox.kubectlOK(["logs", "multi", "-c", "second"]) == "second sees 2 lines\n")
        let statuses = try sandbox.kubectlJSON(["get", "pod", "multi"])["status"]?["containerStatuses"]?.arrayValue ?? []
        #expect(statuses.map { $0["state"]?["terminated"]?["exitCode"]?.intValue } == [0, 4])
    }

    @Test func aTaskPodEndsWithItsMainProcessAndTakesWhatItLeftRunningWithIt() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        try sandbox.kubectlOK([
            "run", "daemonizes", "--image=busybox", "--restart=Never", "--command", "--", "sh", "-c",
            "sleep 600 & echo $!",
        ])
        try sandbox.kubectlOK(["wait", "--for=jsonpath={.status.phase}=Succeeded", "pod/daemonizes", "--timeout=60s"])
        let pid = try #require(Int32(try sandbox.kubectlOK(["logs", "daemonizes"]).trimmingCharacters(in: .whitespacesAndNewlines)))
        // Gone, or at most a zombie waiting for its new parent to reap it: never still sleeping.
        let state = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?
            .split(separator: ")").last?.split(separator: " ").first
        #expect(state == nil || state == "Z", "the background process is still \(state.map(String.init) ?? "")")
    }

    @Test func aFailingInitContainerFailsTheTaskPodBeforeAnyContainerRuns() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        try sandbox.kubectlOK(
            ["apply", "-f", "-"],
            stdin: """
                apiVersion: v1
                kind: Pod
                metadata: {name: broken-init}
                spec:
                  restartPolicy: Never
                  initContainers:
                  - {name: prepare, image: busybox, command: [sh, -c, "exit 2"]}
                  containers:
                  - {name: main, image: busybox, command: [sh, -c, "echo should not run"]}
                """)
        try sandbox.kubectlOK(["wait", "--for=jsonpath={.status.phase}=Failed", "pod/broken-init", "--timeout=60s"])
        let status = try sandbox.kubectlJSON(["get", "pod", "broken-init"])["status"]
        let initStatus = status?["initContainerStatuses"]?.arrayValue?.first
        #expect(initStatus?["state"]?["terminated"]?["exitCode"]?.intValue == 2)
        let mainStatus = status?["containerStatuses"]?.arrayValue?.first
        #expect(mainStatus?["state"]?["waiting"]?["reason"]?.stringValue == "PodInitializing")
        #expect(try sandbox.kubectlOK(["logs", "broken-init", "-c", "main"]) == "")
    }

    @Test func followedLogsStreamUntilThePodEnds() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        try sandbox.kubectlOK([
            "run", "slow", "--image=busybox", "--restart=Never", "--command", "--", "sh", "-c",
            "echo first; sleep 1; echo second",
        ])
        #expect(try sandbox.kubectlOK(["logs", "-f", "slow"]) == "first\nsecond\n")
    }

    @Test func failingTaskPodEndsFailedWithItsExitCode() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        try sandbox.kubectlOK([
            "run", "bad", "--image=busybox", "--restart=Never", "--command", "--", "sh", "-c", "exit 4",
        ])
        try sandbox.kubectlOK(["wait", "--for=jsonpath={.status.phase}=Failed", "pod/bad", "--timeout=60s"])
        let pod = try sandbox.kubectlJSON(["get", "pod", "bad"])
        #expect(pod["status"]?["containerStatuses"]?.arrayValue?.first?["state"]?["terminated"]?["exitCode"] == 4)
    }

    @Test func jobCompletesWhenItsPodSucceeds() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        try sandbox.kubectlOK(["create", "job", "j", "--image=busybox", "--", "true"])
        try sandbox.kubectlOK(["wait", "--for=condition=Complete", "job/j", "--timeout=60s"])
        #expect(try sandbox.kubectlJSON(["get", "job", "j"])["status"]?["succeeded"] == 1)
    }

    @Test func statefulSetScalesItsOrdinalPodsAndReportsReadyReplicas() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        let statefulSet = """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db}
            spec:
              replicas: 2
              serviceName: db
              selector: {matchLabels: {app: db}}
              template:
                metadata: {labels: {app: db}}
                spec: {containers: [{name: pg, image: postgres}]}
            """
        try sandbox.kubectlOK(["apply", "-f", "-"], stdin: statefulSet)
        try sandbox.kubectlOK(["scale", "statefulset", "db", "--replicas=3"])
        try sandbox.kubectlOK(["wait", "--for=jsonpath={.status.readyReplicas}=3", "sts/db", "--timeout=30s"])
        #expect(
            try sandbox.kubectlOK(["get", "pods", "-l", "app=db", "-o", "name"]) == "pod/db-0\npod/db-1\npod/db-2\n")
        try sandbox.kubectlOK(["scale", "statefulset", "db", "--replicas=1"])
        #expect(try sandbox.kubectlOK(["get", "pods", "-l", "app=db", "-o", "name"]) == "pod/db-0\n")
    }

    @Test func statefulSetClaimsAreCreatedBoundAndMountedByTheirPods() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        let statefulSet = """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: pg}
            spec:
              replicas: 1
              serviceName: pg
              selector: {matchLabels: {app: pg}}
              template:
                metadata: {labels: {app: pg}}
                spec: {containers: [{name: pg, image: postgres}]}
              volumeClaimTemplates:
              - metadata: {name: data}
                spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 2Gi}}}
            """
        try sandbox.kubectlOK(["apply", "-f", "-"], stdin: statefulSet)
        let claim = try sandbox.kubectlJSON(["get", "pvc", "data-pg-0"])
        #expect(claim["status"]?["phase"] == "Bound")
        #expect(claim["status"]?["capacity"]?["storage"] == "2Gi")
        let pod = try sandbox.kubectlJSON(["get", "pod", "pg-0"])
        let volumes = pod["spec"]?["volumes"]?.arrayValue ?? []
        #expect(volumes.contains { $0["persistentVolumeClaim"]?["claimName"] == "data-pg-0" })
    }

    @Test func deletingADeploymentCollectsItsReplicaSetAndPods() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        try sandbox.kubectlOK(["create", "deployment", "web", "--image=nginx", "--replicas=2"])
        #expect(try sandbox.kubectlJSON(["get", "deployment", "web"])["status"]?["readyReplicas"] == 2)
        #expect(try sandbox.kubectlOK(["get", "pods", "-o", "name"]).split(separator: "\n").count == 2)
        try sandbox.kubectlOK(["delete", "deployment", "web"])
        #expect(try sandbox.kubectlOK(["get", "replicasets,pods", "-o", "name"]) == "")
    }

    @Test func watchSeesAddedModifiedDeletedInOrder() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        let list = try Value(json: try sandbox.kubectlOK(["get", "--raw", "/api/v1/namespaces/default/configmaps"]))
        let version = try #require(list["metadata"]?["resourceVersion"]?.stringValue)
        try sandbox.kubectlOK(["create", "configmap", "w"])
        try sandbox.kubectlOK(["label", "configmap", "w", "x=y"])
        try sandbox.kubectlOK(["delete", "configmap", "w"])
        // A watch from the list's resourceVersion replays everything since, in order.
        let events = try sandbox.kubectlOK([
            "get", "--raw", "/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=\(version)&timeoutSeconds=1",
        ])
        let types = try events.split(separator: "\n").map { try Value(json: String($0))["type"]?.stringValue ?? "" }
        #expect(types == ["ADDED", "MODIFIED", "DELETED"])
    }

    @Test func kubectlGetWatchPrintsAddedModifiedDeletedInOrder() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        try sandbox.kubectlOK(["create", "configmap", "seed"])
        let watch = try sandbox.startKubectl(["get", "configmaps", "-w", "--output-watch-events"])
        defer { watch.stop() }
        try await watch.wait { $0.contains("seed") }
        try sandbox.kubectlOK(["create", "configmap", "w"])
        try sandbox.kubectlOK(["label", "configmap", "w", "x=y"])
        try sandbox.kubectlOK(["delete", "configmap", "w"])
        try await watch.wait { $0.contains("DELETED") }
        let events = watch.output.split(separator: "\n").dropFirst().map {
            $0.split(separator: " ").prefix(2).joined(separator: " ")
        }
        #expect(events == ["ADDED seed", "ADDED w", "MODIFIED w", "DELETED w"])
    }

    @Test func watchWithInitialEventsEndsThemWithAnAnnotatedBookmark() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        try sandbox.kubectlOK(["create", "configmap", "seed"])
        let output = try sandbox.kubectlOK([
            "get", "--raw",
            "/api/v1/namespaces/default/configmaps?watch=1&sendInitialEvents=true&allowWatchBookmarks=true"
                + "&resourceVersionMatch=NotOlderThan&timeoutSeconds=1",
        ])
        let events = try output.split(separator: "\n").map { try Value(json: String($0)) }
        #expect(events.map { $0["type"]?.stringValue ?? "" } == ["ADDED", "BOOKMARK"])
        let bookmark = try #require(events.last)
        #expect(bookmark["object"]?["kind"] == "ConfigMap")
        #expect(bookmark["object"]?["metadata"]?["annotations"]?["k8s.io/initial-events-end"] == "true")
        #expect(
            bookmark["object"]?["metadata"]?["resourceVersion"]
                == events.first?["object"]?["metadata"]?["resourceVersion"])
    }

    @Test func watchFromACompactedResourceVersionIsGone() async throws {
        let sandbox = try await SandboxHarness.start()
        let directory = sandbox.directory
        try sandbox.kubectlOK(["create", "configmap", "old"])
        try await sandbox.stop()
        let restarted = try await SandboxHarness.start(directory: directory)
        defer { Task { try? await restarted.stop() } }
        let events = try restarted.kubectlOK([
            "get", "--raw", "/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=1&timeoutSeconds=1",
        ])
        let event = try Value(json: events)
        #expect(event["type"] == "ERROR")
        #expect(event["object"]?["code"] == 410)
        #expect(event["object"]?["reason"] == "Expired")
    }

    @Test func peerCRDsInstallAndValidateTheirResources() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        let crds = try FileManager.default.contentsOfDirectory(
            at: Fixtures.shared.appendingPathComponent("peers/crds"), includingPropertiesForKeys: nil
        ).filter { $0.pathExtension == "yaml" }
        #expect(crds.count == 4)
        for crd in crds { try sandbox.kubectlOK(["apply", "--server-side", "-f", crd.path]) }
        let cluster = """
            apiVersion: postgres-operator.crunchydata.com/v1beta1
            kind: PostgresCluster
            metadata: {name: hippo}
            spec:
              postgresVersion: 16
              instances:
              - name: instance1
                dataVolumeClaimSpec:
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 1Gi}}
              backups:
                pgbackrest:
                  repos:
                  - name: repo1
                    volume:
                      volumeClaimSpec:
                        accessModes: [ReadWriteOnce]
                        resources: {requests: {storage: 1Gi}}
            """
        try sandbox.kubectlOK(["apply", "-f", "-"], stdin: cluster)
        let backup = """
            apiVersion: postgresql.cnpg.io/v1
            kind: Backup
            metadata: {name: nightly}
            spec:
              cluster: {name: pg}
              method: barmanObjectStore
            """
        try sandbox.kubectlOK(["apply", "-f", "-"], stdin: backup)

        let tooOld = cluster.replacingOccurrences(of: "postgresVersion: 16", with: "postgresVersion: 7")
            .replacingOccurrences(of: "name: hippo", with: "name: old")
        let refused = try sandbox.kubectl(["apply", "-f", "-"], stdin: tooOld)
        #expect(refused.exitCode == 1)
        #expect(
            refused.stderr.contains(
                "The PostgresCluster \"old\" is invalid: spec.postgresVersion: Invalid value: 7: "
                    + "spec.postgresVersion in body should be greater than or equal to 11"))

        let badRepoName = cluster.replacingOccurrences(of: "- name: repo1", with: "- name: backups")
            .replacingOccurrences(of: "name: hippo", with: "name: badrepo")
        let patternRefused = try sandbox.kubectl(["apply", "-f", "-"], stdin: badRepoName)
        #expect(patternRefused.exitCode == 1)
        #expect(patternRefused.stderr.contains("The PostgresCluster \"badrepo\" is invalid: "))
        #expect(patternRefused.stderr.contains("spec.backups.pgbackrest.repos[0].name in body should match '^repo[1-4]'"))

        let wrongType = cluster.replacingOccurrences(of: "postgresVersion: 16", with: "postgresVersion: sixteen")
            .replacingOccurrences(of: "name: hippo", with: "name: typed")
        let typeRefused = try sandbox.kubectl(["apply", "-f", "-"], stdin: wrongType)
        #expect(typeRefused.exitCode == 1)
        #expect(typeRefused.stderr.contains("spec.postgresVersion in body must be of type integer: \"string\""))

        let tape = backup.replacingOccurrences(of: "method: barmanObjectStore", with: "method: tape")
            .replacingOccurrences(of: "name: nightly", with: "name: tape")
        let enumRefused = try sandbox.kubectl(["apply", "-f", "-"], stdin: tape)
        #expect(enumRefused.exitCode == 1)
        #expect(enumRefused.stderr.contains("spec.method: Unsupported value: \"tape\": supported values: "))
        // Nothing refused was stored.
        let names = try sandbox.kubectlOK(["get", "postgresclusters,backups.postgresql.cnpg.io", "-o", "name"])
        #expect(!names.contains("badrepo") && !names.contains("typed") && !names.contains("tape"))

        let unknown = cluster.replacingOccurrences(of: "postgresVersion: 16", with: "postgresVersion: 16\n  bogus: 1")
            .replacingOccurrences(of: "name: hippo", with: "name: pruned")
        try sandbox.kubectlOK(["apply", "--validate=false", "-f", "-"], stdin: unknown)
        let pruned = try sandbox.kubectlJSON(["get", "postgrescluster", "pruned"])
        #expect(pruned["spec"]?["bogus"] == nil)
        #expect(pruned["spec"]?["postgresVersion"] == 16)
        let strict = try sandbox.kubectl(
            ["apply", "-f", "-"], stdin: unknown.replacingOccurrences(of: "name: pruned", with: "name: strict"))
        #expect(strict.stderr.contains("strict decoding error: unknown field \"spec.bogus\""))
    }
}
