/// One token of template text, as Go's `text/template/parse` lexer produces it.
struct TemplateToken: Sendable {
    enum Kind: Sendable, Equatable {
        case error, bool, char, charConstant, complex, assign, declare, eof, field, identifier
        case leftDelim, leftParen, number, pipe, rawString, rightDelim, rightParen, space, string, text, variable
        // Keywords.
        case block, breakKeyword, continueKeyword, dot, define, elseKeyword, end, ifKeyword, nilKeyword
        case range, template, with

        var isKeyword: Bool {
            switch self {
            case .block, .breakKeyword, .continueKeyword, .dot, .define, .elseKeyword, .end, .ifKeyword,
                .nilKeyword, .range, .template, .with:
                return true
            default:
                return false
            }
        }
    }

    var kind: Kind
    /// Byte offsets of the token in the template text.
    var start: Int
    var end: Int
}

/// Splits template text into tokens on demand, byte for byte as Go's lexer does.
///
/// Works on UTF-8 bytes: every delimiter and operator is ASCII, so only identifiers and the odd
/// error message need whole characters.
struct TemplateLexer {
    let input: [UInt8]
    /// `break` and `continue` are identifiers when the function table defines functions of those names.
    let breakIsKeyword: Bool
    let continueIsKeyword: Bool
    private var position = 0
    private var start = 0
    private var insideAction = false
    private var parenDepth = 0
    private var finished = false
    /// The message of the error token, once the lexer has produced one; tokens stay plain values.
    private(set) var errorMessage = ""

    init(input: [UInt8], breakIsKeyword: Bool = true, continueIsKeyword: Bool = true) {
        self.input = input
        self.breakIsKeyword = breakIsKeyword
        self.continueIsKeyword = continueIsKeyword
    }

    /// The text of a token, decoded.
    func text(of token: TemplateToken) -> String {
        String(decoding: input[token.start..<token.end], as: UTF8.self)
    }

    mutating func next() -> TemplateToken {
        if finished { return TemplateToken(kind: .eof, start: position, end: position) }
        return insideAction ? lexInsideAction() : lexText()
    }

    // MARK: - Text and delimiters

    private mutating func lexText() -> TemplateToken {
        while true {
            guard let delimiter = find(0x7B, 0x7B, from: position) else {
                position = input.count
                if position > start { return emit(.text) }
                finished = true
                return TemplateToken(kind: .eof, start: position, end: position)
            }
            if delimiter > position {
                var trimLength = 0
                if hasLeftTrimMarker(at: delimiter + 2) {
                    var index = delimiter
                    while index > start && isSpace(input[index - 1]) { index -= 1 }
                    trimLength = delimiter - index
                }
                let text = TemplateToken(kind: .text, start: start, end: delimiter - trimLength)
                position = delimiter
                start = delimiter
                if text.end > text.start { return text }
            }
            // At the left delimiter.
            position = delimiter + 2
            let trim = hasLeftTrimMarker(at: position)
            let afterMarker = trim ? 2 : 0
            if hasPrefix(0x2F, 0x2A, at: position + afterMarker) {  // "/*"
                position += afterMarker
                start = position
                if let failure = skipComment() { return failure }
                continue
            }
            let token = TemplateToken(kind: .leftDelim, start: delimiter, end: delimiter + 2)
            insideAction = true
            position += afterMarker
            start = position
            parenDepth = 0
            return token
        }
    }

    /// Skips a comment whose `/*` is at `position`; returns an error token when it is malformed.
    private mutating func skipComment() -> TemplateToken? {
        guard let close = find(0x2A, 0x2F, from: position + 2) else { return fail("unclosed comment") }
        position = close + 2
        let (delimiter, trim) = atRightDelimiter()
        guard delimiter else { return fail("comment ends before closing delimiter") }
        position += trim ? 4 : 2
        if trim { skipSpaces() }
        start = position
        return nil
    }

