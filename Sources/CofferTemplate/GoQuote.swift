/// Go's `strconv` quoting: `Quote`, `QuoteToASCII`, `QuoteRune`, `CanBackquote` and `IsPrint`.
enum GoQuote {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Whether Go's `strconv.IsPrint` holds: letters, marks, numbers, punctuation, symbols and U+0020.
    static func isPrint(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar.value >= 0x20 && scalar.value < 0x7F }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark,
            .decimalNumber, .letterNumber, .otherNumber,
            .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation,
            .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    /// `strconv.CanBackquote`: no control characters other than tab, no backquote, no BOM.
    static func canBackquote(_ string: String) -> Bool {
        for scalar in string.unicodeScalars {
            if scalar == "\u{FEFF}" || scalar == "`" || scalar == "\u{7F}" { return false }
            if scalar.value < 0x20 && scalar != "\t" { return false }
        }
        return true
    }

    /// Appends `string` quoted with `quote`, escaped as `strconv.Quote` (or `QuoteToASCII`) does.
    static func appendQuoted(_ string: String, quote: UInt8, asciiOnly: Bool, into out: inout [UInt8]) {
        out.append(quote)
        for scalar in string.unicodeScalars {
            appendEscaped(scalar, quote: quote, asciiOnly: asciiOnly, into: &out)
        }
        out.append(quote)
    }

    /// Appends `scalar` as a single-quoted Go rune literal (`strconv.QuoteRune`).
    static func appendQuotedRune(_ scalar: Unicode.Scalar, asciiOnly: Bool, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "'"))
        appendEscaped(scalar, quote: UInt8(ascii: "'"), asciiOnly: asciiOnly, into: &out)
        out.append(UInt8(ascii: "'"))
    }

    private static func appendEscaped(_ scalar: Unicode.Scalar, quote: UInt8, asciiOnly: Bool, into out: inout [UInt8])
    {
        let value = scalar.value
        if value == UInt32(quote) || scalar == "\\" {
            out.append(UInt8(ascii: "\\"))
            out.append(UInt8(value))
            return
        }
        if asciiOnly {
            if value < 0x80 && isPrint(scalar) {
                out.append(UInt8(value))
                return
            }
        } else if isPrint(scalar) {
            out.append(contentsOf: String(scalar).utf8)
            return
        }
        switch scalar {
        case "\u{07}": out.append(contentsOf: "\\a".utf8)
        case "\u{08}": out.append(contentsOf: "\\b".utf8)
        case "\u{0C}": out.append(contentsOf: "\\f".utf8)
        case "\n": out.append(contentsOf: "\\n".utf8)
        case "\r": out.append(contentsOf: "\\r".utf8)
        case "\t": out.append(contentsOf: "\\t".utf8)
        case "\u{0B}": out.append(contentsOf: "\\v".utf8)
        default:
            if value < 0x20 || value == 0x7F {
                out.append(contentsOf: "\\x".utf8)
                appendHex(value, digits: 2, into: &out)
            } else if value < 0x10000 {
                out.append(contentsOf: "\\u".utf8)
                appendHex(value, digits: 4, into: &out)
            } else {
                out.append(contentsOf: "\\U".utf8)
                appendHex(value, digits: 8, into: &out)
            }
        }
    }

    private static func appendHex(_ value: UInt32, digits: Int, into out: inout [UInt8]) {
        for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) {
            out.append(hexDigits[Int((value >> UInt32(shift)) & 0xF)])
        }
    }
}
