/// How a scalar's text sits in its file, so a position inside the text (a template error, say) can be
/// placed in the file.
///
/// Exact for literal blocks (`|`) and for one-line scalars without escapes. Folding, escapes and line
/// continuations change the text, so past the first exact characters the mapping gives ``start``.
public struct ScalarTextLayout: Hashable, Sendable {
    /// How the scalar is written.
    public enum Style: Hashable, Sendable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    public var style: Style
    /// Where the text's first line begins: after an opening quote; for a block scalar, on the line after
    /// its header, at the content's indentation (even when that line is blank).
    public var start: SourcePosition
    /// How many characters of the text's first line sit one to one on the file from ``start``; `nil`
    /// when the whole first line does.
    public var exactColumns: Int?

    public init(style: Style, start: SourcePosition, exactColumns: Int? = nil) {
        self.style = style
        self.start = start
        self.exactColumns = exactColumns
    }

    /// The file position of `line`:`column` (1-based) of the scalar's text.
    ///
    /// - Parameters:
    ///   - line: A line of the text; lines end at its line feeds.
    ///   - column: A column on that line, in characters.
    /// - Returns: The exact position where the layout allows, else the best known one (see the type).
    public func position(line: Int, column: Int) -> SourcePosition {
        let line = max(line, 1)
        let column = max(column, 1)
        if style == .literal {
            return SourcePosition(file: start.file, line: start.line + line - 1, column: start.column + column - 1)
        }
        // One past the exact characters is where the first changed one (an escape, a fold) begins.
        guard line == 1, exactColumns.map({ column <= $0 + 1 }) ?? true else { return start }
        return SourcePosition(file: start.file, line: start.line, column: start.column + column - 1)
    }
}
