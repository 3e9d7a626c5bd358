public import CofferCore

/// One way a value fails its schema.
public struct SchemaViolation: Hashable, Sendable, CustomStringConvertible {
    /// What the message is about, which decides where it is reported.
    public enum Subject: Hashable, Sendable {
        /// The value at ``SchemaViolation/path`` is wrong: reported at the value.
        case value
        /// The object at ``SchemaViolation/path`` lacks the named property: reported at the object's key.
        case missingProperty(String)
        /// The member at ``SchemaViolation/path`` is not allowed: reported at its key.
        case unexpectedProperty
    }

    public var path: ValuePath
    public var subject: Subject
    /// One line, lower-case start, no final period: `expected array, got object`.
    public var message: String
    /// Whether the value had the wrong type; used to pick the intended branch of `anyOf`/`oneOf`.
    var isTypeMismatch = false

    public init(path: ValuePath, subject: Subject, message: String) {
        self.path = path
        self.subject = subject
        self.message = message
    }

    public var description: String { "\(message) (at \(path))" }

    /// Where an editor should put the cursor for this violation.
    public func position(in sourceMap: SourceMap) -> SourcePosition {
        switch subject {
        case .value:
            return sourceMap.position(ofValueAt: path) ?? sourceMap.nearestPosition(to: path)
        case .missingProperty, .unexpectedProperty:
            return sourceMap.nearestPosition(to: path)
        }
    }
}
