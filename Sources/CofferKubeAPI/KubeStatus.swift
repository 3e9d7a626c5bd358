public import CofferCore

/// A failed API request, as kube-apiserver reports it: the `Status` object, with its HTTP code.
///
/// The factory methods reproduce the messages of apimachinery's `errors` package word for word, so
/// kubectl prints what it prints against a real cluster (`Error from server (NotFound): pods "x" not found`).
public struct KubeStatus: Error, Sendable, Hashable, CustomStringConvertible {
    /// The machine-readable `reason`; unknown reasons round-trip.
    public struct Reason: Hashable, Sendable, CustomStringConvertible {
        /// The `reason` string: `NotFound`.
        public var rawValue: String
        /// A reason from its string.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The `reason` string.
        public var description: String { rawValue }

        /// No reason given.
        public static let unknown = Reason(rawValue: "")
        /// The `Unauthorized` reason.
        public static let unauthorized = Reason(rawValue: "Unauthorized")
        /// The `Forbidden` reason.
        public static let forbidden = Reason(rawValue: "Forbidden")
        /// The `NotFound` reason.
        public static let notFound = Reason(rawValue: "NotFound")
        /// The `AlreadyExists` reason.
        public static let alreadyExists = Reason(rawValue: "AlreadyExists")
        /// The `Conflict` reason.
        public static let conflict = Reason(rawValue: "Conflict")
        /// The `Gone` reason.
        public static let gone = Reason(rawValue: "Gone")
        /// The `Invalid` reason.
        public static let invalid = Reason(rawValue: "Invalid")
        /// The `ServerTimeout` reason.
        public static let serverTimeout = Reason(rawValue: "ServerTimeout")
        /// The `StorageReadError` reason.
        public static let storageReadError = Reason(rawValue: "StorageReadError")
        /// The `Timeout` reason.
        public static let timeout = Reason(rawValue: "Timeout")
        /// The `TooManyRequests` reason.
        public static let tooManyRequests = Reason(rawValue: "TooManyRequests")
        /// The `BadRequest` reason.
        public static let badRequest = Reason(rawValue: "BadRequest")
        /// The `MethodNotAllowed` reason.
        public static let methodNotAllowed = Reason(rawValue: "MethodNotAllowed")
        /// The `NotAcceptable` reason.
        public static let notAcceptable = Reason(rawValue: "NotAcceptable")
        /// The `RequestEntityTooLarge` reason.
        public static let requestEntityTooLarge = Reason(rawValue: "RequestEntityTooLarge")
        /// The `UnsupportedMediaType` reason.
        public static let unsupportedMediaType = Reason(rawValue: "UnsupportedMediaType")
        /// The `InternalError` reason.
        public static let internalError = Reason(rawValue: "InternalError")
        /// The `Expired` reason.
        public static let expired = Reason(rawValue: "Expired")
        /// The `ServiceUnavailable` reason.
        public static let serviceUnavailable = Reason(rawValue: "ServiceUnavailable")
    }

    /// One entry of `details.causes`.
    public struct Cause: Hashable, Sendable {
        /// The cause type: `FieldValueInvalid`, `ExitCode`, ...
        public var reason: String
        /// What went wrong, in words.
        public var message: String
        /// The field path the cause is about.
        public var field: String
        /// A cause; empty members are left out of the JSON.
        public init(reason: String = "", message: String = "", field: String = "") {
            self.reason = reason
            self.message = message
            self.field = field
        }
    }

    /// The `details` member: which object failed, and why.
    public struct Details: Hashable, Sendable {
        /// The object's name.
        public var name: String
        /// The API group; empty for the core group.
        public var group: String
        /// For most errors the resource (`pods`); for `Invalid` the kind (`Pod`).
        public var kind: String
        /// The object's UID, when known.
        public var uid: String
        /// One entry per problem found.
        public var causes: [Cause]
        /// How long the client should wait before retrying; 0 for no advice.
        public var retryAfterSeconds: Int
        /// Details; empty members are left out of the JSON.
        public init(
            name: String = "", group: String = "", kind: String = "", uid: String = "", causes: [Cause] = [],
            retryAfterSeconds: Int = 0
        ) {
            self.name = name
            self.group = group
            self.kind = kind
            self.uid = uid
            self.causes = causes
            self.retryAfterSeconds = retryAfterSeconds
        }
    }

