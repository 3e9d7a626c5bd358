/// Writes ``Value``s as JSON text the way Go's `encoding/json` does.
///
/// Numbers use Go's float formatting (`1`, `0.5`, `1e+21`, `1e-7`); strings escape `"`, `\`, control
/// characters and U+2028/U+2029. Go refuses NaN and infinities; they are written as `null` here, since
/// output must always be valid JSON. Containers are walked with an explicit stack, so depth costs heap,
/// not thread stack.
package struct JSONWriter {
    /// One level of indentation, or `nil` for compact output.
    package var indent: String?
    /// Sort object keys by their UTF-8 bytes, as Go sorts map keys; otherwise keep document order.
    package var sortedKeys: Bool
    /// Escape `<`, `>` and `&` as `\u003c`, `\u003e`, `\u0026`, as Go's `json.Marshal` (and Sprig's `toJson`) do.
    package var escapeHTML: Bool

    /// A writer; the defaults give compact output in document order without HTML escaping.
    package init(indent: String? = nil, sortedKeys: Bool = false, escapeHTML: Bool = false) {
        self.indent = indent
        self.sortedKeys = sortedKeys
        self.escapeHTML = escapeHTML
    }

    /// An array or object whose members are still being written.
    private struct OpenContainer {
        var elements: [Value] = []
        var members = ValueMap()
        var keys: [String]?
        var next = 0
        var count: Int { keys?.count ?? elements.count }
    }

    /// `value` as JSON text, without a trailing newline.
    package func string(for value: Value) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        var stack: [OpenContainer] = []
        var pending: Value? = value
        while true {
            if let current = pending {
                pending = nil
                switch current {
                case .null: out.append(contentsOf: "null".utf8)
                case .bool(let bool): out.append(contentsOf: (bool ? "true" : "false").utf8)
                case .int(let int): out.append(contentsOf: String(int).utf8)
                case .double(let double): writeNumber(double, to: &out)
                case .string(let string): writeString(string, to: &out)
                case .array(let elements):
                    if elements.isEmpty {
                        out.append(contentsOf: "[]".utf8)
                    } else {
                        out.append(UInt8(ascii: "["))
                        stack.append(OpenContainer(elements: elements))
                    }
                case .object(let members):
                    if members.isEmpty {
                        out.append(contentsOf: "{}".utf8)
                    } else {
                        out.append(UInt8(ascii: "{"))
                        let keys =
                            sortedKeys
                            ? members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } : members.keys
                        stack.append(OpenContainer(members: members, keys: keys))
                    }
                }
            }
            guard let top = stack.indices.last else { break }
            let next = stack[top].next
            if next < stack[top].count {
                if next > 0 { out.append(UInt8(ascii: ",")) }
                writeNewline(depth: stack.count, to: &out)
                if let keys = stack[top].keys {
                    writeString(keys[next], to: &out)
                    out.append(UInt8(ascii: ":"))
                    if indent != nil { out.append(UInt8(ascii: " ")) }
                    pending = stack[top].members[keys[next]]
                } else {
                    pending = stack[top].elements[next]
                }
                stack[top].next += 1
            } else {
                writeNewline(depth: stack.count - 1, to: &out)
                out.append(stack[top].keys == nil ? UInt8(ascii: "]") : UInt8(ascii: "}"))
                stack.removeLast()
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private func writeNewline(depth: Int, to out: inout [UInt8]) {
        guard let indent else { return }
        out.append(UInt8(ascii: "\n"))
        for _ in 0..<depth { out.append(contentsOf: indent.utf8) }
    }

    private func writeNumber(_ double: Double, to out: inout [UInt8]) {
        guard double.isFinite else {
            out.append(contentsOf: "null".utf8)
            return
        }
        out.append(contentsOf: GoFloat.json(double).utf8)
    }

    private func writeString(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let utf8 = string.utf8
        var index = utf8.startIndex
        var runStart = index
        while index != utf8.endIndex {
            let byte = utf8[index]
            let escape: String?
            switch byte {
            case UInt8(ascii: "\""): escape = "\\\""
            case UInt8(ascii: "\\"): escape = "\\\\"
            case UInt8(ascii: "\n"): escape = "\\n"
            case UInt8(ascii: "\r"): escape = "\\r"
            case UInt8(ascii: "\t"): escape = "\\t"
            case 0x08: escape = "\\b"
            case 0x0C: escape = "\\f"
            case 0..<0x20: escape = "\\u" + String(hex: UInt32(byte), width: 4, uppercase: false)
            case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"):
                escape = escapeHTML ? "\\u" + String(hex: UInt32(byte), width: 4, uppercase: false) : nil
            case 0xE2:
                // U+2028 and U+2029 (E2 80 A8/A9) end lines in JavaScript; Go escapes them.
                let second = utf8.index(after: index)
                if second != utf8.endIndex, utf8[second] == 0x80 {
                    let third = utf8.index(after: second)
                    if third != utf8.endIndex, utf8[third] == 0xA8 || utf8[third] == 0xA9 {
                        out.append(contentsOf: utf8[runStart..<index])
                        out.append(contentsOf: (utf8[third] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                        index = utf8.index(after: third)
                        runStart = index
                        continue
                    }
                }
                escape = nil
            default: escape = nil
            }
            if let escape {
                out.append(contentsOf: utf8[runStart..<index])
                out.append(contentsOf: escape.utf8)
                index = utf8.index(after: index)
                runStart = index
            } else {
                index = utf8.index(after: index)
            }
        }
        out.append(contentsOf: utf8[runStart..<index])
        out.append(UInt8(ascii: "\""))
    }
}