    private mutating func lexRightDelimiter() -> TemplateToken {
        let (_, trim) = atRightDelimiter()
        if trim {
            position += 2
            start = position
        }
        position += 2
        let token = emit(.rightDelim)
        if trim {
            skipSpaces()
            start = position
        }
        insideAction = false
        return token
    }

    // MARK: - Inside an action

    private mutating func lexInsideAction() -> TemplateToken {
        let (delimiter, _) = atRightDelimiter()
        if delimiter {
            if parenDepth == 0 { return lexRightDelimiter() }
            return fail("unclosed left paren")
        }
        guard position < input.count else { return fail("unclosed action") }
        let byte = input[position]
        if isSpace(byte) { return lexSpace() }
        switch byte {
        case UInt8(ascii: "="):
            position += 1
            return emit(.assign)
        case UInt8(ascii: ":"):
            position += 1
            guard position < input.count, input[position] == UInt8(ascii: "=") else {
                if position < input.count { position += 1 }
                return fail("expected :=")
            }
            position += 1
            return emit(.declare)
        case UInt8(ascii: "|"):
            position += 1
            return emit(.pipe)
        case UInt8(ascii: "\""):
            return lexQuoted(quote: byte, kind: .string, unterminated: "unterminated quoted string")
        case UInt8(ascii: "'"):
            return lexQuoted(quote: byte, kind: .charConstant, unterminated: "unterminated character constant")
        case UInt8(ascii: "`"):
            return lexRawQuote()
        case UInt8(ascii: "$"):
            position += 1
            if atTerminator() { return emit(.variable) }
            return lexFieldOrVariable(.variable)
        case UInt8(ascii: "."):
            if position + 1 < input.count && !isDigit(input[position + 1]) {
                position += 1
                return lexFieldOrVariable(.field)
            }
            return lexNumber()
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return lexNumber()
        case UInt8(ascii: "("):
            position += 1
            parenDepth += 1
            return emit(.leftParen)
        case UInt8(ascii: ")"):
            position += 1
            parenDepth -= 1
            if parenDepth < 0 { return fail("unexpected right paren") }
            return emit(.rightParen)
        default:
            break
        }
        let (scalar, width) = decode(at: position)
        if isAlphaNumeric(scalar) { return lexIdentifier() }
        position += width
        if scalar.value >= 0x20 && scalar.value < 0x7F { return emit(.char) }
        return fail("unrecognized character in action: \(GoText.runeDescription(scalar))")
    }

    private mutating func lexSpace() -> TemplateToken {
        var spaces = 0
        while position < input.count && isSpace(input[position]) {
            position += 1
            spaces += 1
        }
        // A space followed by "-}}" is a trim-marked delimiter, not a separator.
        if hasRightTrimMarker(at: position - 1) && hasPrefix(0x7D, 0x7D, at: position + 1) {
            position -= 1
            if spaces == 1 { return lexRightDelimiter() }
        }
        return emit(.space)
    }

    private mutating func lexIdentifier() -> TemplateToken {
        var scalar: Unicode.Scalar = "\0"
        while position < input.count {
            let (next, width) = decode(at: position)
            scalar = next
            guard isAlphaNumeric(next) else { break }
            position += width
        }
        if !atTerminator() { return fail("bad character \(GoText.runeDescription(scalar))") }
        // Keywords and Booleans are 2 to 8 ASCII bytes: compare them packed into one integer.
        guard (2...8).contains(position - start) else { return emit(.identifier) }
        var packed: UInt64 = 0
        for byte in input[start..<position] { packed = packed << 8 | UInt64(byte) }
        switch packed {
        case Self.pack("block"): return emit(.block)
        case Self.pack("break"): return emit(breakIsKeyword ? .breakKeyword : .identifier)
        case Self.pack("continue"): return emit(continueIsKeyword ? .continueKeyword : .identifier)
        case Self.pack("define"): return emit(.define)
        case Self.pack("else"): return emit(.elseKeyword)
        case Self.pack("end"): return emit(.end)
        case Self.pack("if"): return emit(.ifKeyword)
        case Self.pack("range"): return emit(.range)
        case Self.pack("nil"): return emit(.nilKeyword)
        case Self.pack("template"): return emit(.template)
        case Self.pack("with"): return emit(.with)
        case Self.pack("true"), Self.pack("false"): return emit(.bool)
        default: return emit(.identifier)
        }
    }

