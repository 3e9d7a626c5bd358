import CofferCore

/// Go's `encoding/json` for template values, byte for byte: what `toJson` and `toPrettyJson` print.
///
/// Map keys sorted byte-wise, struct fields in declaration order (honouring `json` tags), `<`, `>`, `&`,
/// U+2028 and U+2029 escaped, `[]byte` as base64, times as RFC 3339 with nanoseconds, and floats as
/// Go writes them (`1e+21`, `1e-7`, but `100000000000000000000` and `0.000001`).
enum GoJSON {
    struct EncodingError: Error, CustomStringConvertible {
        var description: String
    }

    /// `json.Marshal` (`escapeHTML` true) or an `Encoder` with `SetEscapeHTML(false)`; `indent` as `MarshalIndent`.
    static func encode(_ value: TemplateValue, escapeHTML: Bool = true, indent: String? = nil) throws(EncodingError)
        -> String
    {
        var out: [UInt8] = []
        try append(value, escapeHTML: escapeHTML, into: &out)
        if let indent { out = indented(out, indent: Array(indent.utf8)) }
        return String(decoding: out, as: UTF8.self)
    }

    private static func append(_ value: TemplateValue, escapeHTML: Bool, into out: inout [UInt8]) throws(EncodingError)
    {
        switch value {
        case .nil_: out.append(contentsOf: "null".utf8)
        case .bool(let bool): out.append(contentsOf: (bool ? "true" : "false").utf8)
        case .int(let int): out.append(contentsOf: String(int).utf8)
        case .int64(let int): out.append(contentsOf: String(int).utf8)
        case .float64(let double):
            guard double.isFinite else {
                throw EncodingError(
                    description: "json: unsupported value: \(GoFloat.format(double, UInt8(ascii: "g"), precision: -1))")
            }
            out.append(contentsOf: GoFloat.json(double).utf8)
        case .string(let string): appendString(string, escapeHTML: escapeHTML, into: &out)
        case .bytes(let bytes):
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: GoBase64.encode(bytes).utf8)
            out.append(UInt8(ascii: "\""))
        case .time(let time):
            let year = time.fields.year
            guard year >= 0 && year <= 9999 else {
                throw EncodingError(
                    description: "json: error calling MarshalJSON for type time.Time: "
                        + "Time.MarshalJSON: year outside of range [0,9999]")
            }
            appendString(time.format("2006-01-02T15:04:05.999999999Z07:00"), escapeHTML: escapeHTML, into: &out)
        case .list(let list):
            out.append(UInt8(ascii: "["))
            for (index, element) in list.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                try append(element, escapeHTML: escapeHTML, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .map(let map):
            out.append(UInt8(ascii: "{"))
            for (index, key) in map.keys.sorted(by: GoString.less).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                appendString(key, escapeHTML: escapeHTML, into: &out)
                out.append(UInt8(ascii: ":"))
                try append(map[key] ?? .nil_, escapeHTML: escapeHTML, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .structure(let structure):
            out.append(UInt8(ascii: "{"))
            var first = true
            for field in structure.fields {
                var name = field.name
                var omitEmpty = false
                if let tag = structure.jsonTags[field.name] {
                    if tag == "-" { continue }
                    let parts = tag.split(separator: ",", omittingEmptySubsequences: false)
                    if let tagName = parts.first, !tagName.isEmpty { name = String(tagName) }
                    omitEmpty = parts.dropFirst().contains("omitempty")
                }
                if omitEmpty && isEmpty(field.value) { continue }
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                appendString(name, escapeHTML: escapeHTML, into: &out)
                out.append(UInt8(ascii: ":"))
                try append(field.value, escapeHTML: escapeHTML, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .function:
            throw EncodingError(description: "json: unsupported type: func()")
        }
    }

    /// `omitempty`'s idea of empty: false, 0, "", nil, and empty lists, maps and byte slices.
    private static func isEmpty(_ value: TemplateValue) -> Bool {
        switch value {
        case .nil_: return true
        case .bool(let bool): return !bool
        case .int(let int): return int == 0
        case .int64(let int): return int == 0
        case .float64(let double): return double == 0
        case .string(let string): return string.isEmpty
        case .bytes(let bytes): return bytes.isEmpty
        case .list(let list): return list.isEmpty
        case .map(let map): return map.isEmpty
        case .time, .structure, .function: return false
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    private static func appendString(_ string: String, escapeHTML: Bool, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\\", "\"":
                out.append(UInt8(ascii: "\\"))
                out.append(UInt8(scalar.value))
            case "\u{08}": out.append(contentsOf: "\\b".utf8)
            case "\u{0C}": out.append(contentsOf: "\\f".utf8)
            case "\n": out.append(contentsOf: "\\n".utf8)
            case "\r": out.append(contentsOf: "\\r".utf8)
            case "\t": out.append(contentsOf: "\\t".utf8)
            case "<" where escapeHTML, ">" where escapeHTML, "&" where escapeHTML:
                out.append(contentsOf: "\\u00".utf8)
                out.append(hex[Int(scalar.value >> 4)])
                out.append(hex[Int(scalar.value & 0xF)])
            case "\u{2028}": out.append(contentsOf: "\\u2028".utf8)
            case "\u{2029}": out.append(contentsOf: "\\u2029".utf8)
            default:
                if scalar.value < 0x20 {
                    out.append(contentsOf: "\\u00".utf8)
                    out.append(hex[Int(scalar.value >> 4)])
                    out.append(hex[Int(scalar.value & 0xF)])
                } else {
                    out.append(contentsOf: String(scalar).utf8)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// `json.Indent` with an empty prefix: one element per line, empty `{}` and `[]` kept compact.
    private static func indented(_ compact: [UInt8], indent: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var depth = 0
        var inString = false
        var escaped = false
        var needIndent = false
        func newline() {
            out.append(UInt8(ascii: "\n"))
            for _ in 0..<depth { out.append(contentsOf: indent) }
        }
        for byte in compact {
            if inString {
                out.append(byte)
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            if needIndent && byte != UInt8(ascii: "]") && byte != UInt8(ascii: "}") {
                needIndent = false
                depth += 1
                newline()
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                out.append(byte)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                out.append(byte)
                needIndent = true
            case UInt8(ascii: ","):
                out.append(byte)
                newline()
            case UInt8(ascii: ":"):
                out.append(byte)
                out.append(UInt8(ascii: " "))
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if needIndent {
                    needIndent = false
                } else {
                    depth -= 1
                    newline()
                }
                out.append(byte)
            default:
                out.append(byte)
            }
        }
        return out
    }

    // MARK: - Decoding

    /// `json.Unmarshal` into `interface{}`: objects become maps, arrays lists, every number a float64.
    static func decode(_ text: String) -> TemplateValue? {
        var parser = JSONParser(bytes: Array(text.utf8))
        guard let value = parser.parseValue() else { return nil }
        parser.skipWhitespace()
        return parser.index == parser.bytes.count ? value : nil
    }

    /// Like ``decode(_:)`` but whole numbers that fit become `int64`, as YAML emitters keep them.
    static func decodePreservingIntegers(_ text: String) -> TemplateValue? {
        var parser = JSONParser(bytes: Array(text.utf8))
        parser.preservesIntegers = true
        guard let value = parser.parseValue() else { return nil }
        parser.skipWhitespace()
        return parser.index == parser.bytes.count ? value : nil
    }
}

/// A small recursive-descent JSON reader for `fromJson`; `nil` on any syntax error.
private struct JSONParser {
    let bytes: [UInt8]
    var index = 0
    var preservesIntegers = false

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func literal(_ word: String, _ value: TemplateValue) -> TemplateValue? {
        let expected = Array(word.utf8)
        guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else {
            return nil
        }
        index += expected.count
        return value
    }

    mutating func parseValue(depth: Int = 0) -> TemplateValue? {
        guard depth < 10_000 else { return nil }
        skipWhitespace()
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "n"): return literal("null", .nil_)
        case UInt8(ascii: "t"): return literal("true", .bool(true))
        case UInt8(ascii: "f"): return literal("false", .bool(false))
        case UInt8(ascii: "\""): return parseString().map(TemplateValue.string)
        case UInt8(ascii: "["):
            index += 1
            var list: [TemplateValue] = []
            skipWhitespace()
            if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .list(list)
            }
            while true {
                guard let element = parseValue(depth: depth + 1) else { return nil }
                list.append(element)
                skipWhitespace()
                guard index < bytes.count else { return nil }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                } else if bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return .list(list)
                } else {
                    return nil
                }
            }
        case UInt8(ascii: "{"):
            index += 1
            var map: [String: TemplateValue] = [:]
            skipWhitespace()
            if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .map(map)
            }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), let key = parseString() else {
                    return nil
                }
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
                index += 1
                guard let member = parseValue(depth: depth + 1) else { return nil }
                map[key] = member
                skipWhitespace()
                guard index < bytes.count else { return nil }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                } else if bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return .map(map)
                } else {
                    return nil
                }
            }
        default:
            return parseNumber()
        }
    }

    private mutating func parseNumber() -> TemplateValue? {
        let start = index
        func digits() -> Int {
            let begin = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                index += 1
            }
            return index - begin
        }
        if index < bytes.count && bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if digits() == 0 {
            return nil
        }
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return nil }
        }
        if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            index += 1
            if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) {
                index += 1
            }
            guard digits() > 0 else { return nil }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if preservesIntegers, let integer = Int64(text) { return .int64(integer) }
        guard let double = Double(text), double.isFinite else {
            return nil
        }
        return .float64(double)
    }

    private mutating func parseString() -> String? {
        index += 1
        var scalars = String.UnicodeScalarView()
        var run: [UInt8] = []
        func flush() {
            if !run.isEmpty {
                scalars.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars)
                run.removeAll()
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                flush()
                return String(scalars)
            }
            if byte < 0x20 { return nil }
            if byte != UInt8(ascii: "\\") {
                run.append(byte)
                index += 1
                continue
            }
            flush()
            index += 1
            guard index < bytes.count else { return nil }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                guard var code = hex4() else { return nil }
                if code >= 0xD800 && code < 0xDC00 {
                    // A high surrogate pairs with a following low one; alone it decodes as U+FFFD.
                    let saved = index
                    if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u")
                    {
                        index += 2
                        if let low = hex4(), low >= 0xDC00 && low < 0xE000 {
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            index = saved
                            code = 0xFFFD
                        }
                    } else {
                        code = 0xFFFD
                    }
                }
                scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
            default:
                return nil
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        guard let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else {
            return nil
        }
        index += 4
        return code
    }
}
