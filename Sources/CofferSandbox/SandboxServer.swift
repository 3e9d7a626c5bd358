import CofferCore
import CofferKubeAPI
import CofferYAML
public import Foundation
public import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// How to run a sandbox: where its state lives, which port, and what faults to inject.
public struct SandboxConfiguration: Sendable {
    /// Holds `kubeconfig`, `token`, `pki/` and `data/`.
    public var directory: URL
    /// The TCP port on 127.0.0.1; 0 picks a free one.
    public var port: Int
    /// Failures to inject into API requests.
    public var faults: FaultInjector
    /// The Kubernetes version reported by `/version` (which kubectl the dispatcher runs).
    public var kubernetesMinorVersion: Int
    /// The OS user pod commands run as when the server runs as root (nil: `nobody`); otherwise the server's user.
    public var runtimeUser: String?

    /// - Parameters:
    ///   - directory: Where the sandbox keeps its state.
    ///   - port: The port to listen on, 0 for any free one.
    ///   - faults: Failures to inject.
    public init(directory: URL, port: Int = 0, faults: FaultInjector = FaultInjector()) {
        self.directory = directory
        self.port = port
        self.faults = faults
        self.kubernetesMinorVersion = 31
    }

    /// `DIR/kubeconfig`, written once the server listens.
    public var kubeconfig: URL { directory.appendingPathComponent("kubeconfig") }
}

/// A running sandbox API server on 127.0.0.1, serving HTTPS with its own CA.
public final class SandboxServer: Sendable {
    /// The port it listens on.
    public let port: Int
    /// Where its kubeconfig was written.
    public let kubeconfig: URL
    /// The admin bearer token.
    public let token: String
    let api: APIServer
    private let channel: any Channel
    private let connections: OpenConnections
    private let group: MultiThreadedEventLoopGroup
    private let logger: Logger
    /// The one shutdown, shared by every call to ``stop()``.
    private let stopping = Mutex<Task<Void, any Error>?>(nil)

    /// How long a stopping server lets connections finish their answers before closing them outright; answers
    /// take milliseconds, so only a client stalled mid-request waits this long.
    static let drainGracePeriod = TimeAmount.seconds(10)

    private init(
        port: Int, kubeconfig: URL, token: String, api: APIServer, channel: any Channel,
        connections: OpenConnections, group: MultiThreadedEventLoopGroup, logger: Logger
    ) {
        self.port = port
        self.kubeconfig = kubeconfig
        self.token = token
        self.api = api
        self.channel = channel
        self.connections = connections
        self.group = group
        self.logger = logger
    }

