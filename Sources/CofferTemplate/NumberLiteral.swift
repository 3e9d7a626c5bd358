/// A number or character constant in a template, with every Go type it can stand for.
///
/// Go keeps a template number untyped until it is used: `3` can fill an `int`, `int64` or `float64`
/// parameter, `3.0` an `int` one too, and `3.5` only a float. Each reading that parses is recorded.
struct NumberLiteral: Sendable {
    /// Why a literal is malformed, in Go's words.
    struct Failure: Error {
        var message: String
    }

    /// The literal as written.
    var text: String
    var isInt = false
    var isUint = false
    var isFloat = false
    var int64: Int64 = 0
    var uint64: UInt64 = 0
    var float64: Double = 0

    /// Parses a number token (or character constant) the way Go's `parse.newNumber` does.
    init(_ bytes: ArraySlice<UInt8>, isCharacter: Bool) throws(Failure) {
        text = String(decoding: bytes, as: UTF8.self)
        if isCharacter {
            let body = bytes.dropFirst()
            guard let (unit, tail) = GoText.unquoteCharacter(body, quote: UInt8(ascii: "'")) else {
                throw Failure(message: "invalid syntax")
            }
            guard tail.count == 1, tail.first == UInt8(ascii: "'") else {
                throw Failure(message: "malformed character constant: \(text)")
            }
            let value = unit.value
            (isInt, isUint, isFloat) = (true, true, true)
            (int64, uint64, float64) = (Int64(value), UInt64(value), Double(value))
            return
        }
        // Imaginary constants are complex unless they fail to parse as floats.
        if bytes.last == UInt8(ascii: "i"), NumberLiteral.parseFloat(bytes.dropLast()) != nil {
            throw Failure(message: "complex number \(GoText.quote(text)) is not supported")
        }
        let unsigned = NumberLiteral.parseUnsigned(bytes)
        if case .value(let value) = unsigned {
            isUint = true
            uint64 = value
        }
        if let value = NumberLiteral.parseSigned(bytes) {
            isInt = true
            int64 = value
            if value == 0 {
                isUint = true  // -0
                if case .value(let value) = unsigned { uint64 = value }
            }
        }
        if isInt {
            isFloat = true
            float64 = Double(int64)
        } else if isUint {
            isFloat = true
            float64 = Double(uint64)
        } else if let value = NumberLiteral.parseFloat(bytes) {
            // A float that looks like an integer is one too big for 64 bits.
            guard bytes.contains(where: { ".eEpP".utf8.contains($0) }) else {
                throw Failure(message: "integer overflow: \(GoText.quote(text))")
            }
            isFloat = true
            float64 = value
            if value.rounded(.towardZero) == value, let whole = Int64(exactly: value) {
                isInt = true
                int64 = whole
            }
            if value.rounded(.towardZero) == value, let whole = UInt64(exactly: value) {
                isUint = true
                uint64 = whole
            }
        }
        if !isInt && !isUint && !isFloat {
            throw Failure(message: "illegal number syntax: \(GoText.quote(text))")
        }
    }

    /// Whether Go's untyped reading of the literal is a float (`1.5`, `1e3`) rather than an int
    /// (`3`, `0x1E`, `'a'`).
    var readsAsFloat: Bool {
        guard isFloat else { return false }
        let bytes = Array(text.utf8)
        if bytes.first == UInt8(ascii: "'") { return false }
        let isHexInt =
            bytes.count > 2 && bytes[0] == UInt8(ascii: "0")
            && (bytes[1] == UInt8(ascii: "x") || bytes[1] == UInt8(ascii: "X"))
            && !bytes.contains(where: { $0 == UInt8(ascii: "p") || $0 == UInt8(ascii: "P") })
        if isHexInt { return false }
        return bytes.contains(where: { ".eEpP".utf8.contains($0) })
    }

    // MARK: - strconv

    enum UnsignedResult {
        case value(UInt64)
        case outOfRange
        case invalid
    }

