import CofferCore
import CofferYAML
import Foundation

/// Kubeconfig files merged as kubectl merges them, and the connection a context resolves to.
///
/// `KUBECONFIG` lists files separated by `:`; for each named cluster, user and context the first file that
/// defines it wins, as does the first non-empty `current-context`. Missing files in the list are skipped.
/// An explicit path (`--kubeconfig`) replaces the list and must exist. Relative file references resolve
/// against the directory of the file that holds them.
public struct KubeConfig: Sendable {
    /// A cluster, user or context entry and the file it came from.
    struct Entry: Sendable {
        var value: Value
        var directory: String
        var file: String
    }

    var clusters: [String: Entry] = [:]
    var users: [String: Entry] = [:]
    var contexts: [String: Entry] = [:]
    /// The merged `current-context`.
    public internal(set) var currentContext: String?
    /// The files read, in precedence order.
    public internal(set) var files: [String] = []

    /// The names of every context, sorted.
    public var contextNames: [String] { contexts.keys.sorted() }

    // MARK: - Loading

    /// Reads and merges the kubeconfig files that `kubeconfigPath` or the environment name.
    ///
    /// - Parameters:
    ///   - kubeconfigPath: `--kubeconfig`; when set, only this file is read.
    ///   - environment: Supplies `KUBECONFIG` and `HOME`.
    /// - Throws: ``KubeError`` with ``KubeError/Code/configuration``.
    public static func read(kubeconfigPath: String?, environment: [String: String]) throws -> KubeConfig {
        var config = KubeConfig()
        for path in try paths(kubeconfigPath: kubeconfigPath, environment: environment) {
            guard let data = FileManager.default.contents(atPath: path) else {
                if kubeconfigPath != nil {
                    throw KubeError(.configuration, "cannot read kubeconfig \"\(path)\"")
                }
                continue
            }
            let document: Value
            do {
                document = try YAMLLoader.loadSingle(Array(data), file: path).value
            } catch {
                throw KubeError(.configuration, "kubeconfig \"\(path)\" is not valid YAML: \(error)")
            }
            try config.merge(document, file: path)
        }
        return config
    }

    /// The files to read, in precedence order.
    static func paths(kubeconfigPath: String?, environment: [String: String]) throws -> [String] {
        if let kubeconfigPath, !kubeconfigPath.isEmpty { return [kubeconfigPath] }
        if let list = environment["KUBECONFIG"], !list.isEmpty {
            var seen = Set<String>()
            return list.split(separator: ":").map(String.init).filter { !$0.isEmpty && seen.insert($0).inserted }
        }
        guard let home = environment["HOME"] else { return [] }
        return ["\(home)/.kube/config"]
    }

    mutating func merge(_ document: Value, file: String) throws(KubeError) {
        files.append(file)
        guard document != .null else { return }
        guard document.objectValue != nil else {
            throw KubeError(.configuration, "kubeconfig \"\(file)\" is not a mapping")
        }
        let directory = (file as NSString).deletingLastPathComponent
        if currentContext == nil, let current = document["current-context"]?.stringValue, !current.isEmpty {
            currentContext = current
        }
        for (section, key) in [("clusters", "cluster"), ("users", "user"), ("contexts", "context")] {
            for item in document[section]?.arrayValue ?? [] {
                guard let name = item["name"]?.stringValue else {
                    throw KubeError(.configuration, "kubeconfig \"\(file)\": an entry of \(section) has no name")
                }
                let entry = Entry(value: item[key] ?? .object(ValueMap()), directory: directory, file: file)
                switch section {
                case "clusters": if clusters[name] == nil { clusters[name] = entry }
                case "users": if users[name] == nil { users[name] = entry }
                default: if contexts[name] == nil { contexts[name] = entry }
                }
            }
        }
    }

    // MARK: - Resolving

