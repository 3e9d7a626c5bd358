public import CofferCore

/// A problem parsing or executing a template.
///
/// `description` follows Go's shape (`template: NAME:LINE:COL: executing "NAME" at <.Field>: ...`) so
/// messages read like the ones Kanister users know, while `position` lets callers re-base the error
/// onto the YAML scalar the template came from.
public struct TemplateError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem it is; tests match on it.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable { case syntax, execution, missingKey, function }
        private let kind: Kind
        /// The template text is malformed.
        public static let syntax = Code(kind: .syntax)
        /// Running the template failed (wrong types, bad index, undefined variable ...).
        public static let execution = Code(kind: .execution)
        /// A map key or struct field does not exist (`missingkey=error`).
        public static let missingKey = Code(kind: .missingKey)
        /// A function returned an error.
        public static let function = Code(kind: .function)
        public var description: String { "\(kind)" }
    }

    public var code: Code
    /// One line, lower-case start, no final period; without the position prefix.
    public var message: String
    /// 1-based line and column within the template text.
    public var line: Int
    public var column: Int
    /// The template's name, as given to the parser.
    public var templateName: String
    /// The source text of the action that failed (`<.Phases.x.Output>`), for execution errors.
    public var context: String?

    public init(
        code: Code, message: String, templateName: String, line: Int, column: Int, context: String? = nil
    ) {
        self.code = code
        self.message = message
        self.templateName = templateName
        self.line = line
        self.column = column
        self.context = context
    }

    public var description: String {
        if let context {
            return "template: \(templateName):\(line):\(column): executing \"\(templateName)\" at <\(context)>: \(message)"
        }
        return "template: \(templateName):\(line):\(column): \(message)"
    }

    /// The error's position in a file, given where the template's text starts there.
    ///
    /// Exact for plain and quoted scalars without escapes; for others the best the caller can give.
    public func position(in templateStart: SourcePosition, text: String) -> SourcePosition {
        var result = templateStart
        var line = 1
        var column = 1
        for character in text {
            if line == self.line && column == self.column { break }
            if character == "\n" {
                line += 1
                column = 1
                result.line += 1
                result.column = 1
            } else {
                column += 1
                result.column += 1
            }
        }
        return result
    }
}
