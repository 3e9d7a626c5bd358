/// Go's `fmt` printing of template values: `%v`, `Sprint`, `Sprintf`, `Sprintln`.
///
/// PLACEHOLDER: owned by the Sprig/format work, which replaces this with Go-exact formatting.
public enum GoFormat {
    /// `fmt.Sprint(values...)`: spaces between operands when neither side is a string.
    public static func sprint(_ values: [TemplateValue]) -> String {
        var result = ""
        var previousWasString = false
        for (index, value) in values.enumerated() {
            let isString: Bool
            if case .string = value { isString = true } else { isString = false }
            if index > 0 && !isString && !previousWasString { result += " " }
            result += formatV(value)
            previousWasString = isString
        }
        return result
    }

    /// `%v` of one value.
    public static func formatV(_ value: TemplateValue) -> String {
        switch value {
        case .nil_: return "<nil>"
        case .bool(let bool): return bool ? "true" : "false"
        case .int(let int): return String(int)
        case .int64(let int): return String(int)
        case .float64(let double): return String(double)
        case .string(let string): return string
        case .bytes(let bytes): return "[" + bytes.map { String($0) }.joined(separator: " ") + "]"
        case .time: return "<time>"
        case .list(let list): return "[" + list.map(formatV).joined(separator: " ") + "]"
        case .map(let map):
            return "map[" + map.keys.sorted().map { "\($0):\(formatV(map[$0]!))" }.joined(separator: " ") + "]"
        case .structure(let structure): return "{" + structure.fields.map { formatV($0.value) }.joined(separator: " ") + "}"
        case .function: return "<func>"
        }
    }
}