    private static func pack(_ word: StaticString) -> UInt64 {
        var packed: UInt64 = 0
        word.withUTF8Buffer { bytes in
            for byte in bytes { packed = packed << 8 | UInt64(byte) }
        }
        return packed
    }

    /// A field or variable name; the `.` or `$` is already consumed and something non-terminating follows.
    private mutating func lexFieldOrVariable(_ kind: TemplateToken.Kind) -> TemplateToken {
        if atTerminator() { return emit(kind == .variable ? .variable : .dot) }
        var scalar: Unicode.Scalar = "\0"
        while position < input.count {
            let (next, width) = decode(at: position)
            scalar = next
            guard isAlphaNumeric(next) else { break }
            position += width
        }
        if !atTerminator() { return fail("bad character \(GoText.runeDescription(scalar))") }
        return emit(kind)
    }

    private mutating func lexQuoted(quote: UInt8, kind: TemplateToken.Kind, unterminated: String) -> TemplateToken {
        position += 1
        while true {
            guard position < input.count else { return fail(unterminated) }
            let byte = input[position]
            position += 1
            if byte == UInt8(ascii: "\\") {
                guard position < input.count, input[position] != UInt8(ascii: "\n") else { return fail(unterminated) }
                position += decode(at: position).width
            } else if byte == UInt8(ascii: "\n") {
                return fail(unterminated)
            } else if byte == quote {
                return emit(kind)
            }
        }
    }

    private mutating func lexRawQuote() -> TemplateToken {
        guard let close = input[(position + 1)...].firstIndex(of: UInt8(ascii: "`")) else {
            position = input.count
            return fail("unterminated raw quoted string")
        }
        position = close + 1
        return emit(.rawString)
    }

    private mutating func lexNumber() -> TemplateToken {
        guard scanNumber() else {
            return fail("bad number syntax: \(GoText.quote(String(decoding: input[start..<position], as: UTF8.self)))")
        }
        if position < input.count && (input[position] == UInt8(ascii: "+") || input[position] == UInt8(ascii: "-")) {
            // A complex constant such as 1+2i: no spaces, must end in 'i'.
            guard scanNumber(), input[position - 1] == UInt8(ascii: "i") else {
                return fail(
                    "bad number syntax: \(GoText.quote(String(decoding: input[start..<position], as: UTF8.self)))")
            }
            return emit(.complex)
        }
        return emit(.number)
    }

