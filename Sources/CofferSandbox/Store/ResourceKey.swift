/// A resource type as stored: its API group and plural name, the same in every served version.
struct GroupResource: Hashable, Sendable, CustomStringConvertible {
    var group: String
    var resource: String

    /// `pods` or `deployments.apps`, as the API server names resources in messages.
    var description: String { group.isEmpty ? resource : "\(resource).\(group)" }
}

/// Where one object lives: its namespace (empty for cluster-scoped resources) and name.
struct ObjectKey: Hashable, Sendable, Comparable {
    var namespace: String
    var name: String

    static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
        (lhs.namespace, lhs.name) < (rhs.namespace, rhs.name)
    }
}
