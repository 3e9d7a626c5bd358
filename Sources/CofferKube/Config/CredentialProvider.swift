import CofferCore
import Foundation
import Synchronization

/// Credentials for one request: a bearer token and/or client certificate material.
struct Credentials: Sendable {
    var token: String?
    var clientCertificatePEM: [UInt8]?
    var clientKeyPEM: [UInt8]?
}

/// Produces the credentials of one ``ClusterConnection``, caching what is costly to get.
///
/// Token files are re-read at most once a minute (client-go does the same, so rotated service-account tokens
/// are picked up); exec plugins run once and again only after their credential expires or the server
/// answers 401.
final class CredentialProvider: Sendable {
    private struct Cached {
        var credentials: Credentials
        var validUntil: Date?
    }
    private let connection: ClusterConnection
    private let environment: [String: String]
    private let cache = Mutex<Cached?>(nil)

    init(connection: ClusterConnection, environment: [String: String]) {
        self.connection = connection
        self.environment = environment
    }

    /// Whether a 401 may be cured by fetching the credentials again.
    var canRefresh: Bool {
        switch connection.credentials {
        case .exec, .tokenFile: true
        case .none, .token: false
        }
    }

    /// Drops cached credentials, so the next call fetches fresh ones.
    func invalidate() { cache.withLock { $0 = nil } }

    func credentials(now: Date = Date()) async throws -> Credentials {
        switch connection.credentials {
        case .none:
            return Credentials()
        case .token(let token):
            return Credentials(token: token)
        case .tokenFile, .exec:
            if let cached = cache.withLock({ $0 }), cached.validUntil.map({ $0 > now }) ?? true {
                return cached.credentials
            }
            let fresh = try await fetch(now: now)
            cache.withLock { $0 = fresh }
            return fresh.credentials
        }
    }

    private func fetch(now: Date) async throws -> Cached {
        switch connection.credentials {
        case .tokenFile(let path):
            let token = try await Blocking.run { try Self.readToken(path) }
            return Cached(credentials: Credentials(token: token), validUntil: now.addingTimeInterval(60))
        case .exec(let plugin):
            let (connection, environment) = (self.connection, self.environment)
            return try await Blocking.run {
                try ExecCredentialPlugin(config: plugin, connection: connection, environment: environment).run()
            }
        case .none, .token:
            return Cached(credentials: Credentials(), validUntil: nil)
        }
    }

    static func readToken(_ path: String) throws(KubeError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KubeError(.credentials, "cannot read token file \"\(path)\"")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw KubeError(.credentials, "token file \"\(path)\" is empty") }
        return token
    }

    // MARK: - Exec plugins

    /// Runs one exec credential plugin and decodes the `ExecCredential` it prints.
    private struct ExecCredentialPlugin {
        var config: ExecPluginConfig
        var connection: ClusterConnection
        var environment: [String: String]

        func run() throws -> Cached {
            let supported = ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"]
            guard supported.contains(config.apiVersion) else {
                throw KubeError(
                    .configuration, "exec plugin \"\(config.command)\": unsupported apiVersion \"\(config.apiVersion)\""
                )
            }
            if config.interactiveMode == "Always" {
                throw KubeError(
                    .credentials,
                    "exec plugin \"\(config.command)\" requires an interactive terminal, which coffer cannot provide")
            }
            let process = Process()
            process.executableURL = try executable()
            process.arguments = config.args
            var env = environment
            for (name, value) in config.env { env[name] = value }
            env["KUBERNETES_EXEC_INFO"] = execInfo().jsonString()
            process.environment = env
            let output = Pipe()
            process.standardOutput = output
            process.standardInput = FileHandle.nullDevice
            // The plugin's stderr goes to ours, as kubectl lets it: that is where plugins explain themselves.
            process.standardError = FileHandle.standardError
            do { try process.run() } catch {
                throw KubeError(
                    .credentials, "exec plugin \"\(config.command)\" could not start\(hint)",
                    underlying: KubeError(.credentials, "\(error)"))
            }
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw KubeError(
                    .credentials, "exec plugin \"\(config.command)\" failed with exit code \(process.terminationStatus)"
                )
            }
            return try decode(Array(data))
        }

        private var hint: String { config.installHint.map { ": \($0)" } ?? "" }

        private func executable() throws -> URL {
            if config.command.contains("/") { return URL(fileURLWithPath: config.command) }
            let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
            for directory in path.split(separator: ":") {
                let candidate = "\(directory)/\(config.command)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return URL(fileURLWithPath: candidate) }
            }
            throw KubeError(.credentials, "exec plugin \"\(config.command)\" not found in PATH\(hint)")
        }

        /// The `ExecCredential` passed in `KUBERNETES_EXEC_INFO`.
        func execInfo() -> Value {
            var spec = ValueMap([("interactive", Value.bool(false))])
            if config.provideClusterInfo {
                var cluster = ValueMap([("server", Value.string(connection.server))])
                if let name = connection.tlsServerName { cluster["tls-server-name"] = .string(name) }
                if connection.insecureSkipTLSVerify { cluster["insecure-skip-tls-verify"] = .bool(true) }
                if let ca = connection.caData {
                    cluster["certificate-authority-data"] = .string(Data(ca).base64EncodedString())
                }
                if let proxy = connection.proxyURL { cluster["proxy-url"] = .string(proxy) }
                spec["cluster"] = .object(cluster)
            }
            return ["apiVersion": .string(config.apiVersion), "kind": "ExecCredential", "spec": .object(spec)]
        }

        func decode(_ data: [UInt8]) throws -> Cached {
            let name = "exec plugin \"\(config.command)\""
            guard let credential = try? Value(json: data) else {
                throw KubeError(.credentials, "\(name) printed something that is not JSON")
            }
            guard credential["kind"]?.stringValue == "ExecCredential" else {
                throw KubeError(
                    .credentials,
                    "\(name) printed a \(credential["kind"]?.stringValue ?? "document") instead of an ExecCredential")
            }
            guard credential["apiVersion"]?.stringValue == config.apiVersion else {
                throw KubeError(
                    .credentials,
                    "\(name) answered with apiVersion \"\(credential["apiVersion"]?.stringValue ?? "")\", expected \"\(config.apiVersion)\""
                )
            }
            guard let status = credential["status"]?.objectValue else {
                throw KubeError(.credentials, "\(name) printed an ExecCredential without status")
            }
            let token = status["token"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            let cert = status["clientCertificateData"]?.stringValue.map { Array($0.utf8) }
            let key = status["clientKeyData"]?.stringValue.map { Array($0.utf8) }
            guard token != nil || (cert != nil && key != nil) else {
                throw KubeError(.credentials, "\(name) printed neither a token nor a client certificate and key")
            }
            guard (cert == nil) == (key == nil) else {
                throw KubeError(
                    .credentials, "\(name) printed a client certificate without a key, or a key without a certificate")
            }
            var expiry: Date?
            if let stamp = status["expirationTimestamp"]?.stringValue {
                guard let date = Self.parseTimestamp(stamp) else {
                    throw KubeError(.credentials, "\(name) printed an unreadable expirationTimestamp \"\(stamp)\"")
                }
                expiry = date
            }
            return Cached(
                credentials: Credentials(token: token, clientCertificatePEM: cert, clientKeyPEM: key),
                validUntil: expiry)
        }

        static func parseTimestamp(_ text: String) -> Date? {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime]
            if let date = formatter.date(from: text) { return date }
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return formatter.date(from: text)
        }
    }
}

/// Runs blocking work (files, child processes) on a Dispatch thread, off the cooperative pool.
enum Blocking {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }
}