    /// Consumes what Go's scanner accepts as a number; false when an alphanumeric follows it.
    private mutating func scanNumber() -> Bool {
        _ = accept { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }
        var isDigit: (UInt8) -> Bool = { ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "_") }
        var base = 10
        if accept({ $0 == UInt8(ascii: "0") }) {
            if accept({ $0 == UInt8(ascii: "x") || $0 == UInt8(ascii: "X") }) {
                base = 16
                isDigit = { GoText.hexValue($0) != nil || $0 == UInt8(ascii: "_") }
            } else if accept({ $0 == UInt8(ascii: "o") || $0 == UInt8(ascii: "O") }) {
                base = 8
                isDigit = { ($0 >= 0x30 && $0 <= 0x37) || $0 == UInt8(ascii: "_") }
            } else if accept({ $0 == UInt8(ascii: "b") || $0 == UInt8(ascii: "B") }) {
                base = 2
                isDigit = { $0 == 0x30 || $0 == 0x31 || $0 == UInt8(ascii: "_") }
            }
        }
        while accept(isDigit) {}
        if accept({ $0 == UInt8(ascii: ".") }) {
            while accept(isDigit) {}
        }
        let isDecimalDigit: (UInt8) -> Bool = { ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "_") }
        if base == 10 && accept({ $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            _ = accept { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }
            while accept(isDecimalDigit) {}
        }
        if base == 16 && accept({ $0 == UInt8(ascii: "p") || $0 == UInt8(ascii: "P") }) {
            _ = accept { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }
            while accept(isDecimalDigit) {}
        }
        _ = accept { $0 == UInt8(ascii: "i") }
        if position < input.count {
            let (scalar, width) = decode(at: position)
            if isAlphaNumeric(scalar) {
                position += width
                return false
            }
        }
        return true
    }

    // MARK: - Helpers

    private mutating func accept(_ predicate: (UInt8) -> Bool) -> Bool {
        guard position < input.count, predicate(input[position]) else { return false }
        position += 1
        return true
    }

    private mutating func emit(_ kind: TemplateToken.Kind) -> TemplateToken {
        let token = TemplateToken(kind: kind, start: start, end: position)
        start = position
        return token
    }

    /// An error token; the lexer produces only end-of-input tokens after it, as Go's stops.
    private mutating func fail(_ message: String) -> TemplateToken {
        finished = true
        errorMessage = message
        return TemplateToken(kind: .error, start: start, end: position)
    }

    private mutating func skipSpaces() {
        while position < input.count && isSpace(input[position]) { position += 1 }
    }

    private func atRightDelimiter() -> (delimiter: Bool, trim: Bool) {
        if hasRightTrimMarker(at: position) && hasPrefix(0x7D, 0x7D, at: position + 2) { return (true, true) }
        if hasPrefix(0x7D, 0x7D, at: position) { return (true, false) }
        return (false, false)
    }

    /// Whether what follows can end an identifier, field or variable.
    private func atTerminator() -> Bool {
        guard position < input.count else { return true }
        let byte = input[position]
        if isSpace(byte) { return true }
        switch byte {
        case UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: "|"), UInt8(ascii: ":"), UInt8(ascii: ")"),
            UInt8(ascii: "("):
            return true
        default:
            return hasPrefix(0x7D, 0x7D, at: position)
        }
    }

    private func hasLeftTrimMarker(at index: Int) -> Bool {
        index + 1 < input.count && input[index] == UInt8(ascii: "-") && isSpace(input[index + 1])
    }

    private func hasRightTrimMarker(at index: Int) -> Bool {
        index + 1 < input.count && isSpace(input[index]) && input[index + 1] == UInt8(ascii: "-")
    }

    private func hasPrefix(_ first: UInt8, _ second: UInt8, at index: Int) -> Bool {
        index + 1 < input.count && input[index] == first && input[index + 1] == second
    }

    private func find(_ first: UInt8, _ second: UInt8, from index: Int) -> Int? {
        var index = index
        let last = input.count - 1
        while index < last {
            if input[index] == first && input[index + 1] == second { return index }
            index += 1
        }
        return nil
    }

    private func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private func isAlphaNumeric(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let byte = UInt8(scalar.value)
            return byte == UInt8(ascii: "_") || isDigit(byte) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
        }
        return GoText.isLetter(scalar) || GoText.isDigit(scalar)
    }

    /// The scalar starting at `index`; the input came from a Swift string, so it is valid UTF-8.
    private func decode(at index: Int) -> (scalar: Unicode.Scalar, width: Int) {
        let lead = input[index]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let width = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        var value = UInt32(lead) & (width == 2 ? 0x1F : width == 3 ? 0x0F : 0x07)
        for offset in 1..<width where index + offset < input.count {
            value = value << 6 | (UInt32(input[index + offset]) & 0x3F)
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", width)
    }
}
