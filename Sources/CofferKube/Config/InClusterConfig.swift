import Foundation

/// The configuration a pod gets from its service account, as client-go's `InClusterConfig` reads it.
public enum InClusterConfig {
    /// Where Kubernetes mounts the service-account token, CA and namespace.
    public static let serviceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// The connection to the API server this pod runs under.
    ///
    /// The token is read from its file at use and re-read every minute, since kubelet rotates it.
    /// - Parameters:
    ///   - environment: Supplies `KUBERNETES_SERVICE_HOST` and `KUBERNETES_SERVICE_PORT`.
    ///   - directory: The service-account mount; tests point it elsewhere.
    /// - Throws: ``KubeError`` with ``KubeError/Code/configuration`` outside a pod.
    public static func connection(
        environment: [String: String], directory: String = serviceAccountDirectory
    ) throws -> ClusterConnection {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
            let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty
        else {
            throw KubeError(
                .configuration,
                "not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set")
        }
        let tokenPath = "\(directory)/token"
        guard FileManager.default.isReadableFile(atPath: tokenPath) else {
            throw KubeError(.configuration, "cannot read the service-account token \"\(tokenPath)\"")
        }
        let hostPart = host.contains(":") ? "[\(host)]" : host
        var connection = ClusterConnection(server: "https://\(hostPart):\(port)", credentials: .tokenFile(tokenPath))
        if let ca = FileManager.default.contents(atPath: "\(directory)/ca.crt") { connection.caData = Array(ca) }
        if let namespace = FileManager.default.contents(atPath: "\(directory)/namespace") {
            let text = String(decoding: namespace, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { connection.namespace = text }
        }
        return connection
    }
}
