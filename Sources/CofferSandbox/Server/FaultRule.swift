import Synchronization

/// A deterministic fault: the first N requests with a method and path get a status or a dropped connection.
///
/// Written `METHOD PATH RESULT xN`, for example `POST /api/v1/namespaces/default/configmaps 500 x2`:
/// - `METHOD` is an HTTP method in upper case, or `*` for any;
/// - `PATH` is compared with the request's path, query excluded; a final `*` makes it a prefix;
/// - `RESULT` is `429`, a 5xx status, or `reset` (the connection is closed without an answer);
/// - `xN` is how many matching requests fail, N at least 1; later ones pass.
public struct FaultRule: Sendable, CustomStringConvertible {
    /// What a matching request gets.
    enum Result: Equatable {
        case status(Int)
        case reset
    }

    static let methods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    /// The rule as written.
    public let description: String
    let method: String?
    let path: String
    let isPrefix: Bool
    let result: Result
    let count: Int
    private let fired: Counter

    /// The requests answered so far; shared by every copy of the rule, so every connection draws on one budget.
    private final class Counter: Sendable {
        let value = Mutex(0)
    }

    /// Parses one `--fault-rule` value.
    /// - Parameter specification: `METHOD PATH RESULT xN`, such as `POST /api/v1/namespaces/demo/configmaps 500 x2`.
    /// - Throws: ``SandboxError`` naming the field that is wrong and what was expected.
    public init(_ specification: String) throws {
        let fields = specification.split(whereSeparator: \.isWhitespace).map(String.init)
        func problem(_ detail: String) -> SandboxError {
            SandboxError(message: "bad fault rule \"\(specification)\": \(detail)")
        }
        guard fields.count == 4 else {
            throw problem(
                "expected METHOD PATH STATUS|reset xCOUNT, e.g. \"POST /api/v1/namespaces/default/configmaps 500 x2\"")
        }
        let (method, path, result, count) = (fields[0], fields[1], fields[2], fields[3])
        guard method == "*" || Self.methods.contains(method) else {
            let known = Self.methods.sorted().joined(separator: ", ")
            throw problem("unknown method \"\(method)\": expected * or one of \(known)")
        }
        guard path.hasPrefix("/") else { throw problem("path \"\(path)\" must start with /") }
        guard !path.dropLast().contains("*"), !path.contains("?") else {
            throw problem("path \"\(path)\" may only end in * (a prefix) and has no query")
        }
        if result == "reset" {
            self.result = .reset
        } else if let code = Int(result), code == 429 || (500...599).contains(code) {
            self.result = .status(code)
        } else {
            throw problem("result \"\(result)\": expected 429, a 5xx status or reset")
        }
        guard count.hasPrefix("x"), let times = Int(count.dropFirst()), times >= 1 else {
            throw problem("count \"\(count)\": expected x followed by a number of at least 1, e.g. x2")
        }
        self.description = fields.joined(separator: " ")
        self.method = method == "*" ? nil : method
        self.isPrefix = path.hasSuffix("*")
        self.path = isPrefix ? String(path.dropLast()) : path
        self.count = times
        self.fired = Counter()
    }

    func matches(method: String, path: String) -> Bool {
        (self.method == nil || self.method == method) && (isPrefix ? path.hasPrefix(self.path) : path == self.path)
    }

    /// Takes one failure from the budget: its number (1 for the first), or nil once all N are spent.
    func take() -> Int? {
        fired.value.withLock { fired in
            guard fired < count else { return nil }
            fired += 1
            return fired
        }
    }
}
