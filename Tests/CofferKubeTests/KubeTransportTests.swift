import CofferCore
import CofferTestSupport
import Synchronization
import Testing

@testable import CofferKube

@Suite struct KubeTransportTests {
    @Test func getReturnsTheObjectAndSendsTheBearerToken() async throws {
        let server = try LoopbackServer { request in
            .json(200, #"{"kind":"Pod","metadata":{"name":"db-0","namespace":"ns"}}"#)
        }
        defer { server.stop() }
        let pod = try await makeClient(server).get(.pods, namespace: "ns", name: "db-0")
        #expect(pod?["metadata"]?["name"] == "db-0")
        let request = try #require(server.requests.first)
        #expect(request.method == "GET")
        #expect(request.path == "/api/v1/namespaces/ns/pods/db-0")
        #expect(request.headers["authorization"] == "Bearer secret-token")
    }

    @Test func getAnswersNilWhenTheObjectDoesNotExist() async throws {
        let server = try LoopbackServer { _ in .json(404, statusJSON(404, "NotFound", #"pods \"x\" not found"#)) }
        defer { server.stop() }
        let pod = try await makeClient(server).get(.pods, namespace: "ns", name: "x")
        #expect(pod == nil)
    }

    @Test func errorsCarryTheServerStatus() async throws {
        let server = try LoopbackServer { _ in
            .json(
                409,
                statusJSON(
                    409, "Conflict", "the object has been modified; please apply your changes to the latest version"))
        }
        defer { server.stop() }
        let error = await #expect(throws: KubeError.self) {
            try await makeClient(server).update(
                .configMaps, namespace: "ns", ["metadata": ["name": "c", "resourceVersion": "1"]])
        }
        #expect(error?.code == .server)
        #expect(error?.statusCode == 409)
        #expect(error?.reason == "Conflict")
        #expect(error?.isConflict == true)
        #expect(error?.status?["kind"] == "Status")
        #expect(
            error?.description
                == "error from server (Conflict): the object has been modified; please apply your changes to the latest version"
        )
    }

    @Test func nonStatusErrorBodiesGiveTheHTTPCodeAndDefaultReason() async throws {
        let server = try LoopbackServer { _ in .reply(403, body: Array("<html>denied</html>\nmore".utf8)) }
        defer { server.stop() }
        let error = await #expect(throws: KubeError.self) {
            try await makeClient(server).get(.pods, namespace: "ns", name: "x")
        }
        #expect(error?.reason == "Forbidden")
        #expect(error?.message == "GET /api/v1/namespaces/ns/pods/x: HTTP 403: <html>denied</html>")
    }

    @Test(arguments: [500, 503, 429])
    func idempotentRequestsAreRetriedUntilTheySucceed(status: Int) async throws {
        let counter = Counter()
        let server = try LoopbackServer { _ in
            if counter.next() < 2 {
                return .json(status, statusJSON(status, "InternalError", "try again"), headers: [("Retry-After", "0")])
            }
            return .json(200, #"{"kind":"ConfigMap"}"#)
        }
        defer { server.stop() }
        let object = try await makeClient(server).get(.configMaps, namespace: "ns", name: "c")
        #expect(object?["kind"] == "ConfigMap")
        #expect(server.requests.count == 3)
    }

    @Test func createIsNotRetriedAfterAServerError() async throws {
        let server = try LoopbackServer { _ in .json(500, statusJSON(500, "InternalError", "boom")) }
        defer { server.stop() }
        await #expect(throws: KubeError.self) {
            try await makeClient(server).create(.configMaps, namespace: "ns", ["metadata": ["name": "c"]])
        }
        #expect(server.requests.count == 1)
    }

    @Test func createIsRetriedAfterTooManyRequests() async throws {
        let counter = Counter()
        let server = try LoopbackServer { request in
            counter.next() == 0
                ? .json(429, statusJSON(429, "TooManyRequests", "slow down"), headers: [("Retry-After", "0")])
                : .json(201, String(decoding: request.body, as: UTF8.self))
        }
        defer { server.stop() }
        let created = try await makeClient(server).create(.configMaps, namespace: "ns", ["metadata": ["name": "c"]])
        #expect(created["metadata"]?["name"] == "c")
        #expect(server.requests.map(\.method) == ["POST", "POST"])
        #expect(server.requests.last?.headers["content-type"] == "application/json")
    }

    @Test func getIsRetriedAfterAConnectionReset() async throws {
        let counter = Counter()
        let server = try LoopbackServer { _ in counter.next() == 0 ? .reset : .json(200, #"{"kind":"Pod"}"#) }
        defer { server.stop() }
        let pod = try await makeClient(server).get(.pods, namespace: "ns", name: "p")
        #expect(pod?["kind"] == "Pod")
        #expect(server.requests.count == 2)
    }

    @Test func givingUpAfterRetriesReportsTheLastStatus() async throws {
        let server = try LoopbackServer { _ in .json(503, statusJSON(503, "ServiceUnavailable", "down")) }
        defer { server.stop() }
        let error = await #expect(throws: KubeError.self) {
            try await makeClient(server, retries: 2).get(.pods, namespace: "ns", name: "p")
        }
        #expect(error?.statusCode == 503)
        #expect(server.requests.count == 3)
    }

    @Test func aRequestThatOutlivesItsTimeoutFailsWithTimeout() async throws {
        let server = try LoopbackServer { _ in .stream(200) { $0.holdOpen() } }
        defer { server.stop() }
        let error = await #expect(throws: KubeError.self) {
            try await makeClient(server, retries: 0, timeout: .milliseconds(200)).get(.pods, namespace: "ns", name: "p")
        }
        #expect(error?.code == .timeout)
    }

    @Test func cancellingTheTaskAbortsTheTransfer() async throws {
        let server = try LoopbackServer { _ in .stream(200) { $0.holdOpen() } }
        defer { server.stop() }
        let client = makeClient(server, retries: 0)
        let task = Task { try await client.get(.pods, namespace: "ns", name: "p") }
        while server.requests.isEmpty { await Task.yield() }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    @Test func connectionsAreReused() async throws {
        let server = try LoopbackServer { _ in .json(200, #"{"kind":"Pod"}"#) }
        defer { server.stop() }
        let client = makeClient(server)
        for _ in 0..<5 { _ = try await client.get(.pods, namespace: "ns", name: "p") }
        #expect(Set(server.requests.map(\.connection)) == [0])
    }

    @Test func concurrentRequestsAllComplete() async throws {
        let server = try LoopbackServer { request in .json(200, #"{"path":"\#(request.path)"}"#) }
        defer { server.stop() }
        let client = makeClient(server)
        let paths = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<50 {
                group.addTask {
                    try await client.get(.pods, namespace: "ns", name: "p\(index)")?["path"]?.stringValue ?? ""
                }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(paths.count == 50)
    }
}

/// A thread-safe counter for handlers that answer differently the n-th time.
final class Counter: Sendable {
    private let value = Mutex(0)
    func next() -> Int {
        value.withLock { value in
            defer { value += 1 }
            return value
        }
    }
}
