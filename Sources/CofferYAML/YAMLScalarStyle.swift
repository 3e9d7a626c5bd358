/// How the emitter writes a string so that it reads back as the same string.
enum YAMLScalarStyle: Equatable {
    case plain
    /// A `|` block: for text spanning lines, with nothing that needs escaping.
    case literal
    case doubleQuoted

    /// The style for `string`; `allowBlock` is false for keys, which must stay on one line.
    init(for string: String, allowBlock: Bool) {
        if Self.canBePlain(string) {
            self = .plain
        } else if allowBlock && Self.canBeLiteral(string) {
            self = .literal
        } else {
            self = .doubleQuoted
        }
    }

    /// Plain text must resolve to a string (not `yes`, `1`, `null`, `""` ...), must not be mistaken for
    /// YAML syntax (indicators first, `: ` or ` #` inside, a trailing `:`, surrounding spaces, `---` and
    /// `...` markers, the `<<` merge key), and must hold only characters that stay as they are.
    static func canBePlain(_ string: String) -> Bool {
        let utf8 = string.utf8
        guard let first = utf8.first, let last = utf8.last else { return false }
        switch first {
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["),
            UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"),
            UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"),
            UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"), UInt8(ascii: " "):
            return false
        default:
            break
        }
        if last == UInt8(ascii: " ") || last == UInt8(ascii: ":") { return false }
        if string == "<<" || utf8.starts(with: "...".utf8) || looksLikeTimestamp(utf8) { return false }
        var previous: UInt8 = 0
        for byte in utf8 {
            if previous == UInt8(ascii: ":") && byte == UInt8(ascii: " ") { return false }
            if previous == UInt8(ascii: " ") && byte == UInt8(ascii: "#") { return false }
            previous = byte
        }
        guard string.unicodeScalars.allSatisfy({ isPlainCharacter($0) }) else { return false }
        return YAMLScalarResolver.resolvePlain(string) == .text
    }

    /// A literal block needs a line break inside, something other than line breaks, and no character
    /// that would need an escape or that YAML would read as a line break (CR, NEL, LS, PS).
    static func canBeLiteral(_ string: String) -> Bool {
        var sawBreak = false
        var sawContent = false
        for scalar in string.unicodeScalars {
            if scalar == "\n" {
                sawBreak = true
            } else if scalar == "\t" || isPlainCharacter(scalar) {
                sawContent = true
            } else {
                return false
            }
        }
        return sawBreak && sawContent
    }

    /// Printable characters that YAML neither folds nor treats as breaks; no tabs.
    private static func isPlainCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20..<0x7F: return true
        case 0xA0..<0xD800, 0xE000..<0xFEFF, 0xFF00...0xFFFD, 0x10000...0x10FFFF:
            return scalar.value != 0x2028 && scalar.value != 0x2029
        default: return false
        }
    }

    /// Four digits and a dash: other YAML 1.1 readers would take such text for a date.
    private static func looksLikeTimestamp(_ utf8: String.UTF8View) -> Bool {
        var count = 0
        for byte in utf8 {
            if count == 4 { return byte == UInt8(ascii: "-") }
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return false }
            count += 1
        }
        return false
    }
}
