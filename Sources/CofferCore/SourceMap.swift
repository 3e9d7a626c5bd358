/// Where each value of a parsed document came from, so errors about a value can name its file:line:column.
///
/// Kept beside the `Value` tree rather than inside it: values compare and hash by content alone, and
/// positions are only looked up when something goes wrong.
///
/// Positions are stored in a tree mirroring the document, each node found from its parent by one map key
/// or array index, so recording a position costs one small hash however deep the value is. Loaders walk
/// the tree by ``Node`` handle; everyone else uses paths.
public struct SourceMap: Sendable {
    /// The file the positions refer to.
    public var file: String {
        didSet {
            // Positions recorded so far keep the file they were recorded with.
            guard file != oldValue, valueCount > 0 || nodes.contains(where: { $0.key.isSet }) else { return }
            otherFiles.append(oldValue)
            let renamed = Int32(otherFiles.count)
            for index in nodes.indices {
                if nodes[index].value.file == 0 { nodes[index].value.file = renamed }
                if nodes[index].key.file == 0 { nodes[index].key.file = renamed }
            }
        }
    }
    private var nodes: [Entry] = [Entry()]
    /// Member nodes by parent and key.
    private var members: [MemberKey: Int32] = [:]
    /// Element nodes by parent and index.
    private var elements: [ElementKey: Int32] = [:]
    /// Files other than ``file`` that positions were recorded with.
    private var otherFiles: [String] = []
    /// Text layouts that ``Entry``'s style codes cannot imply, with their ``textKey(_:isKey:)``: appended
    /// as the loader goes, which is cheaper than hashing, and sorted by key once it is done.
    private var textDetails: [KeyedTextDetail] = []
    private var textDetailsAreSorted = true
    private var valueCount = 0

    public init(file: String) {
        self.file = file
    }

    /// Records where the value at `path` starts.
    public mutating func setPosition(_ position: SourcePosition, ofValueAt path: ValuePath) {
        setPosition(position, ofValueAt: node(creating: path))
    }

    /// Records where the map key naming the value at `path` starts.
    public mutating func setPosition(_ position: SourcePosition, ofKeyAt path: ValuePath) {
        setPosition(position, ofKeyAt: node(creating: path))
    }

    /// Where the value at `path` starts, or `nil` when the path was not in the document.
    public func position(ofValueAt path: ValuePath) -> SourcePosition? {
        node(at: path).flatMap { position(nodes[Int($0.index)].value) }
    }

    /// Where the key naming the value at `path` starts (the value's own position for array elements).
    public func position(ofKeyAt path: ValuePath) -> SourcePosition? {
        guard let node = node(at: path) else { return nil }
        return position(ofKeyAt: node)
    }

    /// How the scalar at `path` is laid out in the file, or `nil` when the loader did not record it (the
    /// path is missing, is a collection, or came from an alias or merge key).
    public func textLayout(ofValueAt path: ValuePath) -> ScalarTextLayout? {
        node(at: path).flatMap { textLayout(of: $0, isKey: false) }
    }

    /// How the map key naming the value at `path` is laid out in the file, or `nil` when not recorded.
    public func textLayout(ofKeyAt path: ValuePath) -> ScalarTextLayout? {
        node(at: path).flatMap { textLayout(of: $0, isKey: true) }
    }

    /// The best position for a message about `path`: its key, else the nearest ancestor that exists.
    ///
    /// A missing member is reported at its parent's key, which is where the user has to add it.
    public func nearestPosition(to path: ValuePath) -> SourcePosition {
        var current = path
        while true {
            if let position = position(ofKeyAt: current) { return position }
            if current.components.isEmpty { return SourcePosition(file: file, line: 1, column: 1) }
            current = current.parent
        }
    }

    /// The number of recorded positions.
    public var count: Int { valueCount }
}

// MARK: - Nodes

extension SourceMap {
    /// A place in the tree of positions: the document root or a member or element below it.
    package struct Node: Hashable, Sendable {
        fileprivate var index: Int32
    }

    /// The document root, `$`.
    package static let root = Node(index: 0)

    /// The node one map key below `parent`, created when new.
    package mutating func child(of parent: Node, key: String) -> Node {
        let memberKey = MemberKey(parent: parent.index, key: key)
        if let existing = members[memberKey] { return Node(index: existing) }
        let node = newNode()
        members[memberKey] = node.index
        return node
    }

    /// The node one array index below `parent`, created when new.
    package mutating func child(of parent: Node, index: Int) -> Node {
        let elementKey = ElementKey(parent: parent.index, index: index)
        if let existing = elements[elementKey] { return Node(index: existing) }
        let node = newNode()
        elements[elementKey] = node.index
        return node
    }

