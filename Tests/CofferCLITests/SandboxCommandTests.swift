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
}