    /// Loads the state in the configured directory, starts listening and writes the kubeconfig.
    ///
    /// - Parameters:
    ///   - configuration: Where and how to run.
    ///   - logger: Where the server reports what it does.
    /// - Returns: The running server.
    /// - Throws: ``SandboxError`` when the directory, certificates or port cannot be used.
    public static func start(_ configuration: SandboxConfiguration, logger: Logger) async throws -> SandboxServer {
        let files = FileManager.default
        let directory = configuration.directory
        try files.createDirectory(at: directory.appendingPathComponent("data"), withIntermediateDirectories: true)
        let pki = PKI(directory: directory.appendingPathComponent("pki"))
        try pki.ensure()
        let token = try loadOrCreateToken(directory.appendingPathComponent("token"))
        let store = try ObjectStore(journalPath: directory.appendingPathComponent("data/objects.jsonl").path)
        let runtime = HostRuntime(
            user: configuration.runtimeUser, logDirectory: directory.appendingPathComponent("data/logs"))
        let api = APIServer(
            store: store, runtime: runtime, version: ServerVersion(minor: String(configuration.kubernetesMinorVersion)))
        var tokens = try loadUsers(directory.appendingPathComponent("users.yaml"))
        tokens[token] = UserInfo(name: "sandbox-admin", groups: ["system:masters", "system:authenticated"])
        let authenticator = Authenticator(tokens: tokens)

        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(pki.serverCertificate.path).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: pki.serverKey.path, format: .pem)))
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(pki.caCertificate.path))
        tls.certificateVerification = .optionalVerification
        let sslContext = try NIOSSLContext(configuration: tls)
        let faults = configuration.faults
        let connections = OpenConnections()

        let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
        let channel: any Channel
        do {
            channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 512)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { channel in
                    guard connections.track(channel) else { return channel.close() }
                    return channel.eventLoop.makeCompletedFuture {
                        let sync = channel.pipeline.syncOperations
                        try sync.addHandler(NIOSSLServerHandler(context: sslContext))
                        let upgrader = ExecUpgrader.make(api: api, authenticator: authenticator)
                        try sync.configureHTTPServerPipeline(
                            withServerUpgrade: (
                                upgraders: [upgrader],
                                completionHandler: { context in
                                    context.pipeline.removeHandler(name: HTTPHandler.name, promise: nil)
                                }
                            ),
                            withErrorHandling: true)
                        try sync.addHandler(
                            HTTPHandler(api: api, authenticator: authenticator, faults: faults), name: HTTPHandler.name)
                    }
                }
                .bind(host: "127.0.0.1", port: configuration.port).get()
        } catch {
            try? await group.shutdownGracefully()
            throw SandboxError(message: "cannot listen on 127.0.0.1:\(configuration.port): \(error)")
        }
        let port = channel.localAddress?.port ?? configuration.port
        // CronJobs are checked every 10 s; a Job starts within seconds of its minute.
        group.next().scheduleRepeatedTask(initialDelay: .seconds(1), delay: .seconds(10)) { _ in api.runCronJobs() }
        try Kubeconfig(server: "https://127.0.0.1:\(port)", pki: pki, token: token)
            .write(to: configuration.kubeconfig)
        logger.info(
            "sandbox API server listening",
            metadata: ["address": "https://127.0.0.1:\(port)", "kubeconfig": "\(configuration.kubeconfig.path)"])
        logger.info("pods are simulated: the sandbox runs no container images")
        return SandboxServer(
            port: port, kubeconfig: configuration.kubeconfig, token: token, api: api, channel: channel,
            connections: connections, group: group, logger: logger)
    }

    /// Stops listening, closes every connection and releases the threads.
    ///
    /// Idle connections close at once; requests being answered get their answer first, watches and log
    /// streams are ended. Calling it again waits for the same shutdown.
    public func stop() async throws {
        let shutdown = stopping.withLock { stopping in
            if let stopping { return stopping }
            let task = Task { [channel, connections, group] in
                try? await channel.close()
                await connections.drain(gracePeriod: Self.drainGracePeriod)
                try await group.shutdownGracefully()
            }
            stopping = task
            return task
        }
        try await shutdown.value
    }

    /// Returns when the listening socket closes.
    public func waitUntilClosed() async throws {
        try await channel.closeFuture.get()
    }

    /// Reads `DIR/users.yaml`, if present: `users: [{name, token, groups, rules: [{verbs, resources, namespaces}]}]`.
    private static func loadUsers(_ url: URL) throws -> [String: UserInfo] {
        guard let data = FileManager.default.contents(atPath: url.path) else { return [:] }
        let document = try YAMLLoader.loadSingle(Array(data), file: url.path).value
        func strings(_ value: Value?) -> [String] { (value?.arrayValue ?? []).compactMap(\.stringValue) }
        var tokens: [String: UserInfo] = [:]
        for user in document["users"]?.arrayValue ?? [] {
            guard let name = user["name"]?.stringValue, let token = user["token"]?.stringValue, !token.isEmpty else {
                throw SandboxError(message: "\(url.path): every user needs a name and a token")
            }
            let rules = (user["rules"]?.arrayValue ?? []).map {
                AccessRule(
                    verbs: strings($0["verbs"]), resources: strings($0["resources"]),
                    namespaces: strings($0["namespaces"]))
            }
            tokens[token] = UserInfo(
                name: name, groups: strings(user["groups"]) + ["system:authenticated"], rules: rules)
        }
        return tokens
    }

    private static func loadOrCreateToken(_ url: URL) throws -> String {
        if let text = try? String(contentsOf: url, encoding: .utf8) {
            let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !token.isEmpty { return token }
        }
        var generator = SystemRandomNumberGenerator()
        let token = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        try token.write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        return token
    }
}