    /// The node one step below `parent`, or `nil` when nothing was recorded there.
    package func existingChild(of parent: Node, _ component: ValuePath.Component) -> Node? {
        switch component {
        case .key(let key):
            return members[MemberKey(parent: parent.index, key: key)].map { Node(index: $0) }
        case .index(let index):
            return elements[ElementKey(parent: parent.index, index: index)].map { Node(index: $0) }
        }
    }

    /// Records where the value at `node` starts.
    package mutating func setPosition(_ position: SourcePosition, ofValueAt node: Node) {
        let mark = mark(for: position)
        if !nodes[Int(node.index)].value.isSet { valueCount += 1 }
        nodes[Int(node.index)].value = mark
        nodes[Int(node.index)].valueText = 0
    }

    /// Records where the map key naming the value at `node` starts.
    package mutating func setPosition(_ position: SourcePosition, ofKeyAt node: Node) {
        let mark = mark(for: position)
        nodes[Int(node.index)].key = mark
        nodes[Int(node.index)].keyText = 0
    }

    /// Records where a value, and the key naming it, start in ``file``, and for scalars how their text is
    /// laid out: the loader's fast path.
    package mutating func setPositions(
        valueLine: Int, valueColumn: Int, keyLine: Int, keyColumn: Int, at node: Node,
        valueText: ScalarText? = nil, keyText: ScalarText? = nil
    ) {
        let index = Int(node.index)
        if !nodes[index].value.isSet { valueCount += 1 }
        var entry = Entry()
        entry.value = Mark(line: valueLine, column: valueColumn, file: 0)
        entry.key = Mark(line: keyLine, column: keyColumn, file: 0)
        if let valueText {
            entry.valueText = storeText(valueText, after: entry.value, key: textKey(node, isKey: false))
        }
        if let keyText { entry.keyText = storeText(keyText, after: entry.key, key: textKey(node, isKey: true)) }
        nodes[index] = entry
    }

    /// Records where a value starts in ``file``, and for a scalar how its text is laid out: the loader's
    /// fast path.
    package mutating func setPosition(valueLine: Int, valueColumn: Int, at node: Node, valueText: ScalarText? = nil) {
        let index = Int(node.index)
        if !nodes[index].value.isSet { valueCount += 1 }
        let mark = Mark(line: valueLine, column: valueColumn, file: 0)
        nodes[index].value = mark
        nodes[index].valueText = valueText.map { storeText($0, after: mark, key: textKey(node, isKey: false)) } ?? 0
    }

    /// Where the key naming `node`'s value starts, or the value's own position without a key.
    package func position(ofKeyAt node: Node) -> SourcePosition? {
        let entry = nodes[Int(node.index)]
        return position(entry.key) ?? position(entry.value)
    }

    private mutating func newNode() -> Node {
        nodes.append(Entry())
        return Node(index: Int32(nodes.count - 1))
    }

    private func node(at path: ValuePath) -> Node? {
        var current = Self.root
        for component in path.components {
            guard let next = existingChild(of: current, component) else { return nil }
            current = next
        }
        return current
    }

    private mutating func node(creating path: ValuePath) -> Node {
        var current = Self.root
        for component in path.components {
            switch component {
            case .key(let key): current = child(of: current, key: key)
            case .index(let index): current = child(of: current, index: index)
            }
        }
        return current
    }
}

// MARK: - Storage

extension SourceMap {
    /// A member of a mapping node.
    private struct MemberKey: Hashable, Sendable {
        var parent: Int32
        var key: String
    }

    /// An element of a sequence node.
    private struct ElementKey: Hashable, Sendable {
        var parent: Int32
        var index: Int
    }

    /// A line and column; `file` is 0 for ``SourceMap/file``, `n` for `otherFiles[n - 1]`, -1 when unset.
    private struct Mark: Sendable {
        var line: Int32
        var column: Int32
        var file: Int32

        init(line: Int, column: Int, file: Int32) {
            self.line = Int32(clamping: line)
            self.column = Int32(clamping: column)
            self.file = file
        }

        static let unset = Mark(line: 0, column: 0, file: -1)

        var isSet: Bool { file >= 0 }
    }

    private struct Entry: Sendable {
        var value = Mark.unset
        var key = Mark.unset
        /// The value's and key's ``TextCode``s.
        var valueText: UInt8 = 0
        var keyText: UInt8 = 0
    }

    private mutating func mark(for position: SourcePosition) -> Mark {
        if position.file == file { return Mark(line: position.line, column: position.column, file: 0) }
        if let index = otherFiles.firstIndex(of: position.file) {
            return Mark(line: position.line, column: position.column, file: Int32(index + 1))
        }
        otherFiles.append(position.file)
        return Mark(line: position.line, column: position.column, file: Int32(otherFiles.count))
    }