    /// The connection `context` (or the current context) describes.
    ///
    /// - Parameters:
    ///   - context: `--context`; `nil` uses `current-context`.
    ///   - namespace: `--namespace`; `nil` uses the context's namespace, or `default`.
    /// - Throws: ``KubeError`` with ``KubeError/Code/configuration`` naming what is missing or unreadable.
    public func connection(context: String? = nil, namespace: String? = nil) throws -> ClusterConnection {
        guard let contextName = context ?? currentContext else {
            throw KubeError(.configuration, "no context chosen: current-context is not set and --context was not given")
        }
        guard let contextEntry = contexts[contextName] else {
            throw KubeError(.configuration, "context \"\(contextName)\" not found in \(filesDescription)")
        }
        guard let clusterName = contextEntry.value["cluster"]?.stringValue, !clusterName.isEmpty else {
            throw KubeError(.configuration, "context \"\(contextName)\" names no cluster")
        }
        guard let cluster = clusters[clusterName] else {
            throw KubeError(
                .configuration,
                "cluster \"\(clusterName)\" of context \"\(contextName)\" not found in \(filesDescription)")
        }
        guard let server = cluster.value["server"]?.stringValue, !server.isEmpty else {
            throw KubeError(.configuration, "cluster \"\(clusterName)\" has no server")
        }
        var connection = ClusterConnection(server: server)
        connection.contextName = contextName
        connection.namespace =
            namespace ?? contextEntry.value["namespace"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        connection.insecureSkipTLSVerify = cluster.value["insecure-skip-tls-verify"]?.boolValue ?? false
        connection.tlsServerName = nonEmpty(cluster.value["tls-server-name"])
        connection.proxyURL = nonEmpty(cluster.value["proxy-url"])
        connection.caData = try material(
            cluster, data: "certificate-authority-data", file: "certificate-authority",
            what: "cluster \"\(clusterName)\"")

        if let userName = contextEntry.value["user"]?.stringValue, !userName.isEmpty {
            guard let user = users[userName] else {
                throw KubeError(
                    .configuration,
                    "user \"\(userName)\" of context \"\(contextName)\" not found in \(filesDescription)")
            }
            connection.userName = userName
            try applyUser(user, name: userName, to: &connection)
        }
        return connection
    }

    private func applyUser(_ user: Entry, name: String, to connection: inout ClusterConnection) throws(KubeError) {
        let what = "user \"\(name)\""
        connection.clientCertificateData = try material(
            user, data: "client-certificate-data", file: "client-certificate", what: what)
        connection.clientKeyData = try material(user, data: "client-key-data", file: "client-key", what: what)
        if (connection.clientCertificateData == nil) != (connection.clientKeyData == nil) {
            throw KubeError(
                .configuration, "\(what) has a client certificate without a key, or a key without a certificate")
        }
        if let token = nonEmpty(user.value["token"]) {
            connection.credentials = .token(token)
        } else if let file = nonEmpty(user.value["tokenFile"]) {
            connection.credentials = .tokenFile(resolve(file, in: user.directory))
        } else if let exec = user.value["exec"]?.objectValue {
            connection.credentials = .exec(try execConfig(Value.object(exec), user: user, what: what))
        } else if user.value["auth-provider"] != nil {
            throw KubeError(
                .configuration,
                "\(what) uses an auth-provider, which kubectl no longer supports; use an exec credential plugin")
        } else if user.value["username"] != nil {
            throw KubeError(.configuration, "\(what) uses basic authentication, which Kubernetes no longer supports")
        }
    }

    private func execConfig(_ exec: Value, user: Entry, what: String) throws(KubeError) -> ExecPluginConfig {
        guard let command = nonEmpty(exec["command"]) else {
            throw KubeError(.configuration, "\(what): exec has no command")
        }
        guard let apiVersion = nonEmpty(exec["apiVersion"]) else {
            throw KubeError(.configuration, "\(what): exec has no apiVersion")
        }
        var env: [String: String] = [:]
        for item in exec["env"]?.arrayValue ?? [] {
            guard let name = item["name"]?.stringValue else { continue }
            env[name] = item["value"]?.stringValue ?? ""
        }
        // A relative command with a slash is relative to the kubeconfig; a bare name is looked up in PATH.
        let resolvedCommand = command.contains("/") ? resolve(command, in: user.directory) : command
        return ExecPluginConfig(
            apiVersion: apiVersion, command: resolvedCommand,
            args: (exec["args"]?.arrayValue ?? []).compactMap(\.stringValue),
            env: env, interactiveMode: nonEmpty(exec["interactiveMode"]) ?? "IfAvailable",
            provideClusterInfo: exec["provideClusterInfo"]?.boolValue ?? false,
            installHint: nonEmpty(exec["installHint"]))
    }

    /// Inline base64 data, else the named file's bytes; data wins when both are set, as in client-go.
    private func material(_ entry: Entry, data: String, file: String, what: String) throws(KubeError) -> [UInt8]? {
        if let encoded = nonEmpty(entry.value[data]) {
            guard let decoded = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) else {
                throw KubeError(.configuration, "\(what): \(data) is not valid base64")
            }
            return Array(decoded)
        }
        if let path = nonEmpty(entry.value[file]) {
            let resolved = resolve(path, in: entry.directory)
            guard let contents = FileManager.default.contents(atPath: resolved) else {
                throw KubeError(.configuration, "\(what): cannot read \(file) \"\(resolved)\"")
            }
            return Array(contents)
        }
        return nil
    }

    private func nonEmpty(_ value: Value?) -> String? {
        guard let string = value?.stringValue, !string.isEmpty else { return nil }
        return string
    }

    private func resolve(_ path: String, in directory: String) -> String {
        path.hasPrefix("/") || directory.isEmpty ? path : "\(directory)/\(path)"
    }

    private var filesDescription: String {
        files.isEmpty ? "any kubeconfig" : files.map { "\"\($0)\"" }.joined(separator: ", ")
    }
}

// MARK: - Entry point

extension KubeConfig {
    /// The connection kubectl would use: kubeconfig files, or in-cluster configuration when there are none.
    ///
    /// - Parameters:
    ///   - kubeconfigPath: `--kubeconfig`.
    ///   - context: `--context`.
    ///   - namespace: `--namespace`.
    ///   - environment: Supplies `KUBECONFIG`, `HOME` and, in a pod, `KUBERNETES_SERVICE_HOST`/`_PORT`.
    /// - Throws: ``KubeError`` with ``KubeError/Code/configuration``.
    public static func load(
        kubeconfigPath: String?, context: String?, namespace: String? = nil, environment: [String: String]
    ) throws -> ClusterConnection {
        let config = try read(kubeconfigPath: kubeconfigPath, environment: environment)
        if config.contexts.isEmpty && kubeconfigPath == nil && context == nil,
            environment["KUBERNETES_SERVICE_HOST"] != nil
        {
            var connection = try InClusterConfig.connection(environment: environment)
            if let namespace { connection.namespace = namespace }
            return connection
        }
        return try config.connection(context: context, namespace: namespace)
    }
}
