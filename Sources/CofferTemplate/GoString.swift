/// Go's `strings` and `unicode` behaviours where Swift's differ: byte order, rune counts, simple case
/// mapping, Go's idea of white space, and the splitting and replacing rules of an empty separator.
enum GoString {
    /// Go's `<` on strings: byte-wise, where Swift's `<` compares canonically.
    static func less(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }

    /// The number of runes in UTF-8 bytes, counting each invalid byte as one, as `utf8.RuneCount` does.
    static func runeCount(_ bytes: [UInt8]) -> Int {
        var count = 0
        var index = 0
        while index < bytes.count {
            index += runeLength(bytes, at: index)
            count += 1
        }
        return count
    }

    /// The length of the UTF-8 sequence at `index`; 1 for a byte that does not start a valid one.
    static func runeLength(_ bytes: [UInt8], at index: Int) -> Int {
        let first = bytes[index]
        let length: Int
        switch first {
        case 0..<0x80: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return 1
        }
        guard index + length <= bytes.count else { return 1 }
        for offset in 1..<length where bytes[index + offset] & 0xC0 != 0x80 { return 1 }
        return length
    }

    /// `unicode.IsSpace`.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0: return true
        case 0..<0x100: return false
        default:
            switch scalar.properties.generalCategory {
            case .spaceSeparator, .lineSeparator, .paragraphSeparator: return true
            default: return false
            }
        }
    }

    /// `unicode.ToUpper` (simple mapping: a rune whose upper case is several runes stays as it is).
    static func upper(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar.value < 0x80 {
            return scalar.value >= 0x61 && scalar.value <= 0x7A ? Unicode.Scalar(scalar.value - 32)! : scalar
        }
        return single(scalar.properties.uppercaseMapping) ?? scalar
    }

    /// `unicode.ToLower`, simple mapping.
    static func lower(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar.value < 0x80 {
            return scalar.value >= 0x41 && scalar.value <= 0x5A ? Unicode.Scalar(scalar.value + 32)! : scalar
        }
        return single(scalar.properties.lowercaseMapping) ?? scalar
    }

    /// `unicode.ToTitle`, simple mapping.
    static func titleCase(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar.value < 0x80 { return upper(scalar) }
        return single(scalar.properties.titlecaseMapping) ?? scalar
    }

    private static func single(_ mapping: String) -> Unicode.Scalar? {
        let scalars = mapping.unicodeScalars
        guard scalars.count == 1 else { return nil }
        return scalars.first
    }

    static func mapScalars(_ string: String, _ transform: (Unicode.Scalar) -> Unicode.Scalar) -> String {
        var result = String.UnicodeScalarView()
        for scalar in string.unicodeScalars { result.append(transform(scalar)) }
        return String(result)
    }

    /// `strings.ToUpper`.
    static func toUpper(_ string: String) -> String { mapScalars(string, upper) }

    /// `strings.ToLower`.
    static func toLower(_ string: String) -> String { mapScalars(string, lower) }

    /// `strings.Title`: the first letter of each word in title case; words split at spaces and ASCII punctuation.
    static func title(_ string: String) -> String {
        var previous: Unicode.Scalar = " "
        return mapScalars(string) { scalar in
            defer { previous = scalar }
            return isSeparator(previous) ? titleCase(scalar) : scalar
        }
    }

    private static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value <= 0x7F {
            switch scalar {
            case "0"..."9", "a"..."z", "A"..."Z", "_": return false
            default: return true
            }
        }
        if scalar.properties.isAlphabetic || scalar.properties.numericType == .decimal { return false }
        return isSpace(scalar)
    }

    /// `strings.TrimSpace`.
    static func trimSpace(_ string: String) -> String {
        let scalars = string.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex { !isSpace($0) }!
        return String(scalars[first...last])
    }

    /// `strings.Trim(string, cutset)`: drops leading and trailing runes found in `cutset`.
    static func trim(_ string: String, cutset: String) -> String {
        let cut = Set(cutset.unicodeScalars)
        let scalars = string.unicodeScalars
        guard let first = scalars.firstIndex(where: { !cut.contains($0) }) else { return "" }
        let last = scalars.lastIndex { !cut.contains($0) }!
        return String(scalars[first...last])
    }

    /// `strings.SplitN(string, separator, limit)`; `limit` < 0 means all parts, 0 means none.
    static func split(_ string: String, separator: String, limit: Int = -1) -> [String] {
        if limit == 0 { return [] }
        if separator.isEmpty {
            // An empty separator splits after each UTF-8 sequence.
            var parts: [String] = []
            let scalars = Array(string.unicodeScalars)
            for (index, scalar) in scalars.enumerated() {
                if limit > 0 && parts.count == limit - 1 {
                    var rest = String.UnicodeScalarView()
                    rest.append(contentsOf: scalars[index...])
                    parts.append(String(rest))
                    return parts
                }
                parts.append(String(scalar))
            }
            return parts
        }
        let bytes = Array(string.utf8)
        let needle = Array(separator.utf8)
        var parts: [String] = []
        var start = 0
        var index = 0
        while index + needle.count <= bytes.count {
            if limit > 0 && parts.count == limit - 1 { break }
            if bytes[index] == needle[0] && Array(bytes[index..<index + needle.count]) == needle {
                parts.append(String(decoding: bytes[start..<index], as: UTF8.self))
                index += needle.count
                start = index
            } else {
                index += 1
            }
        }
        parts.append(String(decoding: bytes[start...], as: UTF8.self))
        return parts
    }

    /// `strings.Replace(string, old, new, -1)`; an empty `old` inserts `new` around every rune.
    static func replaceAll(_ string: String, _ old: String, with new: String) -> String {
        if old.isEmpty {
            var result = new
            for scalar in string.unicodeScalars {
                result.unicodeScalars.append(scalar)
                result += new
            }
            return result
        }
        return split(string, separator: old).joined(separator: new)
    }

    /// `strings.Repeat`.
    static func repeated(_ string: String, count: Int) -> String {
        String(repeating: string, count: count)
    }
}
