/// A position in an input file; 1-based, as editors show it.
public struct SourcePosition: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }

    /// The position `offset` characters into a text that starts here, following its newlines.
    ///
    /// Used to place an error found inside a scalar (a template, say) at its place in the file.
    public func advanced(through text: Substring) -> SourcePosition {
        var result = self
        for character in text {
            if character == "\n" {
                result.line += 1
                result.column = 1
            } else {
                result.column += 1
            }
        }
        return result
    }
}
