public import CofferCore

/// Writes values as block-style YAML that ``YAMLLoader`` (and Kubernetes) reads back to the same value.
///
/// Keys keep their ``ValueMap`` order. Sequences under a key are not indented, as `kubectl` prints them.
/// Strings are plain when that reads back as the same string, literal blocks (`|`, `|-`, `|+`) when they
/// span lines, and double-quoted otherwise. Whole floats keep a `.0` so they stay floats.
public enum YAMLEmitter {
    /// One document.
    ///
    /// - Parameter value: The document's value.
    /// - Returns: YAML text ending in a newline.
    public static func emit(_ value: Value) -> String {
        var writer = YAMLWriter()
        writer.write(value)
        return writer.text
    }

    /// Several documents, separated by `---` lines.
    ///
    /// - Parameter documents: The documents' values, in order.
    /// - Returns: YAML text ending in a newline; empty for no documents.
    public static func emit(documents: [Value]) -> String {
        var writer = YAMLWriter()
        for (index, document) in documents.enumerated() {
            if index > 0 { writer.out.append(contentsOf: "---\n".utf8) }
            writer.write(document)
        }
        return writer.text
    }
}

/// The emitter's state: output bytes and the collections still being written.
struct YAMLWriter {
    var out: [UInt8] = []

    var text: String { String(decoding: out, as: UTF8.self) }

    /// A non-empty collection being written.
    private struct OpenCollection {
        var items: [Value] = []
        var members = ValueMap()
        var keys: [String]?
        var next = 0
        /// Column of its keys or dashes.
        var indent: Int
        /// Its first entry continues a line already started by a parent's `- `.
        var continuesLine: Bool
        var count: Int { keys?.count ?? items.count }
    }

    /// Where a value is written, which decides what goes before it and where its content starts.
    private enum Slot {
        case root
        /// After `key:` (or an explicit key's `:`) of a mapping whose keys are at `indent`.
        case mappingValue(indent: Int)
        /// After `- ` of a sequence whose dashes are at `indent`.
        case sequenceItem(indent: Int)
    }

    mutating func write(_ root: Value) {
        var stack: [OpenCollection] = []
        var pending: (Value, Slot)? = (root, .root)
        while true {
            if let (value, slot) = pending {
                pending = nil
                if let opened = writeNode(value, in: slot) { stack.append(opened) }
            }
            guard let top = stack.indices.last else { return }
            let next = stack[top].next
            guard next < stack[top].count else {
                stack.removeLast()
                continue
            }
            stack[top].next += 1
            let indent = stack[top].indent
            if next > 0 || !stack[top].continuesLine { writeIndent(indent) }
            if let keys = stack[top].keys {
                let key = keys[next]
                writeKey(key, indent: indent)
                // Scalars are keys already checked above; a missing member is impossible.
                pending = (stack[top].members[key] ?? .null, .mappingValue(indent: indent))
            } else {
                out.append(contentsOf: "- ".utf8)
                pending = (stack[top].items[next], .sequenceItem(indent: indent))
            }
        }
    }

    /// Writes a scalar or empty collection whole; for a non-empty collection, writes what precedes its
    /// first entry and returns it to be written entry by entry.
    private mutating func writeNode(_ value: Value, in slot: Slot) -> OpenCollection? {
        let afterColon: Bool
        let contentIndent: Int
        switch slot {
        case .root:
            afterColon = false
            contentIndent = 2
        case .mappingValue(let indent):
            afterColon = true
            contentIndent = indent + 2
        case .sequenceItem(let indent):
            afterColon = false
            contentIndent = indent + 2
        }
        switch value {
        case .array(let items) where !items.isEmpty:
            switch slot {
            case .root: return OpenCollection(items: items, indent: 0, continuesLine: false)
            case .mappingValue(let indent):
                out.append(UInt8(ascii: "\n"))
                return OpenCollection(items: items, indent: indent, continuesLine: false)
            case .sequenceItem(let indent):
                return OpenCollection(items: items, indent: indent + 2, continuesLine: true)
            }
        case .object(let members) where !members.isEmpty:
            switch slot {
            case .root: return OpenCollection(members: members, keys: members.keys, indent: 0, continuesLine: false)
            case .mappingValue(let indent):
                out.append(UInt8(ascii: "\n"))
                return OpenCollection(members: members, keys: members.keys, indent: indent + 2, continuesLine: false)
            case .sequenceItem(let indent):
                return OpenCollection(members: members, keys: members.keys, indent: indent + 2, continuesLine: true)
            }
        default:
            if afterColon { out.append(UInt8(ascii: " ")) }
            writeScalar(value, contentIndent: contentIndent)
            out.append(UInt8(ascii: "\n"))
            return nil
        }
    }

