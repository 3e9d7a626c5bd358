import CofferCore
import CofferTestSupport
import Foundation
import Synchronization
import Testing

@testable import CofferKube

@Suite struct ConnectionOptionsTests {
    @Test func requestsGoThroughTheProxyURL() async throws {
        let proxy = try LoopbackServer { _ in .json(200, #"{"gitVersion":"v1.28.7"}"#) }
        defer { proxy.stop() }
        let connection = ClusterConnection(server: "http://api.cluster.invalid:6443", proxyURL: proxy.url)
        let client = KubeClient(
            connection: connection, options: .init(rateLimit: .unlimited, retry: .none), environment: [:])
        let version = try await client.serverVersion()
        #expect(version["gitVersion"] == "v1.28.7")
        #expect(proxy.requests.first?.target == "http://api.cluster.invalid:6443/version")
    }

    @Test func aTokenFileIsReadAndSentAsABearerToken() async throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("token", "file-token\n")
        let server = try LoopbackServer { _ in .json(200, #"{"kind":"Pod"}"#) }
        defer { server.stop() }
        let connection = ClusterConnection(server: server.url, credentials: .tokenFile(path))
        let client = KubeClient(connection: connection, options: .init(rateLimit: .unlimited), environment: [:])
        _ = try await client.get(.pods, namespace: "ns", name: "p")
        #expect(server.requests.first?.headers["authorization"] == "Bearer file-token")
    }

    @Test func aRejectedTokenFileIsReadAgainOnce() async throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("token", "old-token")
        let server = try LoopbackServer { request in
            request.headers["authorization"] == "Bearer new-token"
                ? .json(200, #"{"kind":"Pod"}"#) : .json(401, statusJSON(401, "Unauthorized", "Unauthorized"))
        }
        defer { server.stop() }
        let client = KubeClient(
            connection: ClusterConnection(server: server.url, credentials: .tokenFile(path)),
            options: .init(rateLimit: .unlimited), environment: [:])
        await #expect(throws: KubeError.self) { try await client.get(.pods, namespace: "ns", name: "p") }
        // The rotated token is picked up at the next 401, without waiting for the one-minute re-read.
        try directory.write("token", "new-token")
        #expect(try await client.get(.pods, namespace: "ns", name: "p")?["kind"] == "Pod")
    }

    @Test func logLinesNameRequestsButNeverCredentials() async throws {
        let server = try LoopbackServer { _ in .json(200, #"{"kind":"Pod"}"#) }
        defer { server.stop() }
        let lines = Mutex<[String]>([])
        let client = KubeClient(
            connection: ClusterConnection(server: server.url, credentials: .token("very-secret")),
            options: .init(rateLimit: .unlimited), environment: [:],
            logger: KubeLogger { line in lines.withLock { $0.append(line) } })
        _ = try await client.get(.pods, namespace: "ns", name: "p")
        let logged = lines.withLock { $0 }
        #expect(logged.count == 1)
        #expect(logged.first?.hasPrefix("GET /api/v1/namespaces/ns/pods/p 200 in ") == true)
        #expect(!logged.joined().contains("very-secret"))
        #expect(!String(describing: client.connection).contains("very-secret"))
    }
}
