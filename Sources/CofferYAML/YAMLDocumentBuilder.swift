internal import CCofferYAML
import CofferCore

/// Builds one document's ``Value`` and ``SourceMap`` from libyaml's events, with no recursion.
///
/// Open collections live on an explicit stack capped at ``YAMLLoader/maximumDepth``, so neither this
/// builder nor later recursive walks of the value can exhaust a thread's stack. Aliases are expanded in
/// place (values are copy-on-write, so an expansion costs no copying) and everything inside an expansion
/// is positioned at the alias. Aliases may add at most ``YAMLLoader/aliasNodeBudget`` nodes, or as many
/// as the document itself holds if that is more, which stops "billion laughs" documents early.
struct YAMLDocumentBuilder {
    private let parser: YAMLEventParser
    private var sourceMap: SourceMap
    /// The innermost open collection, or the document itself when none is open. Kept out of `stack` so
    /// it is updated in place.
    private var top: Frame
    /// The collections enclosing `top`, outermost first.
    private var stack: [Frame] = []
    private var anchors: [String: Anchor] = [:]
    /// Anchors of collections still open: an alias to one of them would contain itself.
    private var openAnchors: [String: Int] = [:]
    private var parsedNodes = 0
    private var expandedNodes = 0
    /// Whether the document is nothing but libyaml's empty scalar: a `---` with no content.
    private var isEmpty = false

    init(parser: YAMLEventParser) {
        self.parser = parser
        sourceMap = SourceMap(file: parser.file)
        top = Frame(
            kind: .document, node: SourceMap.root, records: true, start: YAMLMark(line: 1, column: 1), anchor: nil)
    }

    /// The finished document, or `nil` for a document without content.
    mutating func finish() -> Document? {
        guard top.kind == .document, let root = top.items.first, !isEmpty else { return nil }
        sourceMap.finishRecording()
        return Document(value: root, sourceMap: sourceMap)
    }

    /// A node that aliases can copy.
    private struct Anchor {
        var value: Value
        /// Levels of collections in the value: 0 for a scalar.
        var height: Int
        /// Nodes in the value, expansions included.
        var nodes: Int
    }

    /// A collection whose end event has not arrived yet, or the document holding the root.
    private struct Frame {
        enum Kind { case document, sequence, mapping }

        enum PendingKey {
            /// A key, where it starts, and its text's layout when positions are recorded.
            case key(String, YAMLMark, SourceMap.ScalarText?)
            case merge
        }

        var kind: Kind
        /// Where the collection's positions go in the source map.
        var node: SourceMap.Node
        /// False inside a merge key's value: its members get their positions once merged.
        var records: Bool
        var start: YAMLMark
        var anchor: String?
        var height = 1
        var nodes = 1
        /// Elements of a sequence; the root of a document.
        var items: [Value] = []
        var members = ValueMap()
        /// The key read, for a mapping whose value has not arrived yet.
        var pendingKey: PendingKey?
        /// Lines of keys, kept only where positions are not recorded, for duplicate-key messages.
        var keyLines: [String: Int] = [:]
        /// How many own keys precede the `<<` key, and its line; merged keys are placed there.
        var mergeIndex: Int?
        var mergeKeyLine = 0
        /// The maps `<<` names, earliest first, with where each came from.
        var mergeSources: [(map: ValueMap, mark: YAMLMark)] = []

        init(kind: Kind, node: SourceMap.Node, records: Bool, start: YAMLMark, anchor: String?) {
            self.kind = kind
            self.node = node
            self.records = records
            self.start = start
            self.anchor = anchor
        }

        /// Whether the next node is this mapping's key.
        var awaitsKey: Bool { kind == .mapping && pendingKey == nil }
    }

    // MARK: - Events

    /// Adds a node event (scalar, alias, collection start or end) to the document.
    mutating func add(_ event: UnsafePointer<yaml_event_t>) throws(YAMLError) {
        let mark = YAMLMark(event.pointee.start_mark)
        switch event.pointee.type {
        case YAML_SCALAR_EVENT:
            let scalar = event.pointee.data.scalar
            let tag = scalar.tag.map { YAMLScalarResolver.tag(String(cString: $0)) } ?? .none
            let span = YAMLScalarSpan(
                style: scalar.style, start: event.pointee.start_mark, end: event.pointee.end_mark,
                hasProperties: scalar.tag != nil || scalar.anchor != nil)
            try addScalar(
                UnsafeBufferPointer(start: scalar.value, count: scalar.length), tag: tag,
                plain: scalar.plain_implicit != 0, anchor: scalar.anchor.map { String(cString: $0) }, span: span,
                at: mark)
        case YAML_ALIAS_EVENT:
            try addAlias(event.pointee.data.alias.anchor.map { String(cString: $0) } ?? "", at: mark)
        case YAML_SEQUENCE_START_EVENT:
            try startCollection(
                .sequence, anchor: event.pointee.data.sequence_start.anchor.map { String(cString: $0) }, at: mark)
        case YAML_MAPPING_START_EVENT:
            try startCollection(
                .mapping, anchor: event.pointee.data.mapping_start.anchor.map { String(cString: $0) }, at: mark)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            try endCollection()
        default:
            break
        }
    }

