public import CofferCore

/// A request to check: "may I do `verb` on `resource` in `namespace`?", as a SelfSubjectAccessReview asks it.
public struct ResourceAttributes: Sendable, Hashable, CustomStringConvertible {
    public var verb: String
    /// The API group; empty for the core group.
    public var group: String
    public var resource: String
    /// `log`, `exec`, `status`, `scale`, or `nil`.
    public var subresource: String?
    /// `nil` for cluster-scoped resources or all namespaces.
    public var namespace: String?
    public var name: String?

    public init(
        verb: String, group: String, resource: String, subresource: String? = nil, namespace: String? = nil,
        name: String? = nil
    ) {
        self.verb = verb
        self.group = group
        self.resource = resource
        self.subresource = subresource
        self.namespace = namespace
        self.name = name
    }

    /// `create pods/exec in namespace "db"`, kubectl-style resource names (`deployments.apps/scale`).
    public var description: String {
        var text = "\(verb) \(group.isEmpty ? resource : "\(resource).\(group)")"
        if let subresource { text += "/\(subresource)" }
        if let name { text += " \"\(name)\"" }
        if let namespace { text += " in namespace \"\(namespace)\"" }
        return text
    }
}

/// The server's answer to an access review.
public struct AccessDecision: Sendable, Hashable {
    public var allowed: Bool
    /// Why, when the authorizer said (RBAC names the binding that allowed it).
    public var reason: String?
}

extension KubeClient {
    /// Who the credentials authenticate as: the `status.userInfo` of a SelfSubjectReview
    /// (`username`, `uid`, `groups`, `extra`).
    ///
    /// Uses `authentication.k8s.io/v1` (Kubernetes 1.28+), falling back to `v1beta1` (1.27).
    /// - Throws: ``KubeError``; 401 when the credentials are rejected.
    public func selfSubjectReview() async throws -> Value {
        let review: Value = ["apiVersion": "authentication.k8s.io/v1", "kind": "SelfSubjectReview"]
        do {
            return try await raw("POST", path: "/apis/authentication.k8s.io/v1/selfsubjectreviews", body: review)[
                "status"]?["userInfo"] ?? .null
        } catch let error as KubeError where error.isNotFound {
            let beta: Value = ["apiVersion": "authentication.k8s.io/v1beta1", "kind": "SelfSubjectReview"]
            return try await raw("POST", path: "/apis/authentication.k8s.io/v1beta1/selfsubjectreviews", body: beta)[
                "status"]?["userInfo"] ?? .null
        }
    }

    /// Asks the server whether the current identity may perform `attributes` (SelfSubjectAccessReview).
    ///
    /// - Throws: ``KubeError`` when the review itself fails.
    public func accessReview(_ attributes: ResourceAttributes) async throws -> AccessDecision {
        var resourceAttributes = ValueMap()
        resourceAttributes["verb"] = .string(attributes.verb)
        resourceAttributes["group"] = .string(attributes.group)
        resourceAttributes["resource"] = .string(attributes.resource)
        if let subresource = attributes.subresource { resourceAttributes["subresource"] = .string(subresource) }
        if let namespace = attributes.namespace { resourceAttributes["namespace"] = .string(namespace) }
        if let name = attributes.name { resourceAttributes["name"] = .string(name) }
        let review: Value = [
            "apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview",
            "spec": ["resourceAttributes": .object(resourceAttributes)],
        ]
        let answer = try await raw("POST", path: "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", body: review)
        let status = answer["status"]
        return AccessDecision(
            allowed: status?["allowed"]?.boolValue ?? false,
            reason: status?["reason"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 })
    }
}
