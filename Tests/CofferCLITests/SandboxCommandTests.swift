import CofferTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// `coffer sandbox up|status|down` start and stop a background server, as a user would.
@Suite(.serialized)
struct SandboxCommandTests {
    @Test func upStartsInTheBackgroundAndDownStopsIt() throws {
        let directory = try Fixtures.temporaryDirectory("coffer-sandbox-cli")
        let up = try CofferProcess.run(["sandbox", "up", "--dir", directory.path])
        #expect(up.exitCode == 0, "\(up.stderr)")
        let kubeconfig = directory.appendingPathComponent("kubeconfig")
        #expect(up.stdout == kubeconfig.path + "\n")
        #expect(FileManager.default.fileExists(atPath: kubeconfig.path))
        let text = try String(contentsOf: kubeconfig, encoding: .utf8)
        #expect(text.contains("server: https://127.0.0.1:"))
        #expect(text.contains("name: sandbox-cert"))

        let status = try CofferProcess.run(["sandbox", "status", "--dir", directory.path])
        #expect(status.exitCode == 0)
        #expect(status.stdout.hasPrefix("running (pid "))

        let down = try CofferProcess.run(["sandbox", "down", "--dir", directory.path])
        #expect(down.exitCode == 0)
        let after = try CofferProcess.run(["sandbox", "status", "--dir", directory.path])
        #expect(after.exitCode == 1)
        #expect(after.stderr == "sandbox not running\n")
    }

    @Test func acknowledgedWritesSurviveKillNine() throws {
        let directory = try Fixtures.temporaryDirectory("coffer-sandbox-kill")
        #expect(try CofferProcess.run(["sandbox", "up", "--dir", directory.path]).exitCode == 0)
        let kubeconfig = directory.appendingPathComponent("kubeconfig").path
        for index in 0..<20 {
            let created = try kubectl(["create", "configmap", "cm-\(index)", "--from-literal=i=\(index)"], kubeconfig)
            #expect(created.exitCode == 0, "\(created.stderr)")
        }
        let pidText = try String(contentsOf: directory.appendingPathComponent("pid"), encoding: .utf8)
        let pid = try #require(pid_t(pidText.trimmingCharacters(in: .whitespacesAndNewlines)))
        kill(pid, SIGKILL)
        while kill(pid, 0) == 0 { usleep(10_000) }

        #expect(try CofferProcess.run(["sandbox", "up", "--dir", directory.path]).exitCode == 0)
        defer { _ = try? CofferProcess.run(["sandbox", "down", "--dir", directory.path]) }
        let names = try kubectl(["get", "configmaps", "-o", "name"], kubeconfig).stdout
        #expect(names.split(separator: "\n").count == 20)
        #expect(try kubectl(["get", "configmap", "cm-19", "-o", "jsonpath={.data.i}"], kubeconfig).stdout == "19")
    }

    /// Runs kubectl against `kubeconfig`; fails the test when kubectl is not installed.
    private func kubectl(_ arguments: [String], _ kubeconfig: String) throws -> (
        exitCode: Int32, stdout: String, stderr: String
    ) {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .map { "\($0)/kubectl" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        let kubectl = try #require(path, "kubectl is not on PATH")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: kubectl)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["KUBECONFIG"] = kubeconfig
        environment["KUBECACHEDIR"] =
            URL(fileURLWithPath: kubeconfig).deletingLastPathComponent()
            .appendingPathComponent("kubecache").path
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    @Test func badFaultSpecificationIsAUsageError() throws {
        let result = try CofferProcess.run(["sandbox", "serve", "--faults", "teapot:0.5"])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("unknown fault \"teapot\": expected 5xx, 429, reset or latency"))
    }

    @Test func badFaultRuleIsAUsageErrorNamingTheField() throws {
        let result = try CofferProcess.run(["sandbox", "up", "--fault-rule", "POST /api/v1/namespaces 404 x2"])
        #expect(result.exitCode == 2)
        #expect(
            result.stderr.contains(
                #"--fault-rule: bad fault rule "POST /api/v1/namespaces 404 x2": result "404": expected 429, a 5xx status or reset"#
            ))
    }
}

/// The client (`coffer cluster check`) against the sandbox: real HTTPS, real authorization answers.
@Suite(.serialized)
struct ClusterCheckAgainstSandboxTests {
    static let users = """
        users:
        - name: operator
          token: operator-token
          rules:
          - verbs: [get, list, watch, patch]
            resources: [postgresclusters]
            namespaces: [db]
          - verbs: [get]
            resources: [pods]
            namespaces: [db]
        """

    @Test func aTokenWithoutExecIsToldWhichVerbAndResourceItLacks() throws {
        let directory = try Fixtures.temporaryDirectory("coffer-sandbox-check")
        try Data(Self.users.utf8).write(to: directory.appendingPathComponent("users.yaml"))
        let up = try CofferProcess.run(["sandbox", "up", "--dir", directory.path])
        #expect(up.exitCode == 0, "\(up.stderr)")
        defer { _ = try? CofferProcess.run(["sandbox", "down", "--dir", directory.path]) }

        let admin = directory.appendingPathComponent("kubeconfig")
        let adminToken = try String(contentsOf: directory.appendingPathComponent("token"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let operatorConfig = directory.appendingPathComponent("operator.kubeconfig")
        let text = try String(contentsOf: admin, encoding: .utf8)
        try Data(text.replacingOccurrences(of: adminToken, with: "operator-token").utf8).write(to: operatorConfig)
        let blueprint = Fixtures.packageRoot.appendingPathComponent("blueprints/pgo-v5.yaml").path

        let asAdmin = try CofferProcess.run(["cluster", "check", "--kubeconfig", admin.path, "--blueprint", blueprint, "-n", "db"])
        #expect(asAdmin.exitCode == 0, "\(asAdmin.stdout)\(asAdmin.stderr)")
        #expect(asAdmin.stdout.contains("identity: sandbox-admin"))
        #expect(asAdmin.stdout.contains("0 missing"))

        let check = try CofferProcess.run([
            "cluster", "check", "--kubeconfig", operatorConfig.path, "--blueprint", blueprint, "-n", "db",
        ])
        #expect(check.exitCode == 1, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("identity: operator"))
        #expect(check.stdout.contains("missing: create pods/exec in namespace \"db\""))
        #expect(check.stdout.contains("backup/findBackup (KubeExec)"))
        #expect(!check.stdout.contains("operator-token"))
    }
}
