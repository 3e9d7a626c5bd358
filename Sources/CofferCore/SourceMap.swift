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
    }

    /// Records where the map key naming the value at `node` starts.
    package mutating func setPosition(_ position: SourcePosition, ofKeyAt node: Node) {
        let mark = mark(for: position)
        nodes[Int(node.index)].key = mark
    }

    /// Records where a value, and the key naming it, start in ``file``: the loader's fast path.
    package mutating func setPositions(valueLine: Int, valueColumn: Int, keyLine: Int, keyColumn: Int, at node: Node) {
        if !nodes[Int(node.index)].value.isSet { valueCount += 1 }
        nodes[Int(node.index)].value = Mark(line: valueLine, column: valueColumn, file: 0)
        nodes[Int(node.index)].key = Mark(line: keyLine, column: keyColumn, file: 0)
    }

    /// Records where a value starts in ``file``: the loader's fast path.
    package mutating func setPosition(valueLine: Int, valueColumn: Int, at node: Node) {
        if !nodes[Int(node.index)].value.isSet { valueCount += 1 }
        nodes[Int(node.index)].value = Mark(line: valueLine, column: valueColumn, file: 0)
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

/// A parsed document: its value and where each part of it came from.
public struct Document: Sendable {
    public var value: Value
    public var sourceMap: SourceMap

    public init(value: Value, sourceMap: SourceMap) {
        self.value = value
        self.sourceMap = sourceMap
    }
}
