import CofferCore
import CofferKube
import CofferSandbox
import CofferTestSupport
import Foundation
import Logging
import Synchronization
import Testing

/// A sandbox API server started in-process on 127.0.0.1, and clients built from the kubeconfig it writes.
struct ClientSandbox: Sendable {
    let directory: URL
    let server: SandboxServer

    /// Starts a sandbox in `directory` (a new temporary one when nil) on `port` (ephemeral when 0).
    ///
    /// - Parameter users: The text of `DIR/users.yaml`, for tokens with restricted rules.
    static func start(
        directory: URL? = nil, port: Int = 0, faults: String? = nil, users: String? = nil
    ) async throws -> ClientSandbox {
        let directory = try directory ?? Fixtures.temporaryDirectory("coffer-kube-sandbox")
        if let users {
            try users.write(to: directory.appendingPathComponent("users.yaml"), atomically: true, encoding: .utf8)
        }
        var logger = Logger(label: "coffer.sandbox.kube-test")
        logger.logLevel = .error
        let injector = try faults.map { try FaultInjector(specification: $0) } ?? FaultInjector()
        let server = try await SandboxServer.start(
            SandboxConfiguration(directory: directory, port: port, faults: injector), logger: logger)
        return ClientSandbox(directory: directory, server: server)
    }

    /// Stops this sandbox and starts another on the same directory and port: same objects, token and CA.
    func restarted() async throws -> ClientSandbox {
        try await server.stop()
        return try await Self.start(directory: directory, port: server.port)
    }

    func stop() async throws { try await server.stop() }

    var port: Int { server.port }
    /// The admin bearer token.
    var token: String { server.token }

    /// Quick retries, so the tests spend their time on behaviour rather than backoff.
    static let quickRetries = RetryPolicy(maxRetries: 8, baseDelay: .milliseconds(20), maxDelay: .milliseconds(400))

    /// A client for `context` of the sandbox's own kubeconfig (or of `kubeconfig`), loaded as the CLI loads it.
    func client(
        context: String? = nil, kubeconfig: URL? = nil, retry: RetryPolicy = quickRetries, logger: KubeLogger? = nil
    ) throws -> KubeClient {
        let connection = try KubeConfig.load(
            kubeconfigPath: (kubeconfig ?? server.kubeconfig).path, context: context, environment: [:])
        return KubeClient(
            connection: connection, options: KubeClient.Options(rateLimit: .unlimited, retry: retry), logger: logger)
    }

    /// A client for a kubeconfig of its own: this sandbox's server and CA, and `user` (the YAML of a
    /// kubeconfig user's `user:` map, one line per entry) as its credentials.
    func client(user: String, retry: RetryPolicy = quickRetries) throws -> KubeClient {
        let kubeconfig = directory.appendingPathComponent("kubeconfig-\(UUID().uuidString)")
        let userLines = user.split(separator: "\n").map { "    \($0)" }.joined(separator: "\n")
        try """
        apiVersion: v1
        kind: Config
        current-context: test
        clusters:
        - name: sandbox
          cluster:
            server: https://127.0.0.1:\(port)
            certificate-authority-data: \(try caData())
        users:
        - name: test
          user:
        \(userLines)
        contexts:
        - name: test
          context: {cluster: sandbox, user: test, namespace: default}
        """.write(to: kubeconfig, atomically: true, encoding: .utf8)
        return try client(kubeconfig: kubeconfig, retry: retry)
    }

    /// The sandbox CA certificate, base64-encoded for a kubeconfig's `certificate-authority-data`.
    func caData() throws -> String {
        try Data(contentsOf: directory.appendingPathComponent("pki/ca.crt")).base64EncodedString()
    }
}

/// Collects a watch's events on a task of its own, so a test can act and then wait for what it expects.
final class WatchRecorder: Sendable {
    private final class Log: Sendable {
        let events = Mutex<[WatchEvent]>([])
        let failure = Mutex<String?>(nil)
    }

    private let log = Log()
    private let task: Task<Void, Never>

    init(_ stream: AsyncThrowingStream<WatchEvent, any Error>) {
        let log = self.log
        task = Task {
            do {
                for try await event in stream { log.events.withLock { $0.append(event) } }
            } catch is CancellationError {
            } catch {
                log.failure.withLock { $0 = "\(error)" }
            }
        }
    }

    deinit { task.cancel() }

    /// `TYPE name` for each event so far.
    var summary: [String] {
        log.events.withLock { events in
            events.map { "\($0.type.rawValue) \($0.object["metadata"]?["name"]?.stringValue ?? "?")" }
        }
    }

    var error: String? { log.failure.withLock { $0 } }

    /// Waits until an event satisfies `condition` or the stream failed; a hang guard, never a timing assertion.
    func waitFor(
        _ description: String, sourceLocation: SourceLocation = #_sourceLocation,
        _ condition: @escaping @Sendable (String) -> Bool
    ) async throws {
        for _ in 0..<1200 {
            if summary.contains(where: condition) || error != nil { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(error == nil, "the watch failed", sourceLocation: sourceLocation)
        try #require(
            summary.contains(where: condition), "no watch event \(description) in \(summary)",
            sourceLocation: sourceLocation)
    }

    func cancel() { task.cancel() }
}

/// Parses JSON written inline in a test.
func json(_ text: String) throws -> Value {
    try Value(json: text)
}

/// A ConfigMap with `labels` and `data`.
func configMap(_ name: String, labels: [String: String] = [:], data: [String: String] = [:]) -> Value {
    var metadata = ValueMap()
    metadata["name"] = .string(name)
    var labelMap = ValueMap()
    for (key, value) in labels.sorted(by: { $0.key < $1.key }) { labelMap[key] = .string(value) }
    metadata["labels"] = .object(labelMap)
    var dataMap = ValueMap()
    for (key, value) in data.sorted(by: { $0.key < $1.key }) { dataMap[key] = .string(value) }
    var object = ValueMap()
    object["apiVersion"] = "v1"
    object["kind"] = "ConfigMap"
    object["metadata"] = .object(metadata)
    object["data"] = .object(dataMap)
    return .object(object)
}
