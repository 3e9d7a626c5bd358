/// How a scalar's text becomes a value, exactly as Kubernetes reads YAML.
///
/// sigs.k8s.io/yaml decodes with go-yaml v2, whose `resolve` (resolve.go) picks a type from the first
/// byte: `+ - 0-9` may start a number, `yYnNtTfFoO~` a word from its table, `.` a float; anything else is
/// a string. Numbers follow Go's `strconv.ParseInt(s, 0, 64)` after underscores are removed (so `0x`,
/// `0o`, `0b`, leading-zero octal and signs all work), then `ParseUint`, then a YAML-style float. Works
/// on libyaml's UTF-8 bytes, so only scalars that stay strings are ever turned into `String`s.
enum YAMLScalarResolver {
    /// A scalar's explicit tag, as far as resolution cares.
    enum Tag: Equatable {
        case none, str, int, float, bool, null, timestamp, binary, merge
        /// Any other tag, `!` included: go-yaml keeps the text as a string.
        case other
    }

    /// What a scalar resolves to. `text` means "the scalar's own text, as a string".
    enum Resolution: Equatable {
        case text
        case null
        case bool(Bool)
        case int(Int64)
        /// Above Int64.max: go-yaml yields a uint64, which Kubernetes reads back as a float.
        case unsignedInt(UInt64)
        case double(Double)
        /// A `!!binary` scalar's decoded bytes, as a string.
        case decoded(String)
    }

    /// Why a tagged scalar does not fit its tag; the message is one line.
    struct Mismatch: Error {
        var message: String
    }

    /// The tag libyaml reports (`tag:yaml.org,2002:int`, `!local`), classified.
    static func tag(_ name: String) -> Tag {
        let prefix = "tag:yaml.org,2002:"
        guard name.hasPrefix(prefix) else { return .other }
        switch name.dropFirst(prefix.count) {
        case "str": return .str
        case "int": return .int
        case "float": return .float
        case "bool": return .bool
        case "null": return .null
        case "timestamp": return .timestamp
        case "binary": return .binary
        case "merge": return .merge
        default: return .other
        }
    }

    /// Resolves a scalar with its tag; `plain` is libyaml's `plain_implicit`.
    ///
    /// Untagged quoted and block scalars are always strings. A resolvable tag (`!!int`, `!!bool` ...)
    /// resolves the text as a plain scalar and insists on its own type; `!!float` accepts integers.
    static func resolve(_ text: UnsafeBufferPointer<UInt8>, tag: Tag, plain: Bool) throws(Mismatch) -> Resolution {
        switch tag {
        case .none: return plain ? resolvePlain(text) : .text
        case .str, .merge, .other: return .text
        case .binary:
            guard let decoded = decodeBase64(text) else {
                throw Mismatch(message: "!!binary value is not valid base64")
            }
            return .decoded(decoded)
        case .timestamp:
            guard isTimestamp(text) else { throw mismatch(text, tag: "!!timestamp", expected: "a timestamp") }
            return .text
        case .null:
            let resolution = resolvePlain(text)
            guard resolution == .null else { throw mismatch(text, tag: "!!null", expected: "null") }
            return resolution
        case .bool:
            let resolution = resolvePlain(text)
            guard case .bool = resolution else { throw mismatch(text, tag: "!!bool", expected: "a boolean") }
            return resolution
        case .int:
            let resolution = resolvePlain(text)
            switch resolution {
            case .int, .unsignedInt: return resolution
            default: throw mismatch(text, tag: "!!int", expected: "an integer")
            }
        case .float:
            // go-yaml turns int and int64 into float64 here, but not uint64.
            switch resolvePlain(text) {
            case .double(let double): return .double(double)
            case .int(let int): return .double(Double(int))
            default: throw mismatch(text, tag: "!!float", expected: "a number")
            }
        }
    }