    /// The HTTP status code.
    public var code: Int
    /// The machine-readable reason.
    public var reason: Reason
    /// The one-line message kubectl prints after `Error from server (<reason>):`.
    public var message: String
    /// Which object, and the causes; `nil` leaves `details` out.
    public var details: Details?

    /// A status from its parts; prefer the factory methods, which word messages as the API server does.
    public init(code: Int, reason: Reason, message: String, details: Details? = nil) {
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details
    }

    /// The message, as client-go's `StatusError.Error()` returns it.
    public var description: String { message }

    /// The Status object exactly as kube-apiserver writes it, members in its order, empty ones omitted.
    public var value: Value {
        var map = ValueMap()
        map["kind"] = "Status"
        map["apiVersion"] = "v1"
        map["metadata"] = .object(ValueMap())
        map["status"] = "Failure"
        if !message.isEmpty { map["message"] = .string(message) }
        if !reason.rawValue.isEmpty { map["reason"] = .string(reason.rawValue) }
        if let details { map["details"] = details.value }
        if code != 0 { map["code"] = .int(Int64(code)) }
        return .object(map)
    }

    /// Reads a Status object; `nil` when `value` is not one (no `kind: Status`).
    public init?(value: Value) {
        guard value["kind"]?.stringValue == "Status" else { return nil }
        code = Int(value["code"]?.intValue ?? 0)
        reason = Reason(rawValue: value["reason"]?.stringValue ?? "")
        message = value["message"]?.stringValue ?? ""
        details = value["details"].flatMap(Details.init(value:))
    }
}

// MARK: - JSON

extension KubeStatus.Details {
    var value: Value {
        var map = ValueMap()
        if !name.isEmpty { map["name"] = .string(name) }
        if !group.isEmpty { map["group"] = .string(group) }
        if !kind.isEmpty { map["kind"] = .string(kind) }
        if !uid.isEmpty { map["uid"] = .string(uid) }
        if !causes.isEmpty { map["causes"] = .array(causes.map(\.value)) }
        if retryAfterSeconds != 0 { map["retryAfterSeconds"] = .int(Int64(retryAfterSeconds)) }
        return .object(map)
    }

    init?(value: Value) {
        guard value.objectValue != nil else { return nil }
        self.init(
            name: value["name"]?.stringValue ?? "", group: value["group"]?.stringValue ?? "",
            kind: value["kind"]?.stringValue ?? "", uid: value["uid"]?.stringValue ?? "",
            causes: (value["causes"]?.arrayValue ?? []).map(KubeStatus.Cause.init(value:)),
            retryAfterSeconds: Int(value["retryAfterSeconds"]?.intValue ?? 0))
    }
}

extension KubeStatus.Cause {
    var value: Value {
        var map = ValueMap()
        if !reason.isEmpty { map["reason"] = .string(reason) }
        if !message.isEmpty { map["message"] = .string(message) }
        if !field.isEmpty { map["field"] = .string(field) }
        return .object(map)
    }

    init(value: Value) {
        self.init(
            reason: value["reason"]?.stringValue ?? "", message: value["message"]?.stringValue ?? "",
            field: value["field"]?.stringValue ?? "")
    }
}

// MARK: - The API server's errors

extension KubeStatus {
    /// `resource.group`, or `resource` for the core group, as `GroupResource.String()`.
    static func qualified(_ name: String, group: String) -> String {
        group.isEmpty ? name : "\(name).\(group)"
    }

    /// 404: `postgresclusters.postgres-operator.crunchydata.com "hippo" not found`.
    public static func notFound(group: String, resource: String, name: String) -> KubeStatus {
        KubeStatus(
            code: 404, reason: .notFound,
            message: "\(qualified(resource, group: group)) \(GoFormat.quote(name)) not found",
            details: Details(name: name, group: group, kind: resource))
    }

