import CofferCore

/// The authenticated identity a request acts as.
struct UserInfo: Sendable, Hashable {
    var name: String
    var groups: [String]
    /// What a non-admin user may do; admins (`system:masters`) may do everything.
    var rules: [AccessRule] = []

    var isAdmin: Bool { groups.contains("system:masters") }

    /// Whether the user may `verb` the `resource` (`pods`, `pods/exec`, `deployments.apps`) in `namespace`.
    func may(_ verb: String, _ resource: GroupResource, subresource: String? = nil, namespace: String?) -> Bool {
        isAdmin || rules.contains { $0.allows(verb, resource, subresource: subresource, namespace: namespace) }
    }
}

/// One allow rule from the users file: verbs on resources in namespaces (`*` for any; no namespaces for all).
struct AccessRule: Sendable, Hashable {
    var verbs: [String]
    var resources: [String]
    var namespaces: [String]

    func allows(_ verb: String, _ resource: GroupResource, subresource: String?, namespace: String?) -> Bool {
        guard verbs.contains("*") || verbs.contains(verb) else { return false }
        var names = [resource.resource, resource.description]
        if let subresource { names = names.map { "\($0)/\(subresource)" } }
        guard resources.contains("*") || names.contains(where: resources.contains) else { return false }
        if namespaces.isEmpty || namespaces.contains("*") { return true }
        return namespace.map(namespaces.contains) ?? false
    }
}

/// One HTTP request, read in full, as the API layer sees it.
struct APIRequest: Sendable {
    var method: String
    /// The path without the query, percent-decoded per segment.
    var path: String
    var query: [String: [String]]
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    var user: UserInfo

    init(
        method: String, target: String, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
        user: UserInfo
    ) {
        self.method = method
        self.headers = headers
        self.body = body
        self.user = user
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        path = String(parts[0])
        var query: [String: [String]] = [:]
        if parts.count > 1 {
            for pair in parts[1].split(separator: "&") {
                let keyValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = Self.percentDecoded(keyValue[0])
                let value = keyValue.count > 1 ? Self.percentDecoded(keyValue[1]) : ""
                query[key, default: []].append(value)
            }
        }
        self.query = query
    }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    func queryValue(_ name: String) -> String? { query[name]?.last }

    func queryFlag(_ name: String) -> Bool {
        guard let value = queryValue(name) else { return false }
        return value == "true" || value == "1" || value.isEmpty
    }

    static func percentDecoded(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), iterator.count >= 2,
                let high = hexValue(iterator[iterator.startIndex]),
                let low = hexValue(iterator[iterator.startIndex + 1])
            {
                bytes.append(high << 4 | low)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

/// How the server answers one request.
enum APIResponse: Sendable {
    /// A complete body.
    case body(status: Int, contentType: String, bytes: [UInt8], headers: [(name: String, value: String)])
    /// A watch stream the HTTP layer keeps open.
    case watch(WatchPlan)
    /// A plain-text stream (`kubectl logs -f`), polled until it says it has finished.
    case stream(StreamPlan)

    static func json(_ status: Int, _ bytes: [UInt8], headers: [(name: String, value: String)] = []) -> APIResponse {
        .body(status: status, contentType: "application/json", bytes: bytes, headers: headers)
    }
}

/// What a watch request asked for, resolved against the store.
struct WatchPlan: Sendable {
    var resource: GroupResource
    var namespace: String?
    var resourceVersion: Int64?
    var timeoutSeconds: Int64?
    var filter: @Sendable (StoredObject) -> Bool
    /// `allowWatchBookmarks=true`: BOOKMARK events carry the newest resourceVersion sent, periodically.
    var bookmarks = false
    /// `sendInitialEvents=true`: a BOOKMARK annotated `k8s.io/initial-events-end` follows the initial state.
    var initialEventsEnd = false
    var kind = ""
    var apiVersion = ""
    /// How an event is written: its JSON line, or a one-row Table for kubectl's printing.
    var line: @Sendable (WatchEvent) -> [UInt8] = { $0.line }

    /// A BOOKMARK event line at `resourceVersion`.
    func bookmark(_ resourceVersion: Int64, initialEventsEnd: Bool = false) -> [UInt8] {
        var metadata: ValueMap = ValueMap()
        metadata["resourceVersion"] = .string(String(resourceVersion))
        metadata["creationTimestamp"] = .null
        if initialEventsEnd { metadata["annotations"] = ["k8s.io/initial-events-end": "true"] }
        let object: Value = ["kind": .string(kind), "apiVersion": .string(apiVersion), "metadata": .object(metadata)]
        return Array((["type": "BOOKMARK", "object": object] as Value).jsonString().utf8) + [UInt8(ascii: "\n")]
    }
}

/// A growing text stream: each poll returns the bytes after `offset` and whether the stream has ended.
struct StreamPlan: Sendable {
    var poll: @Sendable (_ offset: Int) -> (bytes: [UInt8], finished: Bool)
}
