import CofferCore

/// A request the API server refuses, as the `Status` object it answers with.
///
/// A small stand-in until `CofferKubeAPI.KubeStatus` lands; the messages follow kube-apiserver's wording.
struct APIError: Error, Sendable {
    var code: Int
    var reason: String
    var message: String
    var details: Value?

    /// The `Status` object sent to the client.
    var status: Value {
        var map: ValueMap = ([
            "kind": "Status", "apiVersion": "v1", "metadata": .object(ValueMap()), "status": "Failure",
            "message": .string(message), "reason": .string(reason),
        ] as Value).objectValue!  // a dictionary literal is an object
        if let details { map["details"] = details }
        map["code"] = .int(Int64(code))
        return .object(map)
    }

    private static func details(_ resource: GroupResource, _ name: String) -> Value {
        var map = ValueMap()
        map["name"] = .string(name)
        if !resource.group.isEmpty { map["group"] = .string(resource.group) }
        map["kind"] = .string(resource.resource)
        return .object(map)
    }

    static func notFound(_ resource: GroupResource, _ name: String) -> APIError {
        APIError(
            code: 404, reason: "NotFound", message: "\(resource) \"\(name)\" not found",
            details: details(resource, name))
    }

    static func alreadyExists(_ resource: GroupResource, _ name: String) -> APIError {
        APIError(
            code: 409, reason: "AlreadyExists", message: "\(resource) \"\(name)\" already exists",
            details: details(resource, name))
    }

    static func conflict(_ resource: GroupResource, _ name: String) -> APIError {
        APIError(
            code: 409, reason: "Conflict",
            message: "Operation cannot be fulfilled on \(resource) \"\(name)\": the object has been modified; "
                + "please apply your changes to the latest version and try again",
            details: details(resource, name))
    }

    /// 422 Invalid: `<Kind> "<name>" is invalid: <field>: <detail>`.
    static func invalid(kind: String, group: String, name: String, causes: [(field: String, message: String)])
        -> APIError
    {
        let joined = causes.map { "\($0.field): \($0.message)" }
        let summary = joined.count == 1 ? joined[0] : "[" + joined.joined(separator: ", ") + "]"
        var details = ValueMap()
        details["name"] = .string(name)
        if !group.isEmpty { details["group"] = .string(group) }
        details["kind"] = .string(kind)
        details["causes"] = .array(
            causes.map {
                ["reason": "FieldValueInvalid", "message": .string($0.message), "field": .string($0.field)]
            })
        return APIError(
            code: 422, reason: "Invalid", message: "\(kind) \"\(name)\" is invalid: \(summary)",
            details: .object(details))
    }

    static func badRequest(_ message: String) -> APIError {
        APIError(code: 400, reason: "BadRequest", message: message)
    }

    static func methodNotAllowed(_ message: String = "the server does not allow this method on the requested resource")
        -> APIError
    {
        APIError(code: 405, reason: "MethodNotAllowed", message: message)
    }

    static func unsupportedMediaType(_ contentType: String) -> APIError {
        APIError(
            code: 415, reason: "UnsupportedMediaType",
            message: "the body of the request was in an unknown format - accepted media types include: "
                + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"
                + (contentType.isEmpty ? "" : ""))
    }

    static func gone(_ message: String) -> APIError {
        APIError(code: 410, reason: "Expired", message: message)
    }

    static let unauthorized = APIError(code: 401, reason: "Unauthorized", message: "Unauthorized")

    /// 403: `pods is forbidden: User "u" cannot list resource "pods" in API group "" in the namespace "ns"`.
    static func forbidden(user: String, verb: String, resource: GroupResource, namespace: String?, name: String?)
        -> APIError
    {
        let subject = name.map { "\(resource) \"\($0)\"" } ?? resource.description
        var message =
            "\(subject) is forbidden: User \"\(user)\" cannot \(verb) resource \"\(resource.resource)\" "
            + "in API group \"\(resource.group)\""
        if let namespace, !namespace.isEmpty {
            message += " in the namespace \"\(namespace)\""
        } else {
            message += " at the cluster scope"
        }
        var details = ValueMap()
        if let name { details["name"] = .string(name) }
        if !resource.group.isEmpty { details["group"] = .string(resource.group) }
        details["kind"] = .string(resource.resource)
        return APIError(code: 403, reason: "Forbidden", message: message, details: .object(details))
    }

    static func tooManyRequests() -> APIError {
        APIError(code: 429, reason: "TooManyRequests", message: "the server has received too many requests")
    }

    static func internalError(_ message: String) -> APIError {
        APIError(code: 500, reason: "InternalError", message: "Internal error occurred: \(message)")
    }

    static func notFoundPath() -> APIError {
        APIError(code: 404, reason: "NotFound", message: "the server could not find the requested resource")
    }
}
