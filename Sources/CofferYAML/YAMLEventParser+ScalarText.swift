internal import CCofferYAML
import CofferCore

/// A scalar event's marks and style: what ``YAMLEventParser/text(of:value:)`` needs to lay out its text.
struct YAMLScalarSpan {
    var style: yaml_scalar_style_t
    /// The event's start, which is its tag or anchor when it has one.
    var start: yaml_mark_t
    var end: yaml_mark_t
    var hasProperties: Bool
}

extension YAMLEventParser {
    /// Where a scalar's text starts in the file and how much of its first line maps one to one.
    ///
    /// Most scalars (plain or quoted on one line, without tags, anchors or escapes) are laid out from
    /// their marks alone; the rest read the input around their start, never more than the lines before
    /// their content.
    func text(of span: YAMLScalarSpan, value: UnsafeBufferPointer<UInt8>) -> SourceMap.ScalarText {
        let line = span.start.line + 1
        let column = span.start.column + 1
        let oneLine = span.start.line == span.end.line
        switch span.style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE, YAML_DOUBLE_QUOTED_SCALAR_STYLE:
            let style: ScalarTextLayout.Style =
                span.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ? .singleQuoted : .doubleQuoted
            // Every escape (`''`, `\n`, `\x41`, ...) is shorter than its source, so equal lengths mean none.
            if !span.hasProperties && oneLine && Self.characterCount(value) == span.end.column - span.start.column - 2 {
                return SourceMap.ScalarText(style: style, line: line, column: column + 1)
            }
            guard var reader = reader(at: span.start, line: line, column: column) else {
                return SourceMap.ScalarText(style: style, line: line, column: column + 1, exactColumns: 0)
            }
            reader.skipProperties()
            reader.advance()
            let start = (line: reader.line, column: reader.column)
            if start.line == span.end.line + 1 && Self.characterCount(value) == span.end.column - start.column {
                return SourceMap.ScalarText(style: style, line: start.line, column: start.column)
            }
            let exact = reader.charactersBeforeChange(escape: style == .doubleQuoted ? "\\" : "'")
            return SourceMap.ScalarText(style: style, line: start.line, column: start.column, exactColumns: exact)
        case YAML_LITERAL_SCALAR_STYLE, YAML_FOLDED_SCALAR_STYLE:
            let style: ScalarTextLayout.Style = span.style == YAML_LITERAL_SCALAR_STYLE ? .literal : .folded
            guard var reader = reader(at: span.start, line: line, column: column) else {
                return SourceMap.ScalarText(style: style, line: line + 1, column: column, exactColumns: 0)
            }
            reader.skipProperties()
            reader.skipLine()
            return reader.blockText(style: style, value: value)
        default:
            if !span.hasProperties && oneLine { return SourceMap.ScalarText(style: .plain, line: line, column: column) }
            guard var reader = reader(at: span.start, line: line, column: column) else {
                return SourceMap.ScalarText(style: .plain, line: line, column: column, exactColumns: 0)
            }
            reader.skipProperties()
            if reader.line == span.end.line + 1 {
                return SourceMap.ScalarText(style: .plain, line: reader.line, column: reader.column)
            }
            let start = (line: reader.line, column: reader.column)
            let exact = reader.charactersBeforeChange(escape: nil)
            return SourceMap.ScalarText(style: .plain, line: start.line, column: start.column, exactColumns: exact)
        }
    }

    /// Characters, as libyaml's marks and editors count them: Unicode scalars.
    static func characterCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
        return count
    }

    private func reader(at mark: yaml_mark_t, line: Int, column: Int) -> ScalarSourceReader? {
        guard let offset = byteOffset(ofCharacter: mark.index) else { return nil }
        return ScalarSourceReader(input: source, offset: offset, line: line, column: column)
    }
}

/// Reads the source of one scalar forward from a known offset, line and column.
private struct ScalarSourceReader {
    let input: UnsafeBufferPointer<UInt8>
    var offset: Int
    var line: Int
    var column: Int

    private var byte: UInt8? { offset < input.count ? input[offset] : nil }

    private static func isBreak(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") }
    private static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    /// Moves past one character, or one line break (CR LF included).
    mutating func advance() {
        guard let current = byte else { return }
        offset += 1
        if Self.isBreak(current) {
            if current == UInt8(ascii: "\r"), byte == UInt8(ascii: "\n") { offset += 1 }
            line += 1
            column = 1
            return
        }
        while let next = byte, next & 0xC0 == 0x80 { offset += 1 }
        column += 1
    }

    /// Moves past the line's remaining characters and its line break.
    mutating func skipLine() {
        while let current = byte, !Self.isBreak(current) { advance() }
        advance()
    }

    /// Moves past tags and anchors (`!t`, `!!str`, `&name`) and the blanks, comments and line breaks
    /// after them; neither starts a scalar's own text.
    mutating func skipProperties() {
        while byte == UInt8(ascii: "!") || byte == UInt8(ascii: "&") {
            while let current = byte, !Self.isBlank(current), !Self.isBreak(current) { advance() }
            while let current = byte {
                if Self.isBlank(current) || Self.isBreak(current) {
                    advance()
                } else if current == UInt8(ascii: "#") {
                    while let next = byte, !Self.isBreak(next) { advance() }
                } else {
                    break
                }
            }
        }
    }

    /// The characters from here that a flow scalar keeps as they are: up to an escape, the closing
    /// quote, or the blanks a line fold removes.
    mutating func charactersBeforeChange(escape: Character?) -> Int {
        let escapeByte = escape.flatMap(\.asciiValue)
        var count = 0
        var blanks = 0
        while let current = byte, !Self.isBreak(current) {
            if current == escapeByte { break }
            if escapeByte == UInt8(ascii: "\\") && current == UInt8(ascii: "\"") { break }
            blanks = Self.isBlank(current) ? blanks + 1 : 0
            count += 1
            advance()
        }
        // Blanks before a line break are folded away; before an escape or the end, they stay.
        return byte.map(Self.isBreak) ?? false ? count - blanks : count
    }

    /// The layout of a block scalar whose content starts here, on the line after its header.
    ///
    /// The indentation is found by comparing the first line with text in the value and in the file: it
    /// is the spaces the file has there beyond the value's, which holds with an indentation indicator
    /// (`|2`) too. Leading blank lines are the same lines in both.
    mutating func blockText(style: ScalarTextLayout.Style, value: UnsafeBufferPointer<UInt8>) -> SourceMap.ScalarText {
        let firstLine = line
        var valueLine = 0
        var valueSpaces = 0
        var found = false
        for byte in value {
            if byte == UInt8(ascii: "\n") {
                valueLine += 1
                valueSpaces = 0
            } else if byte == UInt8(ascii: " ") {
                valueSpaces += 1
            } else {
                found = true
                break
            }
        }
        guard found else { return SourceMap.ScalarText(style: style, line: firstLine, column: 1, exactColumns: 0) }
        for _ in 0..<valueLine { skipLine() }
        var fileSpaces = 0
        while byte == UInt8(ascii: " ") {
            fileSpaces += 1
            advance()
        }
        let indentation = max(fileSpaces - valueSpaces, 0)
        var exact: Int? = nil
        if style == .folded {
            // Only the first line of text is the file's own, and only when no blank lines precede it.
            var count = valueSpaces
            while let current = byte, !Self.isBreak(current) {
                count += 1
                advance()
            }
            exact = valueLine == 0 ? count : 0
        }
        return SourceMap.ScalarText(style: style, line: firstLine, column: indentation + 1, exactColumns: exact)
    }
}
