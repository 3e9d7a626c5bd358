/// Parses JSON (RFC 8259) from UTF-8 bytes into a ``Value``.
///
/// Open arrays and objects live on an explicit stack, so deep input meets `maximumDepth`, never the end of
/// the thread's stack. Strings without escapes are built straight from the input buffer. Like Go's
/// `encoding/json`, invalid UTF-8 and unpaired surrogate escapes become U+FFFD, and a repeated key keeps
/// its last value.
struct JSONParser {
    /// Deepest nesting of arrays and objects accepted; deeper input is an error, not a stack overflow.
    static let maximumDepth = 1000

    private let bytes: UnsafeBufferPointer<UInt8>
    private let file: String
    private var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>, file: String) {
        self.bytes = bytes
        self.file = file
    }

    /// An array or object still waiting for its closing bracket.
    private struct OpenContainer {
        var isObject: Bool
        var items: [Value] = []
        var members = ValueMap()
        /// The key whose value is being read, for objects.
        var key = ""
    }

    /// Parses the whole input as exactly one value surrounded by optional whitespace.
    mutating func parse() throws(JSONError) -> Value {
        var stack: [OpenContainer] = []
        readingValues: while true {
            skipWhitespace()
            guard index < bytes.count else { throw truncated("expected a value") }
            var value: Value
            switch bytes[index] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let isObject = bytes[index] == UInt8(ascii: "{")
                let bracket = index
                index += 1
                skipWhitespace()
                if index < bytes.count && bytes[index] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    index += 1
                    value = isObject ? .object(ValueMap()) : .array([])
                } else {
                    try checkDepth(stack.count + 1, bracket: bracket)
                    var container = OpenContainer(isObject: isObject)
                    if isObject { container.key = try parseKey() }
                    stack.append(container)
                    continue readingValues
                }
            case UInt8(ascii: "\""):
                value = .string(try parseString())
            case UInt8(ascii: "t"):
                try expectLiteral("true")
                value = .bool(true)
            case UInt8(ascii: "f"):
                try expectLiteral("false")
                value = .bool(false)
            case UInt8(ascii: "n"):
                try expectLiteral("null")
                value = .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = try parseNumber()
            default:
                throw syntax("expected a value, found \(describeCurrent())")
            }

            // Hand the finished value to its container; a closing bracket finishes that one in turn.
            while let top = stack.indices.last {
                skipWhitespace()
                if stack[top].isObject {
                    let key = stack[top].key
                    stack[top].members[key] = value
                    guard index < bytes.count else { throw truncated("expected ',' or '}' after an object member") }
                    let byte = bytes[index]
                    index += 1
                    if byte == UInt8(ascii: ",") {
                        skipWhitespace()
                        stack[top].key = try parseKey()
                        continue readingValues
                    }
                    guard byte == UInt8(ascii: "}") else {
                        index -= 1
                        throw syntax("expected ',' or '}' after an object member, found \(describeCurrent())")
                    }
                    value = .object(stack.removeLast().members)
                } else {
                    stack[top].items.append(value)
                    guard index < bytes.count else { throw truncated("expected ',' or ']' after an array element") }
                    let byte = bytes[index]
                    index += 1
                    if byte == UInt8(ascii: ",") { continue readingValues }
                    guard byte == UInt8(ascii: "]") else {
                        index -= 1
                        throw syntax("expected ',' or ']' after an array element, found \(describeCurrent())")
                    }
                    value = .array(stack.removeLast().items)
                }
            }
            skipWhitespace()
            guard index == bytes.count else {
                throw syntax("unexpected \(describeCurrent()) after the top-level value")
            }
            return value
        }
    }

    // MARK: - Pieces

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): index += 1
            default: return
            }
        }
    }

    private func checkDepth(_ depth: Int, bracket: Int) throws(JSONError) {
        if depth > Self.maximumDepth {
            throw JSONError(
                code: .tooDeep, message: "arrays and objects nest deeper than \(Self.maximumDepth) levels",
                position: position(of: bracket))
        }
    }

    /// An object key and the `:` after it.
    private mutating func parseKey() throws(JSONError) -> String {
        guard index < bytes.count else { throw truncated("expected a string key") }
        guard bytes[index] == UInt8(ascii: "\"") else {
            throw syntax("expected a string key, found \(describeCurrent())")
        }
        let key = try parseString()
        skipWhitespace()
        guard index < bytes.count else { throw truncated("expected ':' after an object key") }
        guard bytes[index] == UInt8(ascii: ":") else {
            throw syntax("expected ':' after an object key, found \(describeCurrent())")
        }
        index += 1
        return key
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONError) {
        let start = index
        let text = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for expected in text {
            guard index < bytes.count else { throw truncated("expected '\(literal)'") }
            guard bytes[index] == expected else {
                index = start
                throw syntax("expected a value, found \(describeCurrent())")
            }
            index += 1
        }
    }

    /// A string, from its opening quote through its closing one.
    private mutating func parseString() throws(JSONError) -> String {
        index += 1
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            index += 1
        }
        var buffer = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try parseEscape(into: &buffer)
            case 0..<0x20:
                throw error(.invalidString, "control character \(describeCurrent()) must be escaped in a string")
            default:
                buffer.append(byte)
                index += 1
            }
        }
        throw truncated("unterminated string")
    }

    private mutating func parseEscape(into buffer: inout [UInt8]) throws(JSONError) {
        guard index + 1 < bytes.count else { throw truncated("unterminated string") }
        let escaped = bytes[index + 1]
        let simple: UInt8?
        switch escaped {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): simple = escaped
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"): simple = nil
        default:
            index += 1
            throw error(.invalidString, "invalid escape '\\\(describeByte(escaped, quoted: false))' in a string")
        }
        if let simple {
            buffer.append(simple)
            index += 2
            return
        }
        guard index + 6 <= bytes.count else { throw truncated("unterminated string") }
        guard let unit = hexQuad(at: index + 2) else {
            throw error(.invalidString, "invalid unicode escape: '\\u' needs four hexadecimal digits")
        }
        index += 6
        var scalar = unit
        if (0xD800...0xDBFF).contains(unit) {
            // A high surrogate pairs with an immediately following low one; Go replaces anything else.
            if index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u"),
                let low = hexQuad(at: index + 2), (0xDC00...0xDFFF).contains(low)
            {
                scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                index += 6
            } else {
                scalar = 0xFFFD
            }
        } else if (0xDC00...0xDFFF).contains(unit) {
            scalar = 0xFFFD
        }
        // Surrogates were replaced above, so every remaining value is a valid scalar.
        UTF8.encode(Unicode.Scalar(scalar) ?? "\u{FFFD}") { buffer.append($0) }
    }

    private func hexQuad(at start: Int) -> UInt32? {
        var result: UInt32 = 0
        for offset in 0..<4 {
            let byte = bytes[start + offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            result = result << 4 | UInt32(digit)
        }
        return result
    }

    /// A number: `.int` for an integer literal that fits Int64, `.double` otherwise.
    private mutating func parseNumber() throws(JSONError) -> Value {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { throw truncated("expected a digit after '-'") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if isDigit(bytes[index]) {
            skipDigits()
        } else {
            throw syntax("expected a digit after '-', found \(describeCurrent())")
        }
        var integral = true
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            integral = false
            index += 1
            try requireDigit(after: "'.'")
            skipDigits()
        }
        if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            integral = false
            index += 1
            if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) {
                index += 1
            }
            try requireDigit(after: "the exponent marker")
            skipDigits()
        }
        let text = UnsafeBufferPointer(rebasing: bytes[start..<index])
        if integral, let int = Self.int64(text) { return .int(int) }
        // The grammar was checked above, so the standard library's parser accepts the text.
        let double = Double(String(decoding: text, as: UTF8.self))!
        guard double.isFinite else {
            index = start
            throw error(.numberOutOfRange, "number \(String(decoding: text, as: UTF8.self)) is out of range")
        }
        return .double(double)
    }

    private mutating func requireDigit(after what: String) throws(JSONError) {
        guard index < bytes.count else { throw truncated("expected a digit after \(what)") }
        guard isDigit(bytes[index]) else { throw syntax("expected a digit after \(what), found \(describeCurrent())") }
    }

    private mutating func skipDigits() {
        while index < bytes.count && isDigit(bytes[index]) { index += 1 }
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// The value of an integer literal (`-?digits`), or `nil` when it does not fit Int64.
    private static func int64(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        let negative = text[0] == UInt8(ascii: "-")
        var magnitude: UInt64 = 0
        for byte in text.dropFirst(negative ? 1 : 0) {
            let (shifted, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = shifted.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            if overflow1 || overflow2 { return nil }
            magnitude = sum
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return Int64(bitPattern: 0 &- magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    // MARK: - Errors

    private func truncated(_ expectation: String) -> JSONError {
        error(.truncated, "unexpected end of input, \(expectation)")
    }

    private func syntax(_ message: String) -> JSONError {
        error(.syntax, message)
    }

    private func error(_ code: JSONError.Code, _ message: String) -> JSONError {
        JSONError(code: code, message: message, position: position(of: index))
    }

    private func position(of offset: Int) -> SourcePosition {
        SourcePosition(file: file, offset: offset, in: bytes)
    }

    /// The character at the current index, for messages: `'x'`, `U+00E9`, or `end of input`.
    private func describeCurrent() -> String {
        guard index < bytes.count else { return "end of input" }
        let byte = bytes[index]
        if byte < 0x80 { return describeByte(byte, quoted: true) }
        var iterator = bytes[index...].makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) {
            return "U+" + String(hex: scalar.value, width: 4)
        }
        return "byte 0x" + String(hex: UInt32(byte), width: 2)
    }

    private func describeByte(_ byte: UInt8, quoted: Bool) -> String {
        guard byte >= 0x20 && byte < 0x7F else { return "U+" + String(hex: UInt32(byte), width: 4) }
        let character = String(UnicodeScalar(byte))
        return quoted ? "'\(character)'" : character
    }
}
