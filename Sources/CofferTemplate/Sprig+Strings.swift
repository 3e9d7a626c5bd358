// Sprig's string functions, declared with the Go parameter types Sprig gives them, so `repeat .n "x"`
// fails on an int64 from data exactly as it does in Kanister.

extension Sprig {
    static let strings: [TemplateFunction] = [
        function("abbrev", [.int, .string]) { arguments in
            let (width, text) = (int(arguments[0]), string(arguments[1]))
            return .string(width < 4 ? text : abbreviate(text, width: width))
        },
        function("abbrevboth", [.int, .int, .string]) { arguments in
            let (left, right, text) = (int(arguments[0]), int(arguments[1]), string(arguments[2]))
            if right < 4 || (left > 0 && right < 7) { return .string(text) }
            return .string(abbreviate(text, offset: left, width: right))
        },
        throwing("trunc", [.int, .string]) { arguments in
            // Sprig v2.22 slices s[0:c]: a negative count is Go's slice-bounds panic.
            let (count, bytes) = (int(arguments[0]), Array(string(arguments[1]).utf8))
            if bytes.count <= count { return arguments[1] }
            if count < 0 { throw FunctionError("runtime error: slice bounds out of range [:\(count)]") }
            return .string(String(decoding: bytes[0..<count], as: UTF8.self))
        },
        function("trim", [.string]) { .string(GoString.trimSpace(string($0[0]))) },
        function("upper", [.string]) { .string(GoString.toUpper(string($0[0]))) },
        function("lower", [.string]) { .string(GoString.toLower(string($0[0]))) },
        function("title", [.string]) { .string(GoString.title(string($0[0]))) },
        function("untitle", [.string]) { .string(uncapitalize(string($0[0]))) },
        throwing("substr", [.int, .int, .string]) { arguments in
            try .string(substring(start: int(arguments[0]), end: int(arguments[1]), string(arguments[2])))
        },
        throwing("repeat", [.int, .string]) { arguments in
            let count = int(arguments[0])
            if count < 0 { throw FunctionError("strings: negative Repeat count") }
            let text = string(arguments[1])
            if count > 0 && text.utf8.count > Int.max / count {
                throw FunctionError("strings: Repeat output length overflow")
            }
            return .string(GoString.repeated(text, count: count))
        },
        function("trimall", [.string, .string]) { .string(GoString.trim(string($0[1]), cutset: string($0[0]))) },
        function("trimAll", [.string, .string]) { .string(GoString.trim(string($0[1]), cutset: string($0[0]))) },
        function("trimSuffix", [.string, .string]) { arguments in
            let (suffix, text) = (string(arguments[0]), string(arguments[1]))
            guard text.utf8.count >= suffix.utf8.count, text.utf8.reversed().starts(with: suffix.utf8.reversed()) else {
                return .string(text)
            }
            return .string(String(decoding: Array(text.utf8).dropLast(suffix.utf8.count), as: UTF8.self))
        },
        function("trimPrefix", [.string, .string]) { arguments in
            let (prefix, text) = (string(arguments[0]), string(arguments[1]))
            guard text.utf8.starts(with: prefix.utf8) else { return .string(text) }
            return .string(String(decoding: Array(text.utf8).dropFirst(prefix.utf8.count), as: UTF8.self))
        },
        function("nospace", [.string]) { arguments in
            var result = String.UnicodeScalarView()
            for scalar in string(arguments[0]).unicodeScalars where !GoString.isSpace(scalar) { result.append(scalar) }
            return .string(String(result))
        },
        function("initials", [.string]) { .string(initials(string($0[0]))) },
        function("randAlphaNum", [.int]) { .string(randomString(int($0[0]), from: alphanumerics)) },
        function("randAlpha", [.int]) { .string(randomString(int($0[0]), from: letters)) },
        function("randAscii", [.int]) { .string(randomString(int($0[0]), from: asciiPrintable)) },
        function("randNumeric", [.int]) { .string(randomString(int($0[0]), from: digits)) },
        function("contains", [.string, .string]) { .bool(contains(string($0[1]), string($0[0]))) },
        function("hasPrefix", [.string, .string]) { .bool(string($0[1]).utf8.starts(with: string($0[0]).utf8)) },
        function("hasSuffix", [.string, .string]) { arguments in
            .bool(string(arguments[1]).utf8.reversed().starts(with: string(arguments[0]).utf8.reversed()))
        },
        function("quote", [], variadic: .any) { arguments in
            let quoted = arguments.filter { !isNil($0) }.map { GoFormat.quote(stringValue($0)) }
            return .string(quoted.joined(separator: " "))
        },
        function("squote", [], variadic: .any) { arguments in
            // Sprig formats squote's items with %v, not strval: bytes print as [104 105].
            let quoted = arguments.filter { !isNil($0) }.map { "'" + GoFormat.formatV($0) + "'" }
            return .string(quoted.joined(separator: " "))
        },
        function("cat", [], variadic: .any) { arguments in
            .string(arguments.filter { !isNil($0) }.map(GoFormat.formatV).joined(separator: " "))
        },
        function("indent", [.int, .string]) { .string(indent(int($0[0]), string($0[1]))) },
        function("nindent", [.int, .string]) { .string("\n" + indent(int($0[0]), string($0[1]))) },
        function("replace", [.string, .string, .string]) { arguments in
            .string(GoString.replaceAll(string(arguments[2]), string(arguments[0]), with: string(arguments[1])))
        },
        function("plural", [.string, .string, .int]) { int($0[2]) == 1 ? $0[0] : $0[1] },
        function("toString", [.any]) { .string(stringValue($0[0])) },
        function("toStrings", [.any]) { strings(stringList($0[0])) },
        function("split", [.string, .string]) { arguments in
            let parts = GoString.split(string(arguments[1]), separator: string(arguments[0]))
            return indexedMap(parts)
        },
        function("splitList", [.string, .string]) { strings(GoString.split(string($0[1]), separator: string($0[0]))) },
        function("splitn", [.string, .int, .string]) { arguments in
            let parts = GoString.split(string(arguments[2]), separator: string(arguments[0]), limit: int(arguments[1]))
            return indexedMap(parts)
        },
        function("join", [.string, .any]) { .string(stringList($0[1]).joined(separator: string($0[0]))) },
        function("sortAlpha", [.any]) { arguments in
            switch arguments[0] {
            case .list, .bytes: return strings(stringList(arguments[0]).sorted(by: GoString.less))
            default: return strings([stringValue(arguments[0])])
            }
        },
        function("hello", []) { _ in .string("Hello!") },
    ]