    private static func mismatch(_ text: UnsafeBufferPointer<UInt8>, tag: String, expected: String) -> Mismatch {
        Mismatch(message: "\(tag) value \(YAMLError.quoted(String(decoding: text, as: UTF8.self))) is not \(expected)")
    }

    /// Resolves an untagged plain scalar.
    static func resolvePlain(_ text: UnsafeBufferPointer<UInt8>) -> Resolution {
        guard let first = text.first else { return .null }
        switch first {
        case UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"),
            UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "o"), UInt8(ascii: "O"),
            UInt8(ascii: "~"):
            return word(text) ?? .text
        case UInt8(ascii: "."):
            return word(text) ?? dotFloat(text) ?? .text
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return word(text) ?? number(text) ?? .text
        default:
            return .text
        }
    }

    /// Resolves `string` as if it were written as an untagged plain scalar.
    static func resolvePlain(_ string: String) -> Resolution {
        var string = string
        return string.withUTF8 { resolvePlain($0) }
    }

    // MARK: - Words

    /// go-yaml v2's table of words: YAML 1.1 booleans, nulls, infinities and NaN, in the spellings it lists.
    private static func word(_ text: UnsafeBufferPointer<UInt8>) -> Resolution? {
        func matches(_ word: StaticString) -> Bool {
            guard word.utf8CodeUnitCount == text.count else { return false }
            let bytes = word.utf8Start
            for index in 0..<text.count where text[index] != bytes[index] { return false }
            return true
        }
        func isAny(_ lower: StaticString, _ title: StaticString, _ upper: StaticString) -> Bool {
            matches(lower) || matches(title) || matches(upper)
        }
        switch text.count {
        case 1:
            switch text[0] {
            case UInt8(ascii: "y"), UInt8(ascii: "Y"): return .bool(true)
            case UInt8(ascii: "n"), UInt8(ascii: "N"): return .bool(false)
            case UInt8(ascii: "~"): return .null
            default: return nil
            }
        case 2:
            if isAny("on", "On", "ON") { return .bool(true) }
            if isAny("no", "No", "NO") { return .bool(false) }
        case 3:
            if isAny("yes", "Yes", "YES") { return .bool(true) }
            if isAny("off", "Off", "OFF") { return .bool(false) }
        case 4:
            if isAny("true", "True", "TRUE") { return .bool(true) }
            if isAny("null", "Null", "NULL") { return .null }
            if isAny(".inf", ".Inf", ".INF") { return .double(.infinity) }
            if isAny(".nan", ".NaN", ".NAN") { return .double(.nan) }
        case 5:
            if isAny("false", "False", "FALSE") { return .bool(false) }
            if isAny("+.inf", "+.Inf", "+.INF") { return .double(.infinity) }
            if isAny("-.inf", "-.Inf", "-.INF") { return .double(-.infinity) }
        default:
            break
        }
        return nil
    }

    // MARK: - Numbers

    /// Text starting with a sign or digit: Go's `ParseInt(s, 0, 64)`, then `ParseUint`, then a
    /// YAML-style float, all on the text with every `_` removed. `nil` means it stays a string.
    private static func number(_ text: UnsafeBufferPointer<UInt8>) -> Resolution? {
        guard text.contains(UInt8(ascii: "_")) else { return numberWithoutUnderscores(text) }
        let plain = text.filter { $0 != UInt8(ascii: "_") }
        return plain.withUnsafeBufferPointer { numberWithoutUnderscores($0) }
    }

    private static func numberWithoutUnderscores(_ text: UnsafeBufferPointer<UInt8>) -> Resolution? {
        if let int = parseInt(text) { return .int(int) }
        if let unsigned = parseUnsigned(text, from: 0) { return .unsignedInt(unsigned) }
        if isYAMLStyleFloat(text) { return parseFloat(text) }
        return nil
    }

    /// Text starting with `.` that is not in the word table: Go's `ParseFloat`, where underscores
    /// must stand between digits.
    private static func dotFloat(_ text: UnsafeBufferPointer<UInt8>) -> Resolution? {
        guard text.contains(UInt8(ascii: "_")) else {
            return isYAMLStyleFloat(text) ? parseFloat(text) : nil
        }
        guard underscoresSeparateDigits(text) else { return nil }
        let plain = text.filter { $0 != UInt8(ascii: "_") }
        return plain.withUnsafeBufferPointer { isYAMLStyleFloat($0) ? parseFloat($0) : nil }
    }

    /// Go's `strconv.ParseInt(text, 0, 64)`: optional sign, then ``parseUnsigned(_:from:)``.
    static func parseInt(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard let first = text.first else { return nil }
        let negative = first == UInt8(ascii: "-")
        let start = first == UInt8(ascii: "+") || negative ? 1 : 0
        guard let magnitude = parseUnsigned(text, from: start) else { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return Int64(bitPattern: 0 &- magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// Go's `strconv.ParseUint(text, 0, 64)` from `start`: `0x`/`0o`/`0b` prefixes (either case, with
    /// at least one digit after them), a leading `0` for octal, decimal otherwise; no sign.
    static func parseUnsigned(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> UInt64? {
        guard start < text.count else { return nil }
        var index = start
        var base: UInt64 = 10
        if text[index] == UInt8(ascii: "0") {
            let prefix = text.count - index >= 3 ? text[index + 1] | 0x20 : 0
            switch prefix {
            case UInt8(ascii: "b"):
                base = 2
                index += 2
            case UInt8(ascii: "o"):
                base = 8
                index += 2
            case UInt8(ascii: "x"):
                base = 16
                index += 2
            default:
                base = 8
                index += 1
            }
        }
        var value: UInt64 = 0
        while index < text.count {
            let byte = text[index]
            let digit: UInt64
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): digit = UInt64(byte - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): digit = UInt64(byte - UInt8(ascii: "A")) + 10
            default: return nil
            }
            guard digit < base else { return nil }
            let (shifted, overflow) = value.multipliedReportingOverflow(by: base)
            let (sum, carry) = shifted.addingReportingOverflow(digit)
            if overflow || carry { return nil }
            value = sum
            index += 1
        }
        return value
    }

    /// go-yaml's `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
    static func isYAMLStyleFloat(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = text.count
        func isDigit(_ position: Int) -> Bool {
            position < count && text[position] >= UInt8(ascii: "0") && text[position] <= UInt8(ascii: "9")
        }
        func skipDigits() -> Int {
            let start = index
            while isDigit(index) { index += 1 }
            return index - start
        }
        if index < count && (text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-")) { index += 1 }
        if index < count && text[index] == UInt8(ascii: ".") {
            index += 1
            guard skipDigits() > 0 else { return false }
        } else {
            guard skipDigits() > 0 else { return false }
            if index < count && text[index] == UInt8(ascii: ".") {
                index += 1
                _ = skipDigits()
            }
        }
        if index < count && (text[index] | 0x20) == UInt8(ascii: "e") {
            index += 1
            if index < count && (text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-")) { index += 1 }
            guard skipDigits() > 0 else { return false }
        }
        return index == count
    }

    /// The float a well-formed decimal denotes; out-of-range text stays a string, as Go's `ErrRange` does.
    private static func parseFloat(_ text: UnsafeBufferPointer<UInt8>) -> Resolution? {
        guard let double = Double(String(decoding: text, as: UTF8.self)), double.isFinite else { return nil }
        return .double(double)
    }

    /// Go's `underscoreOK` for a decimal without base prefix: each `_` sits between two digits.
    private static func underscoresSeparateDigits(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var previousIsDigit = false
        var previousIsUnderscore = false
        for byte in text {
            let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            if byte == UInt8(ascii: "_") {
                guard previousIsDigit else { return false }
            } else if previousIsUnderscore && !isDigit {
                return false
            }
            previousIsUnderscore = byte == UInt8(ascii: "_")
            previousIsDigit = isDigit
        }
        return !previousIsUnderscore
    }
}