    /// 409: `pods "x" already exists`.
    public static func alreadyExists(group: String, resource: String, name: String) -> KubeStatus {
        KubeStatus(
            code: 409, reason: .alreadyExists,
            message: "\(qualified(resource, group: group)) \(GoFormat.quote(name)) already exists",
            details: Details(name: name, group: group, kind: resource))
    }

    /// The text of a stale-resourceVersion update.
    public static let conflictModifiedMessage =
        "the object has been modified; please apply your changes to the latest version and try again"

    /// 409: `Operation cannot be fulfilled on pods "x": the object has been modified; ...`.
    public static func conflict(
        group: String, resource: String, name: String, message: String = conflictModifiedMessage
    ) -> KubeStatus {
        KubeStatus(
            code: 409, reason: .conflict,
            message:
                "Operation cannot be fulfilled on \(qualified(resource, group: group)) \(GoFormat.quote(name)): \(message)",
            details: Details(name: name, group: group, kind: resource))
    }

    /// 422: `PostgresCluster.postgres-operator.crunchydata.com "hippo" is invalid: [a, b]`, one cause per error.
    public static func invalid(kind: String, group: String, name: String, causes: [FieldError]) -> KubeStatus {
        let subject = "\(qualified(kind, group: group)) \(GoFormat.quote(name)) is invalid"
        let message = causes.aggregateDescription.map { "\(subject): \($0)" } ?? subject
        return KubeStatus(
            code: 422, reason: .invalid, message: message,
            details: Details(name: name, group: group, kind: kind, causes: causes.map(\.cause)))
    }

    /// 422 with the generic text kube-apiserver sends when a JSON patch cannot be applied.
    public static func unprocessablePatch() -> KubeStatus {
        KubeStatus(
            code: 422, reason: .invalid, message: "the server rejected our request due to an error in our request",
            details: Details())
    }

    /// 400 with `message`, no details.
    public static func badRequest(_ message: String) -> KubeStatus {
        KubeStatus(code: 400, reason: .badRequest, message: message)
    }

    /// 405: `create is not supported on resources of kind "pods/log"`.
    public static func methodNotAllowed(group: String, resource: String, verb: String) -> KubeStatus {
        KubeStatus(
            code: 405, reason: .methodNotAllowed,
            message:
                "\(verb) is not supported on resources of kind \(GoFormat.quote(qualified(resource, group: group)))",
            details: Details(group: group, kind: resource))
    }

    /// 415: `the body of the request was in an unknown format - accepted media types include: ...`.
    public static func unsupportedMediaType(accepted: [String]) -> KubeStatus {
        KubeStatus(
            code: 415, reason: .unsupportedMediaType,
            message: "the body of the request was in an unknown format - accepted media types include: "
                + accepted.joined(separator: ", "))
    }

    /// The media types a custom resource accepts for PATCH (no strategic merge patch).
    public static let customResourcePatchTypes = [
        "application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml",
    ]

    /// 406: `only the following media types are accepted: ...`.
    public static func notAcceptable(accepted: [String]) -> KubeStatus {
        KubeStatus(
            code: 406, reason: .notAcceptable,
            message: "only the following media types are accepted: " + accepted.joined(separator: ", "))
    }

    /// 410 Expired, the watch error: `too old resource version: 5 (120)`.
    public static func expired(requested: String, current: String) -> KubeStatus {
        expired("too old resource version: \(requested) (\(current))")
    }

    /// 410 with reason `Expired` and `message`.
    public static func expired(_ message: String) -> KubeStatus {
        KubeStatus(code: 410, reason: .expired, message: message)
    }

    /// 410 with reason `Gone` and `message`.
    public static func gone(_ message: String) -> KubeStatus {
        KubeStatus(code: 410, reason: .gone, message: message)
    }

    /// 429 with `message` and a `Retry-After` hint.
    public static func tooManyRequests(_ message: String, retryAfterSeconds: Int = 0) -> KubeStatus {
        KubeStatus(
            code: 429, reason: .tooManyRequests, message: message,
            details: Details(retryAfterSeconds: retryAfterSeconds))
    }

