package import CofferCore

/// Go's `fmt` renderings that Kubernetes messages are built from.
package enum GoFormat {
    /// `strconv.Quote`: double quotes, Go escapes, printable Unicode kept as is.
    package static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case "\u{07}": result += "\\a"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            case "\u{0B}": result += "\\v"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += "\\x" + hex(scalar.value, width: 2)
                } else if scalar.value >= 0x80 && !isPrintable(scalar) {
                    result +=
                        scalar.value > 0xFFFF
                        ? "\\U" + hex(scalar.value, width: 8) : "\\u" + hex(scalar.value, width: 4)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// `fmt.Sprintf("%v", x)` for a float64: shortest digits, an exponent below 1e-4 or from 1e21.
    package static func float(_ value: Double) -> String {
        if value.isNaN || value.isInfinite { return GoFloat.format(value, UInt8(ascii: "g"), precision: -1) }
        let magnitude = value.magnitude
        if magnitude != 0 && (magnitude < 1e-4 || magnitude >= 1e21) { return GoFloat.format(value, UInt8(ascii: "e"), precision: -1) }
        return GoFloat.format(value, UInt8(ascii: "f"), precision: -1)
    }

    /// `%v` of a JSON scalar as Go decodes it: int64, float64, bool, string, nil (`<nil>`).
    package static func plain(_ value: Value) -> String {
        switch value {
        case .null: return "<nil>"
        case .bool(let bool): return bool ? "true" : "false"
        case .int(let int): return String(int)
        case .double(let double): return float(double)
        case .string(let string): return string
        case .array(let items): return "[" + items.map(plain).joined(separator: " ") + "]"
        case .object(let map):
            let entries = map.entries.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
            return "map[" + entries.map { "\($0.key):\(plain($0.value))" }.joined(separator: " ") + "]"
        }
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator:
            return false
        case .spaceSeparator:
            return scalar == " "
        default:
            return true
        }
    }
}