    private mutating func addScalar(
        _ text: UnsafeBufferPointer<UInt8>, tag: YAMLScalarResolver.Tag, plain: Bool, anchor: String?,
        span: YAMLScalarSpan, at mark: YAMLMark
    ) throws(YAMLError) {
        parsedNodes += 1
        if top.awaitsKey {
            // go-yaml's isMerge: the text `<<`, plain and untagged or tagged !!merge.
            if text.count == 2 && text[0] == UInt8(ascii: "<") && text[1] == UInt8(ascii: "<")
                && (plain || tag == .merge)
            {
                if top.mergeIndex != nil { throw duplicateKey("<<", firstLine: top.mergeKeyLine, at: mark) }
                top.mergeIndex = top.members.count
                top.mergeKeyLine = mark.line
                top.pendingKey = .merge
                if let anchor { anchors[anchor] = Anchor(value: "<<", height: 0, nodes: 1) }
                return
            }
            let resolution = try resolve(text, tag: tag, plain: plain, at: mark)
            let value = Self.value(of: resolution, text: text)
            if let anchor { anchors[anchor] = Anchor(value: value, height: 0, nodes: 1) }
            if case .unsignedInt(let unsigned) = resolution {
                throw error(.unsupportedKey, "mapping key \(unsigned) does not fit in a 64-bit integer", at: mark)
            }
            let layout = top.records ? parser.text(of: span, value: text) : nil
            try beginMember(try keyText(value, at: mark), at: mark, layout: layout)
            return
        }
        let resolution = try resolve(text, tag: tag, plain: plain, at: mark)
        let value = Self.value(of: resolution, text: text)
        if let anchor { anchors[anchor] = Anchor(value: value, height: 0, nodes: 1) }
        if top.kind == .document && text.isEmpty && plain && tag == .none && anchor == nil { isEmpty = true }
        let layout = top.records ? parser.text(of: span, value: text) : nil
        try attach(value, height: 0, nodes: 1, at: mark, expanded: false, layout: layout)
    }

    private mutating func addAlias(_ name: String, at mark: YAMLMark) throws(YAMLError) {
        if openAnchors[name] != nil {
            throw error(
                .recursiveAlias, "alias \(YAMLError.quoted("*" + name)) refers to a node that contains it", at: mark)
        }
        guard let anchor = anchors[name] else {
            throw error(.undefinedAlias, "unknown anchor \(YAMLError.quoted(name)) referenced", at: mark)
        }
        if top.awaitsKey {
            try beginMember(try keyText(anchor.value, at: mark), at: mark, layout: nil)
            return
        }
        guard stack.count + anchor.height <= YAMLLoader.maximumDepth else { throw tooDeep(at: mark) }
        expandedNodes += anchor.nodes
        let budget = max(YAMLLoader.aliasNodeBudget, parsedNodes)
        guard expandedNodes <= budget else {
            throw error(.aliasExpansion, "aliases expand to more than \(budget) nodes", at: mark)
        }
        try attach(anchor.value, height: anchor.height, nodes: anchor.nodes, at: mark, expanded: true)
    }

    private mutating func startCollection(_ kind: Frame.Kind, anchor: String?, at mark: YAMLMark) throws(YAMLError) {
        parsedNodes += 1
        if top.awaitsKey {
            let found = kind == .mapping ? "mapping" : "sequence"
            throw error(.unsupportedKey, "mapping key must be a scalar, found a \(found)", at: mark)
        }
        // `stack` holds the document frame too, so its count is the new collection's depth.
        guard stack.count < YAMLLoader.maximumDepth else { throw tooDeep(at: mark) }
        var records = top.records
        var node = SourceMap.root
        switch top.kind {
        case .document:
            break
        case .sequence:
            if records { node = sourceMap.child(of: top.node, index: top.items.count) }
        case .mapping:
            switch top.pendingKey {
            case .key(let key, _, _)?: if records { node = sourceMap.child(of: top.node, key: key) }
            case .merge?, nil: records = false
            }
        }
        var frame = Frame(kind: kind, node: node, records: records, start: mark, anchor: anchor)
        swap(&frame, &top)
        stack.append(frame)
        if let anchor { openAnchors[anchor, default: 0] += 1 }
    }

