public import CofferCore

/// One problem found by ``BlueprintValidator``, placed in its file and document.
public struct BlueprintDiagnostic: Hashable, Sendable, CustomStringConvertible {
    /// Whether the problem makes the blueprint invalid.
    public enum Severity: String, Hashable, Sendable {
        /// The blueprint would fail (or is rejected by Kanister).
        case error
        /// Kanister accepts it, but it is likely a mistake.
        case warning
    }

    public var severity: Severity
    public var code: BlueprintError.Code
    /// One line, lower-case start, no final period.
    public var message: String
    public var position: SourcePosition
    public var path: ValuePath

    public init(
        _ severity: Severity = .error, code: BlueprintError.Code, message: String, position: SourcePosition,
        path: ValuePath
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.position = position
        self.path = path
    }

    /// `file:line:col: message (at $.json.path)`, with `warning: ` before warnings' messages.
    public var description: String {
        let prefix = severity == .warning ? "warning: " : ""
        return "\(position): \(prefix)\(message) (at \(path))"
    }

    /// The diagnostic as an error, for callers that stop at the first problem.
    public var error: BlueprintError {
        BlueprintError(code, message, position: position, path: path)
    }
}