    private mutating func writeIndent(_ indent: Int) {
        for _ in 0..<indent { out.append(UInt8(ascii: " ")) }
    }

    /// `key:`, or for keys too long for libyaml's 1024-character simple keys, `? key` and `:` lines.
    private mutating func writeKey(_ key: String, indent: Int) {
        let start = out.count
        writeString(key, allowBlock: false, contentIndent: indent + 2)
        if out.count - start > 1000 {
            out.insert(contentsOf: "? ".utf8, at: start)
            out.append(UInt8(ascii: "\n"))
            writeIndent(indent)
        }
        out.append(UInt8(ascii: ":"))
    }

    // MARK: - Scalars

    private mutating func writeScalar(_ value: Value, contentIndent: Int) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let bool): out.append(contentsOf: (bool ? "true" : "false").utf8)
        case .int(let int): out.append(contentsOf: String(int).utf8)
        case .double(let double): out.append(contentsOf: Self.floatText(double).utf8)
        case .string(let string): writeString(string, allowBlock: true, contentIndent: contentIndent)
        case .array: out.append(contentsOf: "[]".utf8)
        case .object: out.append(contentsOf: "{}".utf8)
        }
    }

    /// Go's shortest `%g`, plus `.0` where that would read back as an integer; `.inf`, `-.inf`, `.nan`.
    static func floatText(_ double: Double) -> String {
        if double.isNaN { return ".nan" }
        if double.isInfinite { return double < 0 ? "-.inf" : ".inf" }
        let text = GoFloat.format(double, UInt8(ascii: "g"), precision: -1)
        return text.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") } ? text : text + ".0"
    }

    private mutating func writeString(_ string: String, allowBlock: Bool, contentIndent: Int) {
        switch YAMLScalarStyle(for: string, allowBlock: allowBlock) {
        case .plain: out.append(contentsOf: string.utf8)
        case .literal: writeLiteral(string, contentIndent: contentIndent)
        case .doubleQuoted: writeDoubleQuoted(string)
        }
    }

    /// `|` with chomping (`-` no final newline, `+` several) and, when the text starts with whitespace,
    /// an explicit indentation of 2; then each line at `contentIndent`.
    private mutating func writeLiteral(_ string: String, contentIndent: Int) {
        var body = string.utf8[...]
        var trailingNewlines = 0
        while body.last == UInt8(ascii: "\n") {
            body = body.dropLast()
            trailingNewlines += 1
        }
        out.append(UInt8(ascii: "|"))
        if let first = body.first,
            first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") || first == UInt8(ascii: "\n")
        {
            out.append(UInt8(ascii: "2"))
        }
        switch trailingNewlines {
        case 0: out.append(UInt8(ascii: "-"))
        case 1: break
        default: out.append(UInt8(ascii: "+"))
        }
        for line in body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            out.append(UInt8(ascii: "\n"))
            guard !line.isEmpty else { continue }
            writeIndent(contentIndent)
            out.append(contentsOf: line)
        }
        // The caller ends the last line; keep-chomped text needs its extra empty lines before that.
        for _ in 0..<max(trailingNewlines - 1, 0) { out.append(UInt8(ascii: "\n")) }
    }

    private mutating func writeDoubleQuoted(_ string: String) {
        out.append(UInt8(ascii: "\""))
        for scalar in string.unicodeScalars {
            switch scalar.value {
            case 0x22: out.append(contentsOf: "\\\"".utf8)
            case 0x5C: out.append(contentsOf: "\\\\".utf8)
            case 0x0A: out.append(contentsOf: "\\n".utf8)
            case 0x09: out.append(contentsOf: "\\t".utf8)
            case 0x0D: out.append(contentsOf: "\\r".utf8)
            case 0x00: out.append(contentsOf: "\\0".utf8)
            case 0x85: out.append(contentsOf: "\\N".utf8)
            case 0x2028: out.append(contentsOf: "\\L".utf8)
            case 0x2029: out.append(contentsOf: "\\P".utf8)
            case 0x01..<0x20, 0x7F...0x9F:
                out.append(contentsOf: "\\x".utf8)
                out.append(contentsOf: String(hex: scalar.value, width: 2).utf8)
            case 0xFEFF, 0xFFFE, 0xFFFF:
                out.append(contentsOf: "\\u".utf8)
                out.append(contentsOf: String(hex: scalar.value, width: 4).utf8)
            default:
                UTF8.encode(scalar) { out.append($0) }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
