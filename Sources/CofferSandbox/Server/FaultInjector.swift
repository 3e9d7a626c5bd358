import CofferKubeAPI
import NIOCore

/// Injected failures for reliability tests: random ones (`500:0.1,429:0.05,reset:0.02,latency:50ms`) and
/// deterministic ``FaultRule``s.
///
/// A request matching a rule with failures left gets that rule's answer; the first such rule, in order, wins.
/// Otherwise it draws once: a 5xx/429 status, a dropped connection, or added latency, by the given odds.
/// Health and version endpoints are exempt from the random faults so `coffer sandbox up` can still see the
/// server start; rules apply to whatever path they name.
public struct FaultInjector: Sendable {
    enum Decision: Equatable {
        case none
        /// The status code and the message of the `Status` answered.
        case status(Int, message: String = "injected fault")
        case reset
        case delay(TimeAmount)
    }

    /// Deterministic faults, consulted in order before the random ones.
    public var rules: [FaultRule] = []

    var statuses: [(code: Int, probability: Double)] = []
    var resetProbability = 0.0
    var latency: TimeAmount?

    /// No faults.
    public init() {}

    /// Parses the `--faults` specification.
    /// - Throws: ``SandboxError`` for an unknown term or a probability outside 0...1.
    public init(specification: String) throws {
        for term in specification.split(separator: ",") {
            let parts = term.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw SandboxError(message: "bad fault \"\(term)\": expected KIND:VALUE") }
            if parts[0] == "latency" {
                guard parts[1].hasSuffix("ms"), let milliseconds = Int64(parts[1].dropLast(2)) else {
                    throw SandboxError(message: "bad latency \"\(parts[1])\": expected e.g. 50ms")
                }
                latency = .milliseconds(milliseconds)
                continue
            }
            guard let probability = Double(parts[1]), (0...1).contains(probability) else {
                throw SandboxError(message: "bad probability \"\(parts[1])\" in \"\(term)\": expected 0...1")
            }
            if parts[0] == "reset" {
                resetProbability = probability
            } else if let code = Int(parts[0]), code == 429 || (500...599).contains(code) {
                statuses.append((code, probability))
            } else {
                throw SandboxError(message: "unknown fault \"\(parts[0])\": expected 5xx, 429, reset or latency")
            }
        }
    }

    private var hasRandomFaults: Bool { !statuses.isEmpty || resetProbability > 0 || latency != nil }

    func decide(method: String, path: String) -> Decision {
        for rule in rules where rule.matches(method: method, path: path) {
            guard let number = rule.take() else { continue }
            switch rule.result {
            case .reset: return .reset
            case .status(let code):
                return .status(code, message: "injected fault \(number) of \(rule.count) from rule \"\(rule)\"")
            }
        }
        if !hasRandomFaults || path == "/version" || path == "/readyz" || path == "/healthz" || path == "/livez" {
            return .none
        }
        var draw = Double.random(in: 0..<1)
        for (code, probability) in statuses {
            if draw < probability { return .status(code) }
            draw -= probability
        }
        if draw < resetProbability { return .reset }
        if let latency { return .delay(latency) }
        return .none
    }
}
