import CofferCore

/// Builds a ``Document`` from a ``Value`` as if it had been read from a block-style YAML file.
///
/// The value is laid out one key per line (`key: scalar`, `key:` then members indented by two,
/// `- key: ...` for maps in arrays) and every key and value gets the position it has in that text,
/// so tests can assert positions against ``lines`` without a YAML parser.
struct TestDocument {
    let document: Document
    /// The YAML-like text the positions refer to; `lines[0]` is line 1.
    let lines: [String]

    var text: String { lines.joined(separator: "\n") }
    var sourceMap: SourceMap { document.sourceMap }

    init(_ value: Value, file: String = "test.yaml") {
        var layout = Layout(sourceMap: SourceMap(file: file))
        switch value {
        case .object(let map) where !map.isEmpty: layout.placeObject(map, at: .root, column: 1, dash: false)
        case .array(let array) where !array.isEmpty: layout.placeArray(array, at: .root, column: 1)
        default:
            layout.lines.append(Layout.render(value))
            layout.sourceMap.setPosition(SourcePosition(file: file, line: 1, column: 1), ofValueAt: .root)
        }
        document = Document(value: value, sourceMap: layout.sourceMap)
        lines = layout.lines
    }

    /// Where `text` first occurs on a line that contains `marker` (default: `text` itself).
    func position(of text: String, onLineWith marker: String? = nil, occurrence: Int = 1) -> SourcePosition? {
        var seen = 0
        for (index, line) in lines.enumerated() where line.contains(marker ?? text) {
            guard let range = line.firstRange(of: text) else { continue }
            seen += 1
            guard seen == occurrence else { continue }
            let column = line.distance(from: line.startIndex, to: range.lowerBound) + 1
            return SourcePosition(file: sourceMap.file, line: index + 1, column: column)
        }
        return nil
    }

    private struct Layout {
        var sourceMap: SourceMap
        var lines: [String] = []

        static func render(_ scalar: Value) -> String {
            switch scalar {
            case .null: return "null"
            case .bool(let bool): return "\(bool)"
            case .int(let int): return "\(int)"
            case .double(let double): return "\(double)"
            case .string(let string): return string.isEmpty || string.contains("\n") ? "\"\(string)\"" : string
            case .array: return "[]"
            case .object: return "{}"
            }
        }

        static func isInline(_ value: Value) -> Bool {
            switch value {
            case .array(let array): return array.isEmpty
            case .object(let map): return map.isEmpty
            default: return true
            }
        }

        func position(_ line: Int, _ column: Int) -> SourcePosition {
            SourcePosition(file: sourceMap.file, line: line, column: column)
        }

        static func spaces(_ count: Int) -> String { String(repeating: " ", count: max(0, count)) }

        /// Members' keys start at `column`; with `dash`, the first line starts with `- ` just before it.
        mutating func placeObject(_ map: ValueMap, at path: ValuePath, column: Int, dash: Bool) {
            for (offset, (key, member)) in map.enumerated() {
                let line = lines.count + 1
                let prefix = offset == 0 && dash ? Self.spaces(column - 3) + "- " : Self.spaces(column - 1)
                if offset == 0 { sourceMap.setPosition(position(line, column), ofValueAt: path) }
                let memberPath = path.appending(key)
                sourceMap.setPosition(position(line, column), ofKeyAt: memberPath)
                if Self.isInline(member) {
                    lines.append("\(prefix)\(key): \(Self.render(member))")
                    sourceMap.setPosition(position(line, column + key.count + 2), ofValueAt: memberPath)
                } else {
                    lines.append("\(prefix)\(key):")
                    placeContainer(member, at: memberPath, column: column + 2)
                }
            }
        }

        /// Elements' dashes are at `column`, their content two columns right.
        mutating func placeArray(_ array: [Value], at path: ValuePath, column: Int) {
            for (index, element) in array.enumerated() {
                let line = lines.count + 1
                if index == 0 { sourceMap.setPosition(position(line, column), ofValueAt: path) }
                let elementPath = path.appending(index: index)
                switch element {
                case .object(let map) where !map.isEmpty:
                    placeObject(map, at: elementPath, column: column + 2, dash: true)
                case .array(let nested) where !nested.isEmpty:
                    lines.append("\(Self.spaces(column - 1))-")
                    placeArray(nested, at: elementPath, column: column + 2)
                default:
                    lines.append("\(Self.spaces(column - 1))- \(Self.render(element))")
                    sourceMap.setPosition(position(line, column + 2), ofValueAt: elementPath)
                }
            }
        }

        mutating func placeContainer(_ value: Value, at path: ValuePath, column: Int) {
            switch value {
            case .object(let map): placeObject(map, at: path, column: column, dash: false)
            case .array(let array): placeArray(array, at: path, column: column)
            default: break
            }
        }
    }
}
