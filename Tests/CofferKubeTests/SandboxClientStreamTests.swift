import CofferCore
import CofferKube
import CofferTestSupport
import Foundation
import Testing

/// Watches, exec, logs and discovery against the real sandbox.
@Suite(.serialized)
struct SandboxClientStreamTests {
    @Test func watchDeliversAddedModifiedDeletedInOrder() async throws {
        let sandbox = try await ClientSandbox.start()
        defer { Task { try? await sandbox.stop() } }
        let client = try sandbox.client()
        let start = try await client.list(.configMaps, namespace: "default", labelSelector: "watched=yes")
        let recorder = WatchRecorder(
            client.watch(
                .configMaps, namespace: "default", labelSelector: "watched=yes",
                resourceVersion: start.resourceVersion))
        defer { recorder.cancel() }
        _ = try await client.create(.configMaps, namespace: "default", configMap("w", labels: ["watched": "yes"]))
        _ = try await client.patch(
            .configMaps, namespace: "default", name: "w", try json(#"{"data":{"k":"v"}}"#), type: .merge)
        try await client.delete(.configMaps, namespace: "default", name: "w")
        try await recorder.waitFor("DELETED w") { $0 == "DELETED w" }
        #expect(recorder.summary == ["ADDED w", "MODIFIED w", "DELETED w"])
    }

    @Test func watchResumesAfterTheServerRestartsWithoutLosingOrRepeatingEvents() async throws {
        var sandbox = try await ClientSandbox.start()
        defer { Task { [sandbox] in try? await sandbox.stop() } }
        // Retries outlast the restart: the restarted server listens on the same port a moment later.
        let client = try sandbox.client(
            retry: RetryPolicy(maxRetries: 50, baseDelay: .milliseconds(20), maxDelay: .milliseconds(200)))
        let recorder = WatchRecorder(client.watch(.configMaps, namespace: "default", labelSelector: "watched=yes"))
        defer { recorder.cancel() }
        _ = try await client.create(.configMaps, namespace: "default", configMap("a", labels: ["watched": "yes"]))
        try await recorder.waitFor("ADDED a") { $0 == "ADDED a" }

        sandbox = try await sandbox.restarted()

        _ = try await client.create(.configMaps, namespace: "default", configMap("b", labels: ["watched": "yes"]))
        _ = try await client.patch(
            .configMaps, namespace: "default", name: "a", try json(#"{"data":{"k":"v"}}"#), type: .merge)
        try await client.delete(.configMaps, namespace: "default", name: "b")
        try await recorder.waitFor("DELETED b") { $0 == "DELETED b" }
        #expect(recorder.summary == ["ADDED a", "ADDED b", "MODIFIED a", "DELETED b"])
    }

    @Test func watchFromAnExpiredResourceVersionRelistsAndReplaysCurrentObjectsAsAdded() async throws {
        var sandbox = try await ClientSandbox.start()
        defer { Task { [sandbox] in try? await sandbox.stop() } }
        let first = try sandbox.client()
        for name in ["a", "b"] {
            _ = try await first.create(.configMaps, namespace: "default", configMap(name, labels: ["watched": "yes"]))
        }
        try await first.delete(.configMaps, namespace: "default", name: "a")
        // A restarted sandbox keeps its objects but no history: resourceVersion 1 is gone.
        sandbox = try await sandbox.restarted()
        let client = try sandbox.client()
        let recorder = WatchRecorder(
            client.watch(.configMaps, namespace: "default", labelSelector: "watched=yes", resourceVersion: "1"))
        defer { recorder.cancel() }
        try await recorder.waitFor("ADDED b") { $0 == "ADDED b" }
        _ = try await client.create(.configMaps, namespace: "default", configMap("c", labels: ["watched": "yes"]))
        try await recorder.waitFor("ADDED c") { $0 == "ADDED c" }
        #expect(recorder.summary == ["ADDED b", "ADDED c"])
    }

    @Test func waitForAConditionThatNeverHoldsThrowsTimeout() async throws {
        let sandbox = try await ClientSandbox.start()
        defer { Task { try? await sandbox.stop() } }
        let client = try sandbox.client()
        _ = try await client.create(.configMaps, namespace: "default", configMap("steady"))
        let error = await #expect(throws: KubeError.self) {
            try await client.wait(for: .configMaps, namespace: "default", name: "steady", timeout: .milliseconds(300)) {
                $0?["data"]?["never"] != nil
            }
        }
        #expect(error?.code == .timeout)
    }

    @Test func execInAMissingPodIsNotFound() async throws {
        let sandbox = try await ClientSandbox.start()
        defer { Task { try? await sandbox.stop() } }
        let client = try sandbox.client()
        let error = await #expect(throws: KubeError.self) {
            try await client.exec(namespace: "default", pod: "absent", command: ["true"])
        }
        #expect(error?.statusCode == 404)
    }

    @Test func execReportsStdoutStderrAndExitCode() async throws {
        let sandbox = try await ClientSandbox.start()
        defer { Task { try? await sandbox.stop() } }
        let client = try sandbox.client()
        try await startShellPod(client)
        let result = try await client.exec(
            namespace: "default", pod: "shell", command: ["sh", "-c", "echo out; echo err >&2; exit 3"])
        #expect(result.stdoutText == "out\n")
        #expect(result.stderrText == "err\n")
        #expect(result.exitCode == 3)
    }

    @Test func execPassesStdinToTheCommandAndClosesIt() async throws {
        let sandbox = try await ClientSandbox.start()
        defer { Task { try? await sandbox.stop() } }
        let client = try sandbox.client()
        try await startShellPod(client)
        let result = try await client.exec(
            namespace: "default", pod: "shell", command: ["sh", "-c", "cat; echo done"], stdin: Array("typed\n".utf8))
        #expect(result.stdoutText == "typed\ndone\n")
        #expect(result.exitCode == 0)
    }

    @Test func execCarriesMoreThanTenMegabytesOfStdout() async throws {
        let sandbox = try await ClientSandbox.start()
        defer { Task { try? await sandbox.stop() } }
        let client = try sandbox.client()
        try await startShellPod(client)
        let result = try await client.exec(
            namespace: "default", pod: "shell", command: ["sh", "-c", "head -c 12000000 /dev/zero | tr '\\0' x"])
        #expect(result.exitCode == 0)
        #expect(result.stdout.count == 12_000_000)
        #expect(result.stdout.allSatisfy { $0 == UInt8(ascii: "x") })
        #expect(result.stderr.isEmpty)
    }

    @Test func logsOfAFinishedPodAndTheirTail() async throws {
        let sandbox = try await ClientSandbox.start()
        defer { Task { try? await sandbox.stop() } }
        let client = try sandbox.client()
        let pod = try json(
            """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"task"},
             "spec":{"restartPolicy":"Never",
              "containers":[{"name":"main","image":"busybox","command":["sh","-c","echo one; echo two; echo three"]}]}}
            """)
        _ = try await client.create(.pods, namespace: "default", pod)
        let finished = try await client.wait(for: .pods, namespace: "default", name: "task", timeout: .seconds(60)) {
            $0?["status"]?["phase"] == "Succeeded" || $0?["status"]?["phase"] == "Failed"
        }
        #expect(finished?["status"]?["phase"] == "Succeeded")
        #expect(try await client.logs(namespace: "default", pod: "task") == "one\ntwo\nthree\n")
        #expect(try await client.logs(namespace: "default", pod: "task", tailLines: 2) == "two\nthree\n")
    }

    @Test func followedLogsStreamEveryLineUntilThePodEnds() async throws {
        let sandbox = try await ClientSandbox.start()
        defer { Task { try? await sandbox.stop() } }
        let client = try sandbox.client()
        let pod = try json(
            """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"slow"},
             "spec":{"restartPolicy":"Never",
              "containers":[{"name":"main","image":"busybox",
               "command":["sh","-c","echo first; sleep 1; echo second"]}]}}
            """)
        _ = try await client.create(.pods, namespace: "default", pod)
        var bytes: [UInt8] = []
        for try await chunk in try await client.followLogs(namespace: "default", pod: "slow") { bytes += chunk }
        #expect(String(decoding: bytes, as: UTF8.self) == "first\nsecond\n")
    }

    @Test func aCRDCreatedDuringTheTestIsDiscoveredAndItsKindResolved() async throws {
        let sandbox = try await ClientSandbox.start()
        defer { Task { try? await sandbox.stop() } }
        let client = try sandbox.client()
        // Discovery is cached before the CRD exists; resolve must refresh it.
        #expect(try await client.discovery().contains { $0.gvr.resource == "widgets" } == false)
        try await createWidgetCRD(client)
        let byKind = try await client.resolve("Widget")
        #expect(byKind.gvr == GroupVersionResource(group: "example.com", version: "v1", resource: "widgets"))
        #expect(byKind.namespaced)
        #expect(try await client.resolve("wg").gvr == byKind.gvr)
        let created = try await client.create(
            byKind.gvr, namespace: "default",
            try json(#"{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"size":1}}"#))
        #expect(created["kind"] == "Widget")
        #expect(try await client.list(byKind.gvr, namespace: "default").items.count == 1)
    }

    @Test func resolvingAnUnknownResourceIsAConfigurationError() async throws {
        let sandbox = try await ClientSandbox.start()
        defer { Task { try? await sandbox.stop() } }
        let error = await #expect(throws: KubeError.self) { try await sandbox.client().resolve("gadgets") }
        #expect(error?.code == .configuration)
        #expect(error?.message == "the server doesn't have a resource type \"gadgets\"")
    }

    /// Creates a long-running pod named `shell` and waits until it runs.
    private func startShellPod(_ client: KubeClient, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let pod = try json(
            """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"shell"},
             "spec":{"containers":[{"name":"sh","image":"busybox"}]}}
            """
        )
        _ = try await client.create(.pods, namespace: "default", pod)
        let running = try await client.wait(for: .pods, namespace: "default", name: "shell", timeout: .seconds(60)) {
            $0?["status"]?["phase"] == "Running"
        }
        #expect(running != nil, sourceLocation: sourceLocation)
    }
}

/// Authentication against the sandbox: exec plugins, rejected tokens, client certificates.
@Suite(.serialized)
struct SandboxClientAuthTests {
    @Test func execPluginDeliversTheTokenTheServerAccepts() async throws {
        let sandbox = try await ClientSandbox.start()
        defer { Task { try? await sandbox.stop() } }
        let plugin = sandbox.directory.appendingPathComponent("credential-plugin.sh")
        try """
        #!/bin/sh
        printf '%s' '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential",'
        echo '"status":{"token":"\(sandbox.token)"}}'
        """.write(to: plugin, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: plugin.path)
        let client = try sandbox.client(
            user: """
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: \(plugin.path)
                  interactiveMode: Never
                """)
        let identity = try await client.selfSubjectReview()
        #expect(identity["username"] == "sandbox-admin")
        _ = try await client.create(.configMaps, namespace: "default", configMap("via-plugin"))
        #expect(try await client.get(.configMaps, namespace: "default", name: "via-plugin") != nil)
    }

    @Test func execPluginRunsAgainWhenItsTokenIsRejected() async throws {
        let sandbox = try await ClientSandbox.start()
        defer { Task { try? await sandbox.stop() } }
        // The first run hands out a revoked token; the client must ask the plugin again after the 401.
        let runs = sandbox.directory.appendingPathComponent("plugin-runs")
        let plugin = sandbox.directory.appendingPathComponent("rotating-plugin.sh")
        try """
        #!/bin/sh
        echo run >> '\(runs.path)'
        if [ "$(wc -l < '\(runs.path)')" -eq 1 ]; then token=revoked; else token='\(sandbox.token)'; fi
        echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"'"$token"'"}}'
        """.write(to: plugin, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: plugin.path)
        let client = try sandbox.client(
            user: """
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: \(plugin.path)
                  interactiveMode: Never
                """)
        #expect(try await client.list(.configMaps, namespace: "default").items.isEmpty)
        #expect(try String(contentsOf: runs, encoding: .utf8) == "run\nrun\n")
    }

    @Test func aWrongTokenIsRejectedWith401() async throws {
        let sandbox = try await ClientSandbox.start()
        defer { Task { try? await sandbox.stop() } }
        let client = try sandbox.client(user: "token: not-the-sandbox-token")
        let error = await #expect(throws: KubeError.self) {
            try await client.list(.configMaps, namespace: "default")
        }
        #expect(error?.code == .server)
        #expect(error?.statusCode == 401)
    }

    @Test func restrictedUserIsForbiddenToCreateAndAccessReviewSaysSo() async throws {
        let sandbox = try await ClientSandbox.start(
            users: """
                users:
                - name: viewer
                  token: viewer-token
                  groups: [devs]
                  rules:
                  - verbs: [get, list, watch]
                    resources: [configmaps]
                    namespaces: [default]
                """)
        defer { Task { try? await sandbox.stop() } }
        let client = try sandbox.client(user: "token: viewer-token")
        #expect(try await client.selfSubjectReview()["username"] == "viewer")
        let list = try await client.accessReview(
            ResourceAttributes(verb: "list", group: "", resource: "configmaps", namespace: "default"))
        #expect(list.allowed)
        let create = try await client.accessReview(
            ResourceAttributes(verb: "create", group: "", resource: "configmaps", namespace: "default"))
        #expect(!create.allowed)
        let error = await #expect(throws: KubeError.self) {
            try await client.create(.configMaps, namespace: "default", configMap("mine"))
        }
        #expect(error?.statusCode == 403)
        #expect(try await client.list(.configMaps, namespace: "default").items.isEmpty)
    }

    @Test func clientCertificateContextAuthenticatesAsTheCertificateUser() async throws {
        let sandbox = try await ClientSandbox.start()
        defer { Task { try? await sandbox.stop() } }
        let client = try sandbox.client(context: "sandbox-cert")
        #expect(client.connection.credentials == .none)
        #expect(client.connection.clientCertificateData != nil)
        let identity = try await client.selfSubjectReview()
        #expect(identity["username"] == "sandbox-admin")
        #expect(identity["groups"]?.arrayValue?.contains("system:masters") == true)
        _ = try await client.create(.configMaps, namespace: "default", configMap("via-cert"))
    }
}
