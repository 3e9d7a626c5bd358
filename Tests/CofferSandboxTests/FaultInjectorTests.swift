import NIOCore
import Testing

@testable import CofferSandbox

@Suite struct FaultInjectorTests {
    @Test func certainFailureAlwaysFailsButSparesHealthAndVersion() throws {
        let faults = try FaultInjector(specification: "500:1")
        #expect(faults.decide(method: "GET", path: "/api/v1/namespaces") == .status(500))
        #expect(faults.decide(method: "GET", path: "/version") == .none)
        #expect(faults.decide(method: "GET", path: "/readyz") == .none)
    }

    @Test func latencyIsParsedInMilliseconds() throws {
        let faults = try FaultInjector(specification: "latency:50ms")
        #expect(faults.decide(method: "GET", path: "/api") == .delay(.milliseconds(50)))
    }

    @Test(arguments: ["500", "500:2", "teapot:0.1", "latency:50"])
    func malformedSpecificationsAreRefused(_ specification: String) {
        #expect(throws: SandboxError.self) { try FaultInjector(specification: specification) }
    }

    @Test func kubectlSeesTheInjectedServerError() async throws {
        let sandbox = try await SandboxHarness.start(faults: try FaultInjector(specification: "500:1"))
        defer { Task { try? await sandbox.stop() } }
        let result = try sandbox.kubectl(["get", "--raw", "/api/v1/namespaces/default/configmaps"])
        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("InternalError") || result.stderr.contains("injected fault"))
    }
}
