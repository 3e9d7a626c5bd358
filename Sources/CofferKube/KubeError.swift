public import CofferCore
import CofferKubeAPI

/// A problem talking to a Kubernetes API server, or loading the configuration that says how to.
///
/// Errors the server answers with carry its `Status`: ``statusCode``, ``reason`` and the whole object in
/// ``status``. Secrets never appear in ``message``: request headers and key material are not quoted.
public struct KubeError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem this is; tests match codes, and new codes break nobody.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable {
            case configuration, credentials, transport, timeout, server, decoding, protocolViolation
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The kubeconfig or in-cluster configuration is missing, unreadable or inconsistent.
        public static let configuration = Code(.configuration)
        /// A credential (token file, exec plugin) could not be obtained.
        public static let credentials = Code(.credentials)
        /// The connection failed: DNS, TCP, TLS, reset.
        public static let transport = Code(.transport)
        /// The request or wait took longer than allowed.
        public static let timeout = Code(.timeout)
        /// The server answered with an error status; see ``KubeError/statusCode`` and ``KubeError/reason``.
        public static let server = Code(.server)
        /// The server's answer was not the JSON expected.
        public static let decoding = Code(.decoding)
        /// The server broke a protocol rule (WebSocket handshake, framing).
        public static let protocolViolation = Code(.protocolViolation)

        public var description: String {
            switch kind {
            case .configuration: "configuration"
            case .credentials: "credentials"
            case .transport: "transport"
            case .timeout: "timeout"
            case .server: "server"
            case .decoding: "decoding"
            case .protocolViolation: "protocolViolation"
            }
        }
    }

    public var code: Code
    /// One line, lower-case start, no final period.
    public var message: String
    /// The HTTP status code for ``Code/server`` errors (404, 409, 429, ...).
    public var statusCode: Int?
    /// The Status `reason` (`NotFound`, `Conflict`, `AlreadyExists`, `Forbidden`, ...), when the server sent one.
    public var reason: String?
    /// The Status object the server answered with, when its body was one.
    public var status: Value?
    /// The lower-level cause, such as a libcurl error or a JSON parse error.
    public var underlying: (any Error & Sendable)?

    public init(
        _ code: Code, _ message: String, statusCode: Int? = nil, reason: String? = nil, status: Value? = nil,
        underlying: (any Error & Sendable)? = nil
    ) {
        self.code = code
        self.message = message
        self.statusCode = statusCode
        self.reason = reason
        self.status = status
        self.underlying = underlying
    }

    public var description: String {
        if code == .server {
            return "error from server (\(reason ?? "Unknown")): \(message)"
        }
        return message
    }

    /// The description followed by its causes, one per line, as `-v` shows them.
    public func detailedDescription() -> String {
        var lines = [description]
        if let details = status?["details"], details != .null { lines.append("details: \(details.jsonString())") }
        if let underlying { lines.append("caused by: \(underlying)") }
        return lines.joined(separator: "\n")
    }

    /// The `details` member of the Status, when present.
    public var details: Value? { status?["details"] }
}

// MARK: - Status responses

extension KubeError {
    /// The error for a non-2xx answer, from its Status body when it has one, else from the status line.
    static func fromResponse(statusCode: Int, body: [UInt8], verb: String, path: String) -> KubeError {
        // CofferKubeAPI's KubeStatus is the one reader of Status objects; members it finds empty fall back to
        // the HTTP status line.
        if let value = try? Value(json: body), let status = KubeStatus(value: value) {
            return KubeError(
                .server, status.message.isEmpty ? "\(verb) \(path): HTTP \(statusCode)" : status.message,
                statusCode: status.code == 0 ? statusCode : status.code,
                reason: status.reason == .unknown ? defaultReason(statusCode) : status.reason.rawValue,
                status: value)
        }
        // Proxies and load balancers answer with HTML or plain text; quote a short, single-line excerpt.
        let text =
            String(decoding: body.prefix(200), as: UTF8.self)
            .split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let suffix = text.isEmpty ? "" : ": \(text)"
        return KubeError(
            .server, "\(verb) \(path): HTTP \(statusCode)\(suffix)", statusCode: statusCode,
            reason: defaultReason(statusCode))
    }

    /// The reason client-go assigns when the body is not a Status.
    static func defaultReason(_ statusCode: Int) -> String {
        switch statusCode {
        case 400: "BadRequest"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "NotFound"
        case 405: "MethodNotAllowed"
        case 409: "Conflict"
        case 410: "Expired"
        case 415: "UnsupportedMediaType"
        case 422: "Invalid"
        case 429: "TooManyRequests"
        case 500: "InternalError"
        case 503: "ServiceUnavailable"
        case 504: "Timeout"
        default: "Unknown"
        }
    }

    /// Whether this is the server saying the object does not exist.
    public var isNotFound: Bool { code == .server && statusCode == 404 }
    /// Whether this is an optimistic-concurrency or field-ownership conflict (409).
    public var isConflict: Bool { code == .server && statusCode == 409 && reason != "AlreadyExists" }
    /// Whether a create found the object already there.
    public var isAlreadyExists: Bool { code == .server && reason == "AlreadyExists" }
    /// Whether a watch or list asked for a resourceVersion the server no longer has (410 Gone / Expired).
    public var isGone: Bool { code == .server && (statusCode == 410 || reason == "Expired" || reason == "Gone") }
}
