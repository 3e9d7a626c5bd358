import CofferCore
import Foundation
import NIOHTTP1
import NIOPosix
import Testing

@testable import CofferSandbox

/// Many clients at once over HTTPS: correct answers and no lost update under optimistic concurrency.
@Suite struct ConcurrentClientTests {
    static let clients = 200
    static let counters = 20
    static let incrementsPerClient = 2

    @Test func twoHundredClientsIncrementingWithRetriesOnConflictLoseNoUpdate() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        let server = sandbox.server
        let setup = try await SandboxClient.connect(
            port: server.port, caCertificate: server.caCertificate, token: server.token,
            group: MultiThreadedEventLoopGroup.singleton)
        for index in 0..<Self.counters {
            let body: Value = [
                "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string("counter-\(index)")],
                "data": ["n": "0"],
            ]
            let created = try await setup.request(
                .POST, "/api/v1/namespaces/default/configmaps", body: Array(body.jsonString().utf8))
            #expect(created.status == 201)
        }
        await setup.close()

        let conflicts = try await withThrowingTaskGroup(of: Int.self) { group in
            for client in 0..<Self.clients {
                group.addTask {
                    let connection = try await SandboxClient.connect(
                        port: server.port, caCertificate: server.caCertificate, token: server.token,
                        group: MultiThreadedEventLoopGroup.singleton)
                    defer { Task { await connection.close() } }
                    let path = "/api/v1/namespaces/default/configmaps/counter-\(client % Self.counters)"
                    var conflicts = 0
                    for _ in 0..<Self.incrementsPerClient {
                        for _ in 0..<1000 {  // bounded: a lost race retries, a livelock fails the test
                            let read = try await connection.request(.GET, path)
                            guard read.status == 200 else { throw SandboxError(message: "GET answered \(read.status)") }
                            var object = try Value(json: read.body)
                            let count = Int(object["data"]?["n"]?.stringValue ?? "") ?? -1
                            object.set("data", "n", to: .string(String(count + 1)))
                            let write = try await connection.request(.PUT, path, body: Array(object.jsonString().utf8))
                            if write.status == 200 { break }
                            guard write.status == 409 else {
                                throw SandboxError(message: "PUT answered \(write.status)")
                            }
                            conflicts += 1
                        }
                    }
                    return conflicts
                }
            }
            return try await group.reduce(0, +)
        }

        let check = try await SandboxClient.connect(
            port: server.port, caCertificate: server.caCertificate, token: server.token,
            group: MultiThreadedEventLoopGroup.singleton)
        for index in 0..<Self.counters {
            let read = try await check.request(.GET, "/api/v1/namespaces/default/configmaps/counter-\(index)")
            let value = try Value(json: read.body)
            #expect(value["data"]?["n"] == .string(String(Self.clients / Self.counters * Self.incrementsPerClient)))
        }
        await check.close()
        #expect(conflicts > 0, "the clients never raced, so the test proved nothing")
    }
}