    /// `strconv.ParseUint(text, 0, 64)`: base prefixes, a leading `0` for octal, and `_` separators.
    static func parseUnsigned(_ text: ArraySlice<UInt8>) -> UnsignedResult {
        guard !text.isEmpty else { return .invalid }
        var digits = text
        var base: UInt64 = 10
        if text.first == UInt8(ascii: "0") {
            let second = text.count >= 3 ? text[text.startIndex + 1] | 0x20 : 0
            switch second {
            case UInt8(ascii: "b"): (base, digits) = (2, text.dropFirst(2))
            case UInt8(ascii: "o"): (base, digits) = (8, text.dropFirst(2))
            case UInt8(ascii: "x"): (base, digits) = (16, text.dropFirst(2))
            default: (base, digits) = (8, text.dropFirst())
            }
        }
        var value: UInt64 = 0
        var sawUnderscore = false
        for byte in digits {
            if byte == UInt8(ascii: "_") {
                sawUnderscore = true
                continue
            }
            let digit: UInt64
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): digit = UInt64(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): digit = UInt64(byte - UInt8(ascii: "A") + 10)
            default: return .invalid
            }
            guard digit < base else { return .invalid }
            let (product, overflow) = value.multipliedReportingOverflow(by: base)
            guard !overflow else { return .outOfRange }
            let (sum, carry) = product.addingReportingOverflow(digit)
            guard !carry else { return .outOfRange }
            value = sum
        }
        if sawUnderscore && !underscoresAreSeparators(text) { return .invalid }
        return .value(value)
    }

    /// `strconv.ParseInt(text, 0, 64)`.
    static func parseSigned(_ text: ArraySlice<UInt8>) -> Int64? {
        var magnitude = text
        var negative = false
        if let sign = text.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            magnitude = text.dropFirst()
        }
        guard case .value(let value) = parseUnsigned(magnitude) else { return nil }
        if negative {
            guard value <= UInt64(Int64.max) + 1 else { return nil }
            return value == UInt64(Int64.max) + 1 ? Int64.min : -Int64(value)
        }
        guard value <= UInt64(Int64.max) else { return nil }
        return Int64(value)
    }

    /// `strconv.ParseFloat(text, 64)` for what the lexer can produce: decimal and hexadecimal floats
    /// with `_` separators; `nil` for bad syntax or a value beyond the float64 range.
    static func parseFloat(_ text: ArraySlice<UInt8>) -> Double? {
        var index = text.startIndex
        if index < text.endIndex && (text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-")) {
            index += 1
        }
        var isHex = false
        let next = index + 1
        if next < text.endIndex && text[index] == UInt8(ascii: "0") && text[next] | 0x20 == UInt8(ascii: "x") {
            isHex = true
            index += 2
        }
        var sawDigits = false
        var sawDot = false
        var sawUnderscore = false
        mantissa: while index < text.endIndex {
            let byte = text[index]
            switch byte {
            case UInt8(ascii: "_"): sawUnderscore = true
            case UInt8(ascii: "."):
                if sawDot { break mantissa }
                sawDot = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigits = true
            case _ where isHex && GoText.hexValue(byte) != nil: sawDigits = true
            default: break mantissa
            }
            index += 1
        }
        guard sawDigits else { return nil }
        if index < text.endIndex && text[index] | 0x20 == (isHex ? UInt8(ascii: "p") : UInt8(ascii: "e")) {
            index += 1
            if index < text.endIndex && (text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-")) {
                index += 1
            }
            var sawExponent = false
            while index < text.endIndex {
                let byte = text[index]
                if byte == UInt8(ascii: "_") {
                    sawUnderscore = true
                } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                    sawExponent = true
                } else {
                    break
                }
                index += 1
            }
            guard sawExponent else { return nil }
        } else if isHex {
            return nil  // A hexadecimal mantissa needs a 'p' exponent.
        }
        guard index == text.endIndex else { return nil }
        if sawUnderscore && !underscoresAreSeparators(text) { return nil }
        let cleaned = String(decoding: text.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
        guard let value = Double(cleaned), value.isFinite else { return nil }
        return value
    }

    /// Go's `underscoreOK`: every `_` sits between digits, or between a base prefix and a digit.
    static func underscoresAreSeparators(_ text: ArraySlice<UInt8>) -> Bool {
        enum Last { case start, digit, underscore, other }
        var last = Last.start
        var body = text
        if let sign = body.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { body = body.dropFirst() }
        var isHex = false
        if body.count >= 2 && body.first == UInt8(ascii: "0") {
            let prefix = body[body.startIndex + 1] | 0x20
            if prefix == UInt8(ascii: "b") || prefix == UInt8(ascii: "o") || prefix == UInt8(ascii: "x") {
                body = body.dropFirst(2)
                last = .digit  // The base prefix counts as a digit.
                isHex = prefix == UInt8(ascii: "x")
            }
        }
        for byte in body {
            if (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (isHex && GoText.hexValue(byte) != nil) {
                last = .digit
            } else if byte == UInt8(ascii: "_") {
                guard last == .digit else { return false }
                last = .underscore
            } else {
                if last == .underscore { return false }
                last = .other
            }
        }
        return last != .underscore
    }
}