    /// 500 ServerTimeout: `The get operation against pods could not be completed at this time, please try again.`
    public static func serverTimeout(group: String, resource: String, operation: String, retryAfterSeconds: Int = 0)
        -> KubeStatus
    {
        KubeStatus(
            code: 500, reason: .serverTimeout,
            message: "The \(operation) operation against \(qualified(resource, group: group)) could not be completed "
                + "at this time, please try again.",
            details: Details(name: operation, group: group, kind: resource, retryAfterSeconds: retryAfterSeconds))
    }

    /// 503 with `message`.
    public static func serviceUnavailable(_ message: String) -> KubeStatus {
        KubeStatus(code: 503, reason: .serviceUnavailable, message: message)
    }

    /// 500: `Internal error occurred: <message>`, the message repeated as a cause.
    public static func internalError(_ message: String) -> KubeStatus {
        KubeStatus(
            code: 500, reason: .internalError, message: "Internal error occurred: \(message)",
            details: Details(causes: [Cause(message: message)]))
    }

    /// 504: `Timeout: <message>`.
    public static func timeout(_ message: String, retryAfterSeconds: Int = 0) -> KubeStatus {
        KubeStatus(
            code: 504, reason: .timeout, message: "Timeout: \(message)",
            details: Details(retryAfterSeconds: retryAfterSeconds))
    }

    /// 413: `Request entity too large: <message>`.
    public static func requestEntityTooLarge(_ message: String) -> KubeStatus {
        KubeStatus(code: 413, reason: .requestEntityTooLarge, message: "Request entity too large: \(message)")
    }

    /// 401; kube-apiserver answers a bad or missing token with the message `Unauthorized`.
    public static func unauthorized(_ message: String = "Unauthorized") -> KubeStatus {
        KubeStatus(code: 401, reason: .unauthorized, message: message.isEmpty ? "not authorized" : message)
    }

    /// 403 from RBAC: `pods is forbidden: User "x" cannot list resource "pods" in API group "" in the namespace "default"`.
    ///
    /// - Parameters:
    ///   - resource: The resource, with its subresource as `pods/log` when there is one.
    ///   - namespace: `nil` for a cluster-scoped request (`at the cluster scope`).
    public static func forbidden(
        user: String, verb: String, resource: String, group: String, name: String? = nil, namespace: String? = nil
    ) -> KubeStatus {
        let base = resource.split(separator: "/", maxSplits: 1).first.map(String.init) ?? resource
        var reasonText = "User \(GoFormat.quote(user)) cannot \(verb) resource \(GoFormat.quote(resource))"
        reasonText += " in API group \(GoFormat.quote(group))"
        if let namespace, !namespace.isEmpty {
            reasonText += " in the namespace \(GoFormat.quote(namespace))"
        } else {
            reasonText += " at the cluster scope"
        }
        return forbidden(group: group, resource: base, name: name ?? "", reason: reasonText)
    }

    /// 403 for a non-resource URL: `forbidden: User "x" cannot get path "/metrics"`.
    public static func forbidden(user: String, verb: String, path: String) -> KubeStatus {
        KubeStatus(
            code: 403, reason: .forbidden,
            message: "forbidden: User \(GoFormat.quote(user)) cannot \(verb) path \(GoFormat.quote(path))",
            details: Details())
    }

    /// 403: `<resource>[ "name"] is forbidden: <reason>`.
    public static func forbidden(group: String, resource: String, name: String, reason: String) -> KubeStatus {
        let subject =
            name.isEmpty
            ? qualified(resource, group: group) : "\(qualified(resource, group: group)) \(GoFormat.quote(name))"
        return KubeStatus(
            code: 403, reason: .forbidden, message: "\(subject) is forbidden: \(reason)",
            details: Details(name: name, group: group, kind: resource))
    }
}

// MARK: - Watch

extension KubeStatus {
    /// The watch event that carries this status: `{"type":"ERROR","object":<Status>}`.
    ///
    /// A watch from a compacted resourceVersion gets ``expired(requested:current:)`` this way, inside a 200 stream.
    public var watchErrorEvent: Value {
        ["type": "ERROR", "object": value]
    }
}
