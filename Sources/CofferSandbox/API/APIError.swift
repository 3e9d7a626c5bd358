import CofferCore
import CofferKubeAPI

/// Errors the API layer answers with are CofferKubeAPI's `Status` objects.
typealias APIError = KubeStatus

// MARK: - Shorthands over the sandbox's own types

extension KubeStatus {
    /// The `Status` object sent to the client.
    var status: Value { value }

    static func notFound(_ resource: GroupResource, _ name: String) -> KubeStatus {
        .notFound(group: resource.group, resource: resource.resource, name: name)
    }

    static func alreadyExists(_ resource: GroupResource, _ name: String) -> KubeStatus {
        .alreadyExists(group: resource.group, resource: resource.resource, name: name)
    }

    static func conflict(_ resource: GroupResource, _ name: String) -> KubeStatus {
        .conflict(group: resource.group, resource: resource.resource, name: name)
    }

    static func methodNotAllowed() -> KubeStatus {
        KubeStatus(
            code: 405, reason: .methodNotAllowed,
            message: "the server does not allow this method on the requested resource")
    }

    static func forbidden(user: String, verb: String, resource: GroupResource, namespace: String?, name: String?)
        -> KubeStatus
    {
        .forbidden(
            user: user, verb: verb, resource: resource.resource, group: resource.group, name: name,
            namespace: namespace)
    }

    static func notFoundPath() -> KubeStatus {
        KubeStatus(code: 404, reason: .notFound, message: "the server could not find the requested resource")
    }
}