    private mutating func endCollection() throws(YAMLError) {
        guard top.kind != .document, !stack.isEmpty else { return }
        // Swapping, not copying, leaves the parent's storage uniquely owned, so appending stays in place.
        var frame = stack.removeLast()
        swap(&frame, &top)
        if let anchor = frame.anchor {
            openAnchors[anchor] = openAnchors[anchor].flatMap { $0 > 1 ? $0 - 1 : nil }
        }
        let value: Value
        if frame.kind == .mapping {
            if !frame.mergeSources.isEmpty { applyMerges(&frame) }
            value = .object(frame.members)
        } else {
            value = .array(frame.items)
        }
        if let anchor = frame.anchor {
            anchors[anchor] = Anchor(value: value, height: frame.height, nodes: frame.nodes)
        }
        try attach(value, height: frame.height, nodes: frame.nodes, at: frame.start, expanded: false)
    }

    // MARK: - Tree building

    /// Puts a finished node into the open collection (or makes it the root) and records its position, and
    /// for a scalar the `layout` of its text.
    private mutating func attach(
        _ value: Value, height: Int, nodes: Int, at mark: YAMLMark, expanded: Bool,
        layout: SourceMap.ScalarText? = nil
    ) throws(YAMLError) {
        switch top.kind {
        case .document:
            sourceMap.setPosition(valueLine: mark.line, valueColumn: mark.column, at: SourceMap.root, valueText: layout)
            if expanded { recordSubtree(value, at: SourceMap.root, mark: mark) }
            top.items = [value]
        case .sequence:
            if top.records {
                let node = sourceMap.child(of: top.node, index: top.items.count)
                sourceMap.setPosition(valueLine: mark.line, valueColumn: mark.column, at: node, valueText: layout)
                if expanded { recordSubtree(value, at: node, mark: mark) }
            }
            top.items.append(value)
        case .mapping:
            switch top.pendingKey {
            case .key(let key, let keyMark, let keyLayout)?:
                if top.records {
                    let node = sourceMap.child(of: top.node, key: key)
                    sourceMap.setPositions(
                        valueLine: mark.line, valueColumn: mark.column, keyLine: keyMark.line,
                        keyColumn: keyMark.column, at: node, valueText: layout, keyText: keyLayout)
                    if expanded { recordSubtree(value, at: node, mark: mark) }
                } else {
                    top.keyLines[key] = keyMark.line
                }
                top.members[key] = value
            case .merge?:
                try addMergeSource(value, at: mark)
            case nil:
                // Scalars and aliases in key position become keys, and collections there are rejected,
                // before anything reaches this point.
                fatalError("a mapping value arrived without its key")
            }
            top.pendingKey = nil
        }
        top.height = max(top.height, height + 1)
        top.nodes += nodes
    }

    /// Records a key about to be read into the open mapping, refusing one it already has.
    private mutating func beginMember(_ key: String, at mark: YAMLMark, layout: SourceMap.ScalarText?)
        throws(YAMLError)
    {
        if top.members[key] != nil {
            let firstLine =
                top.records
                ? sourceMap.existingChild(of: top.node, .key(key)).flatMap { sourceMap.position(ofKeyAt: $0)?.line }
                : top.keyLines[key]
            throw duplicateKey(key, firstLine: firstLine, at: mark)
        }
        top.pendingKey = .key(key, mark, layout)
    }

    private mutating func addMergeSource(_ value: Value, at mark: YAMLMark) throws(YAMLError) {
        switch value {
        case .object(let map):
            top.mergeSources.append((map, mark))
        case .array(let items):
            for item in items {
                guard case .object(let map) = item else {
                    throw invalidMerge(found: "a sequence holding \(Self.kind(of: item))", at: mark)
                }
                top.mergeSources.append((map, mark))
            }
        default:
            throw invalidMerge(found: Self.kind(of: value), at: mark)
        }
    }

    /// Adds the merged maps' keys to a finished mapping: its own keys win, then earlier maps over later
    /// ones. Merged keys take the place of the `<<` key and the position of the map they came from.
    private mutating func applyMerges(_ frame: inout Frame) {
        let own = frame.members
        let split = frame.mergeIndex ?? own.count
        var merged = ValueMap()
        for key in own.keys[..<split] { merged[key] = own[key] }
        for (map, mark) in frame.mergeSources {
            for (key, value) in map where own[key] == nil && merged[key] == nil {
                merged[key] = value
                if frame.records {
                    let node = sourceMap.child(of: frame.node, key: key)
                    sourceMap.setPositions(
                        valueLine: mark.line, valueColumn: mark.column, keyLine: mark.line, keyColumn: mark.column,
                        at: node)
                    recordSubtree(value, at: node, mark: mark)
                }
            }
        }
        for key in own.keys[split...] { merged[key] = own[key] }
        frame.members = merged
    }