    private func position(_ mark: Mark) -> SourcePosition? {
        guard mark.isSet else { return nil }
        return SourcePosition(
            file: mark.file == 0 ? file : otherFiles[Int(mark.file) - 1], line: Int(mark.line),
            column: Int(mark.column))
    }
}

// MARK: - Text layouts

extension SourceMap {
    /// A scalar's layout as the loader found it, in ``SourceMap/file``; kept small, as the loader makes
    /// one per scalar.
    package struct ScalarText: Sendable {
        package var style: ScalarTextLayout.Style
        fileprivate var detail: TextDetail

        /// - Parameter exactColumns: See ``ScalarTextLayout/exactColumns``.
        package init(style: ScalarTextLayout.Style, line: Int, column: Int, exactColumns: Int? = nil) {
            self.style = style
            detail = TextDetail(
                line: Int32(clamping: line), column: Int32(clamping: column),
                exactColumns: exactColumns.map { Int32(clamping: $0) } ?? -1)
        }
    }

    /// A layout's style in an ``Entry``: most scalars' layouts follow from their mark and style (plain
    /// text starts at the mark, quoted text one column later), so only the others take a ``TextDetail``.
    private enum TextCode {
        static let detailed: UInt8 = 0x80

        static func code(_ style: ScalarTextLayout.Style) -> UInt8 {
            switch style {
            case .plain: return 1
            case .singleQuoted: return 2
            case .doubleQuoted: return 3
            case .literal: return 4
            case .folded: return 5
            }
        }

        static func style(_ code: UInt8) -> ScalarTextLayout.Style? {
            switch code & ~detailed {
            case 1: return .plain
            case 2: return .singleQuoted
            case 3: return .doubleQuoted
            case 4: return .literal
            case 5: return .folded
            default: return nil
            }
        }
    }

    fileprivate struct TextDetail: Sendable {
        var line: Int32
        var column: Int32
        /// -1 for `nil`.
        var exactColumns: Int32
    }

    private struct KeyedTextDetail: Sendable {
        var key: Int
        var detail: TextDetail
    }

    /// Sorts the text layouts recorded so far, so looking one up is a binary search rather than a scan.
    package mutating func finishRecording() {
        guard !textDetailsAreSorted else { return }
        textDetails.sort { $0.key < $1.key }
        textDetailsAreSorted = true
    }

    /// The detail recorded under `key`; each scalar's layout is recorded once, so there is at most one.
    private func textDetail(forKey key: Int) -> TextDetail? {
        guard textDetailsAreSorted else { return textDetails.last { $0.key == key }?.detail }
        var low = 0
        var high = textDetails.count
        while low < high {
            let middle = (low + high) / 2
            if textDetails[middle].key < key { low = middle + 1 } else { high = middle }
        }
        return low < textDetails.count && textDetails[low].key == key ? textDetails[low].detail : nil
    }

    private func textKey(_ node: Node, isKey: Bool) -> Int {
        Int(node.index) << 1 | (isKey ? 1 : 0)
    }

    private mutating func storeText(_ text: ScalarText, after mark: Mark, key: Int) -> UInt8 {
        let code = TextCode.code(text.style)
        let impliedColumn: Int32
        switch text.style {
        case .plain: impliedColumn = mark.column
        case .singleQuoted, .doubleQuoted: impliedColumn = mark.column + 1
        case .literal, .folded: impliedColumn = -1
        }
        if text.detail.exactColumns < 0 && text.detail.line == mark.line && text.detail.column == impliedColumn {
            return code
        }
        if let last = textDetails.last, last.key >= key { textDetailsAreSorted = false }
        textDetails.append(KeyedTextDetail(key: key, detail: text.detail))
        return code | TextCode.detailed
    }

    private func textLayout(of node: Node, isKey: Bool) -> ScalarTextLayout? {
        let entry = nodes[Int(node.index)]
        let (code, mark) = isKey ? (entry.keyText, entry.key) : (entry.valueText, entry.value)
        guard let style = TextCode.style(code), let markPosition = position(mark) else { return nil }
        guard code & TextCode.detailed != 0 else {
            let offset = style == .plain ? 0 : 1
            var start = markPosition
            start.column += offset
            return ScalarTextLayout(style: style, start: start)
        }
        // A detailed code is only stored together with its detail.
        guard let detail = textDetail(forKey: textKey(node, isKey: isKey)) else { return nil }
        return ScalarTextLayout(
            style: style,
            start: SourcePosition(file: markPosition.file, line: Int(detail.line), column: Int(detail.column)),
            exactColumns: detail.exactColumns < 0 ? nil : Int(detail.exactColumns))
    }
}

/// A parsed document: its value and where each part of it came from.
public struct Document: Sendable {
    public var value: Value
    public var sourceMap: SourceMap

    public init(value: Value, sourceMap: SourceMap) {
        self.value = value
        self.sourceMap = sourceMap
    }
}
