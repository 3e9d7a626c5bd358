import CofferTestSupport
import Foundation
import Testing

/// One action calling every function Coffer runs, on a StatefulSet in the sandbox: outputs flow from
/// phase to phase and into the artifacts, and the workload ends as it started.
@Suite(.serialized)
struct EveryFunctionSandboxTests {
    static let blueprint = #"""
        apiVersion: cr.kanister.io/v1alpha1
        kind: Blueprint
        metadata: {name: every-function}
        actions:
          everything:
            outputArtifacts:
              summary:
                keyValue:
                  originalReplicas: "{{ .Phases.scaleDown.Output.originalReplicaCount }}"
                  execAll: "{{ .Phases.execAll.Output.seen }}"
                  prepared: "{{ .Phases.prepare.Output.prepared }}"
                  shared: "{{ .Phases.multi.Output.shared }}"
                  task: "{{ .Phases.task.Output.summary }}"
            phases:
            - func: ScaleWorkload
              name: scaleDown
              args: {namespace: "{{ .StatefulSet.Namespace }}", name: "{{ .StatefulSet.Name }}", kind: statefulset, replicas: 1}
            - func: Wait
              name: waitForOneReady
              args:
                timeout: 1m
                conditions:
                  allOf:
                  - objectReference: {apiVersion: v1, group: apps, resource: statefulsets, name: "{{ .StatefulSet.Name }}", namespace: "{{ .StatefulSet.Namespace }}"}
                    condition: '{{ if and (eq "{$.spec.replicas}" "1") (eq "{$.status.readyReplicas}" "1") }}true{{ else }}false{{ end }}'
            - func: KubeExecAll
              name: execAll
              args:
                namespace: "{{ .StatefulSet.Namespace }}"
                pods: "{{ index .StatefulSet.Pods 0 }}"
                containers: "{{ index .StatefulSet.Containers 0 0 }}"
                command: [sh, -c, 'echo "###Phase-output###: {\"key\":\"seen\",\"value\":\"$HOSTNAME\"}"']
            - func: KubeExec
              name: exec
              args:
                namespace: "{{ .StatefulSet.Namespace }}"
                pod: "{{ index .StatefulSet.Pods 0 }}"
                command: [sh, -c, 'echo "###Phase-output###: {\"key\":\"echo\",\"value\":\"{{ .Phases.execAll.Output.seen }}-again\"}"']
            - func: PrepareData
              name: prepare
              args:
                namespace: "{{ .StatefulSet.Namespace }}"
                image: busybox
                volumes: {data-db-0: /data}
                command: [sh, -c, 'echo "###Phase-output###: {\"key\":\"prepared\",\"value\":\"{{ .Phases.exec.Output.echo }}\"}"']
            - func: MultiContainerRun
              name: multi
              args:
                namespace: "{{ .StatefulSet.Namespace }}"
                sharedVolumeDir: "{{ .Options.shared }}"
                backgroundImage: busybox
                backgroundCommand: [sh, -c, 'echo from-background > {{ .Options.shared }}/note; sleep 600']
                outputImage: busybox
                outputCommand:
                - sh
                - -c
                - |-
                  while [ ! -s {{ .Options.shared }}/note ]; do sleep 0.1; done
                  echo "###Phase-output###: {\"key\":\"shared\",\"value\":\"$(cat {{ .Options.shared }}/note)\"}"
            - func: KubeTask
              name: task
              args:
                namespace: "{{ .StatefulSet.Namespace }}"
                image: busybox
                command: [sh, -c, 'echo "###Phase-output###: {\"key\":\"summary\",\"value\":\"{{ .Phases.prepare.Output.prepared }}+{{ .Phases.multi.Output.shared }}\"}"']
            - func: KubeOps
              name: record
              args:
                operation: create
                namespace: "{{ .StatefulSet.Namespace }}"
                spec: |
                  apiVersion: v1
                  kind: ConfigMap
                  metadata: {name: every-function}
                  data: {summary: "{{ .Phases.task.Output.summary }}"}
            - func: WaitV2
              name: waitForRecord
              args:
                timeout: 1m
                conditions:
                  anyOf:
                  - objectReference: {apiVersion: v1, resource: configmaps, name: every-function, namespace: "{{ .StatefulSet.Namespace }}"}
                    condition: '{{ if .data.summary }}true{{ else }}false{{ end }}'
            - func: ScaleWorkload
              name: scaleBack
              args:
                namespace: "{{ .StatefulSet.Namespace }}"
                name: "{{ .StatefulSet.Name }}"
                kind: statefulset
                replicas: "{{ .Phases.scaleDown.Output.originalReplicaCount }}"
        """#

    static let workload = """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db, namespace: default}
        spec:
          replicas: 2
          serviceName: db
          selector: {matchLabels: {app: db}}
          template:
            metadata: {labels: {app: db}}
            spec:
              containers:
              - {name: main, image: busybox, command: [sleep, "3600"]}
        ---
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: data-db-0, namespace: default}
        spec:
          accessModes: [ReadWriteOnce]
          resources: {requests: {storage: 1Gi}}
        """

    @Test func everySupportedFunctionRunsAndItsOutputsReachLaterPhasesAndTheArtifacts() throws {
        let sandbox = try Sandbox(blueprint: Self.blueprint)
        defer { sandbox.stop() }
        let manifests = sandbox.directory.appendingPathComponent("workload.yaml")
        try Data(Self.workload.utf8).write(to: manifests)
        _ = try sandbox.kubectl(["apply", "-f", manifests.path])
        _ = try sandbox.kubectl(["rollout", "status", "statefulset/db", "--timeout=60s"])
        // The pods of MultiContainerRun share this folder as their `sharedVolumeDir`.
        let shared = sandbox.directory.appendingPathComponent("shared")
        try FileManager.default.createDirectory(
            at: shared, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o777])

        let run = try CofferProcess.run(
            ["run", "everything", "--blueprint", sandbox.blueprintPath, "--object", "statefulset/default/db",
             "--options", "shared=\(shared.path)", "-o", "json"] + sandbox.commonArguments)

        #expect(run.exitCode == 0, "\(run.stderr)\n\(run.stdout)")
        let line = try #require(run.stdout.split(separator: "\n").last)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let phases = try #require(record["phases"] as? [[String: Any]])
        #expect(
            phases.map { $0["func"] as? String } == [
                "ScaleWorkload", "Wait", "KubeExecAll", "KubeExec", "PrepareData", "MultiContainerRun", "KubeTask",
                "KubeOps", "WaitV2", "ScaleWorkload",
            ])
        #expect(phases.allSatisfy { $0["state"] as? String == "complete" })
        let summary = (record["artifacts"] as? [String: [String: Any]])?["summary"]?["keyValue"] as? [String: String]
        #expect(
            summary == [
                "originalReplicas": "2", "execAll": "db-0", "prepared": "db-0-again", "shared": "from-background",
                "task": "db-0-again+from-background",
            ])
        #expect(try sandbox.kubectl(["get", "configmap", "every-function", "-o", "jsonpath={.data.summary}"])
            == "db-0-again+from-background")
        #expect(try sandbox.kubectl(["get", "statefulset", "db", "-o", "jsonpath={.spec.replicas}"]) == "2")
        // Every pod a phase created is gone again.
        let pods = try sandbox.kubectl(["get", "pods", "-o", "name"])
        #expect(!pods.contains("prepare-data-job-") && !pods.contains("multi-container-job-") && !pods.contains("kanister-job-"))
    }
}