    static func isNil(_ value: TemplateValue) -> Bool {
        if case .nil_ = value { return true }
        return false
    }

    /// Sprig's `strslice`: a list's non-nil items as strings; nil is empty; anything else one string.
    static func stringList(_ value: TemplateValue) -> [String] {
        switch value {
        case .list(let list): return list.filter { !isNil($0) }.map(stringValue)
        case .bytes(let bytes): return bytes.map { String($0) }
        case .nil_: return []
        default: return [stringValue(value)]
        }
    }

    /// `split`'s result: a map from `_0`, `_1`, ... to the parts.
    private static func indexedMap(_ parts: [String]) -> TemplateValue {
        var map: [String: TemplateValue] = [:]
        for (index, part) in parts.enumerated() { map["_\(index)"] = .string(part) }
        return .map(map)
    }

    private static func contains(_ text: String, _ needle: String) -> Bool {
        if needle.isEmpty { return true }
        return !GoString.split(text, separator: needle, limit: 2).dropFirst().isEmpty
    }

    private static func indent(_ spaces: Int, _ text: String) -> String {
        let pad = String(repeating: " ", count: max(spaces, 0))
        return pad + GoString.replaceAll(text, "\n", with: "\n" + pad)
    }

    /// goutils' `AbbreviateFull`, on bytes as it is in Go.
    private static func abbreviate(_ text: String, offset: Int = 0, width: Int) -> String {
        let bytes = Array(text.utf8)
        // goutils reports an error for a width below 4 (7 with an offset); Sprig then prints "".
        if bytes.isEmpty || width < 4 { return "" }
        if bytes.count <= width { return text }
        func slice(_ from: Int, _ to: Int) -> String { String(decoding: bytes[from..<to], as: UTF8.self) }
        var offset = min(offset, bytes.count)
        if bytes.count - offset < width - 3 { offset = bytes.count - (width - 3) }
        if offset <= 4 { return slice(0, width - 3) + "..." }
        if width < 7 { return "" }
        if offset + width - 3 < bytes.count {
            return "..." + abbreviate(slice(offset, bytes.count), width: width - 3)
        }
        return "..." + slice(bytes.count - (width - 3), bytes.count)
    }

    /// goutils' `Uncapitalize`: lower-cases the first letter of each space-separated word.
    private static func uncapitalize(_ text: String) -> String {
        var next = true
        return GoString.mapScalars(text) { scalar in
            if GoString.isSpace(scalar) {
                next = true
                return scalar
            }
            if next {
                next = false
                return GoString.lower(scalar)
            }
            return scalar
        }
    }

    /// goutils' `Initials`: the first byte of each space-separated word (a byte taken as Latin-1, as Go does).
    private static func initials(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var afterGap = true
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            if GoString.isSpace(scalar) {
                afterGap = true
            } else if afterGap {
                result.append(scalar)
                afterGap = false
            }
        }
        return String(result)
    }

    /// Sprig's `substring` on bytes, with Go's slice-bounds panics as errors.
    private static func substring(start: Int, end: Int, _ text: String) throws(FunctionError) -> String {
        let bytes = Array(text.utf8)
        func cut(_ from: Int, _ to: Int) -> String { String(decoding: bytes[from..<to], as: UTF8.self) }
        if start < 0 {
            if end < 0 { throw FunctionError("runtime error: slice bounds out of range [:\(end)]") }
            if end > bytes.count {
                throw FunctionError("runtime error: slice bounds out of range [:\(end)] with length \(bytes.count)")
            }
            return cut(0, end)
        }
        if end < 0 || end > bytes.count {
            if start > bytes.count {
                throw FunctionError("runtime error: slice bounds out of range [\(start):\(bytes.count)]")
            }
            return cut(start, bytes.count)
        }
        if start > end { throw FunctionError("runtime error: slice bounds out of range [\(start):\(end)]") }
        return cut(start, end)
    }

    private static let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".unicodeScalars)
    private static let digits = Array("0123456789".unicodeScalars)
    private static let alphanumerics = letters + digits
    private static let asciiPrintable = (32...126).map { Unicode.Scalar(UInt8($0)) }

    /// `count` characters drawn from `alphabet` with the system's secure generator; "" for a negative count.
    private static func randomString(_ count: Int, from alphabet: [Unicode.Scalar]) -> String {
        guard count > 0 else { return "" }
        var generator = SystemRandomNumberGenerator()
        var result = String.UnicodeScalarView()
        for _ in 0..<count { result.append(alphabet.randomElement(using: &generator)!) }
        return String(result)
    }
}
