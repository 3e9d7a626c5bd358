import CofferCore

/// Block YAML for `toYaml`: the value's JSON form (as Helm's `toYaml` goes through JSON), keys sorted,
/// sequences not indented under their key, strings quoted only when plain text would read differently.
///
/// Stable and readable, not byte-identical to Helm's yaml.v2 in every quoting choice.
enum GoYAML {
    static func encode(_ value: TemplateValue) -> String {
        guard let json = try? GoJSON.encode(value, escapeHTML: false), let plain = GoJSON.decodePreservingIntegers(json)
        else { return "" }
        var lines: [String] = []
        emit(plain, indent: "", into: &lines, context: .top)
        return lines.joined(separator: "\n")
    }

    private enum Context { case top, mapValue, listItem }

    private static func emit(_ value: TemplateValue, indent: String, into lines: inout [String], context: Context) {
        switch value {
        case .map(let map) where !map.isEmpty:
            var first = true
            for key in map.keys.sorted(by: GoString.less) {
                let member = map[key]!
                let prefix = (context == .listItem && first) ? "" : indent
                first = false
                let keyText = scalar(.string(key))
                switch member {
                case .map(let nested) where !nested.isEmpty:
                    lines.append(prefix + keyText + ":")
                    emit(member, indent: indent + "  ", into: &lines, context: .mapValue)
                case .list(let nested) where !nested.isEmpty:
                    lines.append(prefix + keyText + ":")
                    emit(member, indent: indent, into: &lines, context: .mapValue)
                default:
                    lines.append(prefix + keyText + ": " + scalar(member))
                }
            }
        case .list(let list) where !list.isEmpty:
            for element in list {
                switch element {
                case .map(let nested) where !nested.isEmpty:
                    var nestedLines: [String] = []
                    emit(element, indent: indent + "  ", into: &nestedLines, context: .listItem)
                    lines.append(indent + "- " + nestedLines[0])
                    lines.append(contentsOf: nestedLines.dropFirst())
                case .list(let nested) where !nested.isEmpty:
                    var nestedLines: [String] = []
                    emit(element, indent: indent + "  ", into: &nestedLines, context: .listItem)
                    lines.append(indent + "- " + nestedLines[0].drop { $0 == " " })
                    lines.append(contentsOf: nestedLines.dropFirst())
                default:
                    lines.append(indent + "- " + scalar(element))
                }
            }
        default:
            lines.append(indent + scalar(value))
        }
    }

    private static func scalar(_ value: TemplateValue) -> String {
        switch value {
        case .nil_: return "null"
        case .bool(let bool): return bool ? "true" : "false"
        case .int(let int): return String(int)
        case .int64(let int): return String(int)
        case .float64(let double): return GoFloat.format(double, UInt8(ascii: "g"), precision: -1)
        case .string(let string): return needsQuotes(string) ? GoFormat.quote(string) : string
        case .map: return "{}"
        case .list: return "[]"
        default: return GoFormat.quote(Sprig.stringValue(value))
        }
    }

    private static let reserved: Set<String> = [
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", ".nan", ".inf", "-.inf", "+.inf",
    ]

    private static func needsQuotes(_ string: String) -> Bool {
        if string.isEmpty || reserved.contains(string.lowercased()) { return true }
        if Double(string) != nil || Int(string, radix: 10) != nil || string.hasPrefix("0x") || string.hasPrefix("0o") {
            return true
        }
        if string.first == " " || string.last == " " { return true }
        if let first = string.unicodeScalars.first, "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) {
            return true
        }
        if string.contains(": ") || string.contains(" #") || string.hasSuffix(":") { return true }
        return string.unicodeScalars.contains {
            $0.value < 0x20 || $0.value == 0x7F || $0 == "\u{2028}" || $0 == "\u{2029}"
        }
    }
}
