/// Everything needed to reach and authenticate to one API server, resolved from a kubeconfig context or
/// from in-cluster configuration.
///
/// Key material is held in memory and handed to libcurl as blobs; ``description`` redacts it.
public struct ClusterConnection: Sendable, Hashable, CustomStringConvertible {
    /// The API server's base URL, such as `https://10.0.0.1:6443`, without a trailing slash.
    public var server: String
    /// PEM certificate authorities to trust; `nil` uses the system store.
    public var caData: [UInt8]?
    /// PEM client certificate and key for TLS client authentication.
    public var clientCertificateData: [UInt8]?
    public var clientKeyData: [UInt8]?
    /// Where the bearer token (or exec-plugin credentials) comes from.
    public var credentials: CredentialSource
    /// Skip verifying the server's certificate (`insecure-skip-tls-verify`).
    public var insecureSkipTLSVerify: Bool
    /// The name to check the server certificate against, and send as SNI (`tls-server-name`).
    public var tlsServerName: String?
    /// The proxy for every request (`proxy-url`); `nil` lets libcurl honour `HTTPS_PROXY` and `NO_PROXY`.
    public var proxyURL: String?
    /// The namespace to use when a command names none: the context's, or `default`.
    public var namespace: String
    /// The kubeconfig context this came from; `nil` for in-cluster configuration.
    public var contextName: String?
    /// The kubeconfig user entry this came from, for messages.
    public var userName: String?

    public init(
        server: String, caData: [UInt8]? = nil, clientCertificateData: [UInt8]? = nil,
        clientKeyData: [UInt8]? = nil, credentials: CredentialSource = .none, insecureSkipTLSVerify: Bool = false,
        tlsServerName: String? = nil, proxyURL: String? = nil, namespace: String = "default",
        contextName: String? = nil, userName: String? = nil
    ) {
        self.server = server.hasSuffix("/") ? String(server.dropLast()) : server
        self.caData = caData
        self.clientCertificateData = clientCertificateData
        self.clientKeyData = clientKeyData
        self.credentials = credentials
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.tlsServerName = tlsServerName
        self.proxyURL = proxyURL
        self.namespace = namespace
        self.contextName = contextName
        self.userName = userName
    }

    public var description: String {
        var parts = ["server: \(server)", "namespace: \(namespace)"]
        if let contextName { parts.append("context: \(contextName)") }
        if caData != nil { parts.append("ca: <\(caData!.count) bytes>") }
        if clientCertificateData != nil { parts.append("client certificate: <redacted>") }
        if clientKeyData != nil { parts.append("client key: <redacted>") }
        parts.append("credentials: \(credentials)")
        if insecureSkipTLSVerify { parts.append("insecure-skip-tls-verify") }
        if let tlsServerName { parts.append("tls-server-name: \(tlsServerName)") }
        if let proxyURL { parts.append("proxy: \(proxyURL)") }
        return parts.joined(separator: ", ")
    }

    var tls: TLSSettings {
        TLSSettings(
            caPEM: caData, clientCertificatePEM: clientCertificateData, clientKeyPEM: clientKeyData,
            insecure: insecureSkipTLSVerify, serverName: tlsServerName)
    }
}

/// Where a connection's bearer token comes from.
public enum CredentialSource: Sendable, Hashable, CustomStringConvertible {
    /// No token: anonymous, or client certificates alone.
    case none
    /// A fixed bearer token.
    case token(String)
    /// A file holding the token, re-read periodically so rotated service-account tokens are picked up.
    case tokenFile(String)
    /// An exec credential plugin, as EKS, GKE and AKS kubeconfigs use.
    case exec(ExecPluginConfig)

    public var description: String {
        switch self {
        case .none: "none"
        case .token: "token <redacted>"
        case .tokenFile(let path): "token file \(path)"
        case .exec(let plugin): "exec plugin \(plugin.command)"
        }
    }
}

/// The `user.exec` section of a kubeconfig: a command that prints an `ExecCredential`.
public struct ExecPluginConfig: Sendable, Hashable {
    /// `client.authentication.k8s.io/v1` or `client.authentication.k8s.io/v1beta1`.
    public var apiVersion: String
    /// The program to run; relative paths with a slash resolve against the kubeconfig's directory.
    public var command: String
    public var args: [String]
    /// Extra environment variables, added to this process's environment.
    public var env: [String: String]
    /// `Never`, `IfAvailable` or `Always`; Coffer never has a terminal for the plugin, so `Always` fails.
    public var interactiveMode: String
    /// Whether to pass the cluster's details in `KUBERNETES_EXEC_INFO`.
    public var provideClusterInfo: Bool
    /// Shown when the command cannot be found, as the kubeconfig's author wrote it.
    public var installHint: String?

    public init(
        apiVersion: String, command: String, args: [String] = [], env: [String: String] = [:],
        interactiveMode: String = "IfAvailable", provideClusterInfo: Bool = false, installHint: String? = nil
    ) {
        self.apiVersion = apiVersion
        self.command = command
        self.args = args
        self.env = env
        self.interactiveMode = interactiveMode
        self.provideClusterInfo = provideClusterInfo
        self.installHint = installHint
    }
}
