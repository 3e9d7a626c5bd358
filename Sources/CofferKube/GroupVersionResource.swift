/// A resource's API address: `apps/v1 deployments`, or `v1 pods` for the core group.
public struct GroupVersionResource: Hashable, Sendable, CustomStringConvertible {
    /// The API group; empty for the core group (`pods`, `services`, ...).
    public var group: String
    public var version: String
    /// The plural resource name, as in URLs: `deployments`.
    public var resource: String

    public init(group: String, version: String, resource: String) {
        self.group = group
        self.version = version
        self.resource = resource
    }

    /// `deployments.v1.apps`, or `pods.v1` for the core group.
    public var description: String {
        group.isEmpty ? "\(resource).\(version)" : "\(resource).\(version).\(group)"
    }

    /// `apps/v1`, or `v1` for the core group.
    public var groupVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// The URL path prefix of this group-version: `/api/v1` or `/apis/apps/v1`.
    var apiPrefix: String { group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)" }

    /// The path of a collection or object; `namespace` nil means cluster-scoped (or all namespaces for lists).
    func path(namespace: String?, name: String? = nil, subresource: String? = nil) -> String {
        var path = apiPrefix
        if let namespace { path += "/namespaces/\(PathEncoding.segment(namespace))" }
        path += "/\(resource)"
        if let name { path += "/\(PathEncoding.segment(name))" }
        if let subresource { path += "/\(subresource)" }
        return path
    }

    // MARK: - Common resources

    public static let pods = GroupVersionResource(group: "", version: "v1", resource: "pods")
    public static let namespaces = GroupVersionResource(group: "", version: "v1", resource: "namespaces")
    public static let configMaps = GroupVersionResource(group: "", version: "v1", resource: "configmaps")
    public static let secrets = GroupVersionResource(group: "", version: "v1", resource: "secrets")
    public static let services = GroupVersionResource(group: "", version: "v1", resource: "services")
    public static let persistentVolumeClaims = GroupVersionResource(
        group: "", version: "v1", resource: "persistentvolumeclaims")
    public static let deployments = GroupVersionResource(group: "apps", version: "v1", resource: "deployments")
    public static let statefulSets = GroupVersionResource(group: "apps", version: "v1", resource: "statefulsets")
    public static let customResourceDefinitions = GroupVersionResource(
        group: "apiextensions.k8s.io", version: "v1", resource: "customresourcedefinitions")
}

/// Percent-encoding for URL path segments and query values.
enum PathEncoding {
    private static let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)

    static func segment(_ text: String) -> String { encode(text) }

    static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            if unreserved.contains(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    /// `?a=b&c=d` from ordered pairs, or the empty string.
    static func query(_ items: [(String, String)]) -> String {
        items.isEmpty ? "" : "?" + items.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
