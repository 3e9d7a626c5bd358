import CofferCore
import CofferTestSupport
import Foundation
import Testing

@testable import CofferSandbox

/// The environment a pod's command sees, built as the kubelet builds it, checked through `kubectl logs`.
@Suite(.serialized)
struct PodEnvironmentTests {
    static let objects = """
        apiVersion: v1
        kind: Secret
        metadata: {name: creds}
        stringData: {password: s3cret, user: admin}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings}
        data: {mode: fast}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: my-db}
        spec:
          selector: {app: db}
          ports:
          - {name: sql, port: 5432, targetPort: 15432}
          - {name: metrics, port: 9187, protocol: TCP}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: headless}
        spec:
          clusterIP: None
          ports: [{port: 80}]

        """

    @Test func envResolvesSecretsConfigMapsFieldsAndEnvFrom() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        try sandbox.kubectlOK(["apply", "-f", "-"], stdin: Self.objects)
        try sandbox.kubectlOK(
            ["apply", "-f", "-"],
            stdin: """
                apiVersion: v1
                kind: Pod
                metadata: {name: printer, labels: {tier: backend}}
                spec:
                  restartPolicy: Never
                  containers:
                  - name: main
                    image: busybox
                    command: [sh, -c, 'echo "$PASSWORD|$MODE|$MISSING|$POD|$NS|$IP|$TIER|$CFG_mode|$SEC_user|$LITERAL"']
                    envFrom:
                    - {configMapRef: {name: settings}, prefix: CFG_}
                    - {secretRef: {name: creds}, prefix: SEC_}
                    env:
                    - {name: PASSWORD, valueFrom: {secretKeyRef: {name: creds, key: password}}}
                    - {name: MODE, valueFrom: {configMapKeyRef: {name: settings, key: mode}}}
                    - {name: MISSING, valueFrom: {configMapKeyRef: {name: settings, key: absent, optional: true}}}
                    - {name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
                    - {name: NS, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}
                    - {name: IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
                    - {name: TIER, valueFrom: {fieldRef: {fieldPath: "metadata.labels['tier']"}}}
                    - {name: CFG_mode, value: overridden}
                    - {name: LITERAL, value: plain}
                """)
        try sandbox.kubectlOK(["wait", "--for=jsonpath={.status.phase}=Succeeded", "pod/printer", "--timeout=60s"])
        #expect(
            try sandbox.kubectlOK(["logs", "printer"])
                == "s3cret|fast||printer|default|127.0.0.1|backend|overridden|admin|plain\n")
    }

    @Test func serviceVariablesPointAtThisHostAndThePortPodsListenOn() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        try sandbox.kubectlOK(["apply", "-f", "-"], stdin: Self.objects)
        try sandbox.kubectlOK([
            "run", "links", "--image=busybox", "--restart=Never", "--command", "--", "sh", "-c",
            "env | grep -E '^(MY_DB|HEADLESS)_' | sort",
        ])
        try sandbox.kubectlOK(["wait", "--for=jsonpath={.status.phase}=Succeeded", "pod/links", "--timeout=60s"])
        #expect(
            try sandbox.kubectlOK(["logs", "links"]) == """
                MY_DB_PORT=tcp://127.0.0.1:15432
                MY_DB_PORT_5432_TCP=tcp://127.0.0.1:15432
                MY_DB_PORT_5432_TCP_ADDR=127.0.0.1
                MY_DB_PORT_5432_TCP_PORT=15432
                MY_DB_PORT_5432_TCP_PROTO=tcp
                MY_DB_PORT_9187_TCP=tcp://127.0.0.1:9187
                MY_DB_PORT_9187_TCP_ADDR=127.0.0.1
                MY_DB_PORT_9187_TCP_PORT=9187
                MY_DB_PORT_9187_TCP_PROTO=tcp
                MY_DB_SERVICE_HOST=127.0.0.1
                MY_DB_SERVICE_PORT=15432
                MY_DB_SERVICE_PORT_METRICS=9187
                MY_DB_SERVICE_PORT_SQL=15432

                """)
    }

    @Test func enableServiceLinksFalseLeavesServiceVariablesOut() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        try sandbox.kubectlOK(["apply", "-f", "-"], stdin: Self.objects)
        try sandbox.kubectlOK(
            ["apply", "-f", "-"],
            stdin: """
                apiVersion: v1
                kind: Pod
                metadata: {name: unlinked}
                spec:
                  restartPolicy: Never
                  enableServiceLinks: false
                  containers: [{name: main, image: busybox, command: [sh, -c, 'echo "[$MY_DB_SERVICE_HOST]"']}]
                """)
        try sandbox.kubectlOK(["wait", "--for=jsonpath={.status.phase}=Succeeded", "pod/unlinked", "--timeout=60s"])
        #expect(try sandbox.kubectlOK(["logs", "unlinked"]) == "[]\n")
    }

    @Test func aMissingSecretKeepsThePodWaitingWithCreateContainerConfigError() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        try sandbox.kubectlOK(
            ["apply", "-f", "-"],
            stdin: """
                apiVersion: v1
                kind: Pod
                metadata: {name: orphan}
                spec:
                  restartPolicy: Never
                  containers:
                  - name: main
                    image: busybox
                    command: [sh, -c, 'echo ran']
                    env: [{name: X, valueFrom: {secretKeyRef: {name: nowhere, key: x}}}]
                """)
        try sandbox.kubectlOK([
            "wait", "--for=jsonpath={.status.containerStatuses[0].state.waiting.reason}=CreateContainerConfigError",
            "pod/orphan", "--timeout=60s",
        ])
        let pod = try sandbox.kubectlJSON(["get", "pod", "orphan"])
        #expect(pod["status"]?["phase"] == "Pending")
        #expect(
            pod["status"]?["containerStatuses"]?.arrayValue?.first?["state"]?["waiting"]?["message"]
                == "secret \"nowhere\" not found")
    }

    @Test func secretStringDataIsStoredBase64InData() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        try sandbox.kubectlOK(["apply", "-f", "-"], stdin: Self.objects)
        let secret = try sandbox.kubectlJSON(["get", "secret", "creds"])
        #expect(secret["data"] == ["password": "czNjcmV0", "user": "YWRtaW4="])
        #expect(secret["stringData"] == nil)
    }
}
