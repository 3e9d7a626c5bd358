public import CofferCore

/// A problem found while loading YAML: malformed text, or a document Coffer refuses to build.
public struct YAMLError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem it is; tests and callers match on it.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable {
            case syntax, invalidEncoding, duplicateKey, unsupportedKey, invalidTag, invalidMerge
            case undefinedAlias, recursiveAlias, aliasExpansion, tooDeep, multipleDocuments
        }

        private let kind: Kind

        /// libyaml could not scan or parse the text.
        public static let syntax = Code(kind: .syntax)
        /// The bytes are not valid UTF-8 or UTF-16, or hold control characters YAML forbids.
        public static let invalidEncoding = Code(kind: .invalidEncoding)
        /// A mapping repeats a key.
        public static let duplicateKey = Code(kind: .duplicateKey)
        /// A key JSON cannot hold: a collection, `null`, or an integer beyond Int64.
        public static let unsupportedKey = Code(kind: .unsupportedKey)
        /// An explicitly tagged scalar that is not of its tag's type (`!!int abc`, bad `!!binary`).
        public static let invalidTag = Code(kind: .invalidTag)
        /// A `<<` merge key whose value is not a mapping or a sequence of mappings.
        public static let invalidMerge = Code(kind: .invalidMerge)
        /// An alias names no anchor defined before it.
        public static let undefinedAlias = Code(kind: .undefinedAlias)
        /// An alias inside the node its anchor names.
        public static let recursiveAlias = Code(kind: .recursiveAlias)
        /// Aliases expand into more nodes than allowed (a "billion laughs" document).
        public static let aliasExpansion = Code(kind: .aliasExpansion)
        /// Collections nest deeper than ``YAMLLoader/maximumDepth``.
        public static let tooDeep = Code(kind: .tooDeep)
        /// A single document was expected, and the stream holds another.
        public static let multipleDocuments = Code(kind: .multipleDocuments)

        /// The code's name, as tests and logs show it.
        public var description: String { "\(kind)" }
    }

    /// What kind of problem it is.
    public var code: Code
    /// One line, lower-case start, no final period; without the position prefix.
    public var message: String
    /// Where the problem is: 1-based, columns counting Unicode scalars.
    public var position: SourcePosition
    /// What libyaml was in the middle of (`while parsing a block mapping`), when it said.
    public var context: String?
    /// Where the construct named by ``context`` began.
    public var contextPosition: SourcePosition?

    /// An error; `message` is one line, lower-case first, without a final period.
    public init(
        code: Code, message: String, position: SourcePosition, context: String? = nil,
        contextPosition: SourcePosition? = nil
    ) {
        self.code = code
        self.message = message
        self.position = position
        self.context = context
        self.contextPosition = contextPosition
    }

    /// `file:line:column: message`.
    public var description: String { "\(position): \(message)" }

    /// The description, followed by libyaml's context when it gave one.
    public func detailedDescription() -> String {
        guard let context else { return description }
        guard let contextPosition else { return "\(description)\n  \(context)" }
        return "\(description)\n  \(context) started at \(contextPosition)"
    }
}

// MARK: - Messages

extension YAMLError {
    /// `text` in double quotes for a one-line message: escapes line breaks and quotes, shortens long text.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for (offset, scalar) in text.unicodeScalars.enumerated() {
            if offset == 60 {
                result += "…"
                break
            }
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case _
            where scalar.properties.generalCategory == .control || scalar.value == 0x2028 || scalar.value == 0x2029:
                result += "\\u{\(String(scalar.value, radix: 16))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
