/// A problem found while parsing JSON text.
public struct JSONError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem it is; tests and callers match on it.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable {
            case syntax, truncated, invalidString, numberOutOfRange, tooDeep
        }

        private let kind: Kind

        /// A character that cannot appear where it stands.
        public static let syntax = Code(kind: .syntax)
        /// The text ends before the value does.
        public static let truncated = Code(kind: .truncated)
        /// A string holds a raw control character or a malformed escape.
        public static let invalidString = Code(kind: .invalidString)
        /// A number too large for a 64-bit float.
        public static let numberOutOfRange = Code(kind: .numberOutOfRange)
        /// Arrays and objects nest deeper than 1000 levels.
        public static let tooDeep = Code(kind: .tooDeep)

        /// The code's name, as tests and logs show it.
        public var description: String { "\(kind)" }
    }

    /// What kind of problem it is.
    public var code: Code
    /// One line, lower-case start, no final period; without the position prefix.
    public var message: String
    /// Where the problem is; lines and columns are 1-based, columns count Unicode scalars.
    public var position: SourcePosition

    /// An error; `message` is one line, lower-case first, without a final period.
    public init(code: Code, message: String, position: SourcePosition) {
        self.code = code
        self.message = message
        self.position = position
    }

    /// `file:line:column: message`.
    public var description: String { "\(position): \(message)" }
}