    /// Positions everything inside a copied value at `mark`, the place it was copied to.
    private mutating func recordSubtree(_ value: Value, at node: SourceMap.Node, mark: YAMLMark) {
        var pending: [(Value, SourceMap.Node)] = [(value, node)]
        while let (current, currentNode) = pending.popLast() {
            switch current {
            case .array(let items):
                for (index, item) in items.enumerated() {
                    let itemNode = sourceMap.child(of: currentNode, index: index)
                    sourceMap.setPosition(valueLine: mark.line, valueColumn: mark.column, at: itemNode)
                    if Self.isCollection(item) { pending.append((item, itemNode)) }
                }
            case .object(let members):
                for (key, member) in members {
                    let memberNode = sourceMap.child(of: currentNode, key: key)
                    sourceMap.setPositions(
                        valueLine: mark.line, valueColumn: mark.column, keyLine: mark.line, keyColumn: mark.column,
                        at: memberNode)
                    if Self.isCollection(member) { pending.append((member, memberNode)) }
                }
            default:
                break
            }
        }
    }

    // MARK: - Scalars and keys

    private func resolve(
        _ text: UnsafeBufferPointer<UInt8>, tag: YAMLScalarResolver.Tag, plain: Bool, at mark: YAMLMark
    ) throws(YAMLError) -> YAMLScalarResolver.Resolution {
        do {
            return try YAMLScalarResolver.resolve(text, tag: tag, plain: plain)
        } catch {
            throw self.error(.invalidTag, error.message, at: mark)
        }
    }

    private static func value(of resolution: YAMLScalarResolver.Resolution, text: UnsafeBufferPointer<UInt8>) -> Value {
        switch resolution {
        case .text: return .string(String(decoding: text, as: UTF8.self))
        case .null: return .null
        case .bool(let bool): return .bool(bool)
        case .int(let int): return .int(int)
        // Kubernetes reads go-yaml's uint64 back from JSON as a float64.
        case .unsignedInt(let unsigned): return .double(Double(unsigned))
        case .double(let double): return .double(double)
        case .decoded(let string): return .string(string)
        }
    }

    /// The string a scalar key becomes, as sigs.k8s.io/yaml converts go-yaml's keys for JSON: integers in
    /// decimal, booleans as `true`/`false`, floats with `strconv.FormatFloat(f, 'g', -1, 32)`.
    private func keyText(_ key: Value, at mark: YAMLMark) throws(YAMLError) -> String {
        switch key {
        case .string(let string): return string
        case .int(let int): return String(int)
        case .bool(let bool): return bool ? "true" : "false"
        case .double(let double):
            switch GoFloat.format(double, UInt8(ascii: "g"), precision: -1, bitSize: 32) {
            case "+Inf": return ".inf"
            case "-Inf": return "-.inf"
            case "NaN": return ".nan"
            case let text: return text
            }
        case .null:
            throw error(.unsupportedKey, "mapping key must not be null", at: mark)
        case .array, .object:
            throw error(.unsupportedKey, "mapping key must be a scalar, found \(Self.kind(of: key))", at: mark)
        }
    }

    // MARK: - Errors and helpers

    private func error(_ code: YAMLError.Code, _ message: String, at mark: YAMLMark) -> YAMLError {
        YAMLError(code: code, message: message, position: parser.position(of: mark))
    }

    private func duplicateKey(_ key: String, firstLine: Int?, at mark: YAMLMark) -> YAMLError {
        let earlier = firstLine.map { " at line \($0)" } ?? ""
        return error(.duplicateKey, "mapping key \(YAMLError.quoted(key)) already defined\(earlier)", at: mark)
    }

    private func invalidMerge(found: String, at mark: YAMLMark) -> YAMLError {
        error(.invalidMerge, "merge key \"<<\" needs a mapping or a sequence of mappings, found \(found)", at: mark)
    }

    private func tooDeep(at mark: YAMLMark) -> YAMLError {
        error(.tooDeep, "collections nest deeper than \(YAMLLoader.maximumDepth) levels", at: mark)
    }

    private static func kind(of value: Value) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int: return "an integer"
        case .double: return "a float"
        case .string: return "a string"
        case .array: return "a sequence"
        case .object: return "a mapping"
        }
    }

    private static func isCollection(_ value: Value) -> Bool {
        switch value {
        case .array(let items): return !items.isEmpty
        case .object(let members): return !members.isEmpty
        default: return false
        }
    }
}
