/// Go's rules for characters, quoting and unquoting, as `unicode` and `strconv` define them.
///
/// Template error messages quote names the way Go's `%q` does, and string and character literals
/// unquote with `strconv.Unquote`'s escapes, so both are reproduced here.
enum GoText {
    /// `unicode.IsLetter`: categories Lu, Ll, Lt, Lm, Lo.
    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    /// `unicode.IsDigit`: category Nd.
    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .decimalNumber
    }

    /// `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
    static func isPrint(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value >= 0x20 && scalar.value < 0x7F }
        switch scalar.properties.generalCategory {
        case .spaceSeparator, .lineSeparator, .paragraphSeparator, .control, .format, .surrogate, .privateUse,
            .unassigned:
            return false
        default:
            return true
        }
    }

    /// `strconv.Quote`: a double-quoted Go string literal.
    static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case _ where isPrint(scalar): result.unicodeScalars.append(scalar)
            case "\u{07}": result += "\\a"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{0B}": result += "\\v"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += "\\x" + hex(scalar.value, digits: 2)
                } else if scalar.value < 0x10000 {
                    result += "\\u" + hex(scalar.value, digits: 4)
                } else {
                    result += "\\U" + hex(scalar.value, digits: 8)
                }
            }
        }
        return result + "\""
    }

    /// `%.Nq`: the first `limit` characters of `text`, quoted.
    static func quote(_ text: String, limit: Int) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.prefix(limit))
        return quote(String(scalars))
    }

    /// `%#U`: `U+0041 'A'`, without the quoted character when it is not printable.
    static func runeDescription(_ scalar: Unicode.Scalar) -> String {
        let code = "U+" + hex(scalar.value, digits: 4).uppercased()
        return isPrint(scalar) ? "\(code) '\(scalar)'" : code
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    // MARK: - Unquoting

    /// `strconv.Unquote` of a double-quoted or back-quoted literal; `nil` for invalid syntax.
    static func unquote(_ literal: ArraySlice<UInt8>) -> String? {
        guard literal.count >= 2, let quote = literal.first, literal.last == quote else { return nil }
        let body = literal.dropFirst().dropLast()
        if quote == UInt8(ascii: "`") {
            guard !body.contains(UInt8(ascii: "`")) else { return nil }
            // Go drops carriage returns from raw strings.
            return String(decoding: body.filter { $0 != UInt8(ascii: "\r") }, as: UTF8.self)
        }
        guard quote == UInt8(ascii: "\"") else { return nil }
        if !body.contains(UInt8(ascii: "\\")) {
            guard !body.contains(quote), !body.contains(UInt8(ascii: "\n")) else { return nil }
            return String(decoding: body, as: UTF8.self)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(body.count)
        var rest = body
        while !rest.isEmpty {
            guard let (unit, tail) = unquoteCharacter(rest, quote: quote) else { return nil }
            switch unit {
            case .byte(let byte): bytes.append(byte)
            case .scalar(let scalar): bytes.append(contentsOf: Array(String(Character(scalar)).utf8))
            }
            rest = tail
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// One unquoted unit: a raw byte from `\x` and octal escapes, or a whole character.
    enum UnquotedUnit {
        case byte(UInt8)
        case scalar(Unicode.Scalar)

        var value: UInt32 {
            switch self {
            case .byte(let byte): return UInt32(byte)
            case .scalar(let scalar): return scalar.value
            }
        }
    }

    /// `strconv.UnquoteChar`: the first character or escape of `text` and what follows it.
    static func unquoteCharacter(_ text: ArraySlice<UInt8>, quote: UInt8) -> (UnquotedUnit, ArraySlice<UInt8>)? {
        guard let first = text.first else { return nil }
        if first == quote && (quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"")) { return nil }
        if first >= 0x80 {
            var iterator = text.makeIterator()
            var decoder = UTF8()
            guard case .scalarValue(let scalar) = decoder.decode(&iterator) else { return nil }
            return (.scalar(scalar), text.dropFirst(String(scalar).utf8.count))
        }
        if first != UInt8(ascii: "\\") { return (.scalar(Unicode.Scalar(first)), text.dropFirst()) }
        guard text.count >= 2 else { return nil }
        let escape = text[text.startIndex + 1]
        var rest = text.dropFirst(2)
        switch escape {
        case UInt8(ascii: "a"): return (.scalar("\u{07}"), rest)
        case UInt8(ascii: "b"): return (.scalar("\u{08}"), rest)
        case UInt8(ascii: "f"): return (.scalar("\u{0C}"), rest)
        case UInt8(ascii: "n"): return (.scalar("\n"), rest)
        case UInt8(ascii: "r"): return (.scalar("\r"), rest)
        case UInt8(ascii: "t"): return (.scalar("\t"), rest)
        case UInt8(ascii: "v"): return (.scalar("\u{0B}"), rest)
        case UInt8(ascii: "\\"): return (.scalar("\\"), rest)
        case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
            let digits = escape == UInt8(ascii: "x") ? 2 : escape == UInt8(ascii: "u") ? 4 : 8
            guard rest.count >= digits else { return nil }
            var value: UInt32 = 0
            for byte in rest.prefix(digits) {
                guard let digit = hexValue(byte) else { return nil }
                value = value << 4 | UInt32(digit)
            }
            rest = rest.dropFirst(digits)
            if escape == UInt8(ascii: "x") { return (.byte(UInt8(value)), rest) }
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return (.scalar(scalar), rest)
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            guard rest.count >= 2 else { return nil }
            var value = UInt32(escape - UInt8(ascii: "0"))
            for byte in rest.prefix(2) {
                guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "7") else { return nil }
                value = value << 3 | UInt32(byte - UInt8(ascii: "0"))
            }
            guard value <= 255 else { return nil }
            return (.byte(UInt8(value)), rest.dropFirst(2))
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            guard escape == quote else { return nil }
            return (.scalar(Unicode.Scalar(escape)), rest)
        default:
            return nil
        }
    }
}
