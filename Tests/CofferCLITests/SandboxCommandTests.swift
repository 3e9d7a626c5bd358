import CofferTestSupport
import Foundation
import Testing

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

    @Test func badFaultSpecificationIsAUsageError() throws {
        let result = try CofferProcess.run(["sandbox", "serve", "--faults", "teapot:0.5"])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("unknown fault \"teapot\": expected 5xx, 429, reset or latency"))
    }
}
