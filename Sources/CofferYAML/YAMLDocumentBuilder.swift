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
    private(set) var sourceMap: SourceMap
    private var stack: [Frame] = []
    private var anchors: [String: Anchor] = [:]
    /// Anchors of collections still open: an alias to one of them would contain itself.
    private var openAnchors: [String: Int] = [:]
    private var parsedNodes = 0
    private var expandedNodes = 0
    private var root: Value?
    /// Whether the document is nothing but libyaml's empty scalar: a `---` with no content.
    private var isEmpty = false

    init(parser: YAMLEventParser) {
        self.parser = parser
        sourceMap = SourceMap(file: parser.file)
    }

    /// The finished document, or `nil` for a document without content.
    func finish() -> Document? {
        guard let root, !isEmpty else { return nil }
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

    /// A collection whose end event has not arrived yet.
    private struct Frame {
        enum PendingKey {
            case key(String, SourcePosition)
            case merge
        }

        var isMapping: Bool
        var path: ValuePath
        /// False inside a merge key's value: its members get their positions once merged.
        var records: Bool
        var position: SourcePosition
        var anchor: String?
        var height = 1
        var nodes = 1
        var items: [Value] = []
        var members = ValueMap()
        /// The key read, for a mapping whose value has not arrived yet.
        var pendingKey: PendingKey?
        /// Lines of keys, kept only where positions are not recorded, for duplicate-key messages.
        var keyLines: [String: Int] = [:]
        /// How many explicit keys precede the `<<` key; merged keys are placed there.
        var mergeIndex: Int?
        var mergeKeyLine: Int?
        /// The maps `<<` names, earliest first, with where each came from.
        var mergeSources: [(map: ValueMap, position: SourcePosition)] = []

        /// Whether the next node is this mapping's key.
        var awaitsKey: Bool { isMapping && pendingKey == nil }
    }

    // MARK: - Events

    /// Adds a node event (scalar, alias, collection start or end) to the document.
    mutating func add(_ event: UnsafePointer<yaml_event_t>) throws(YAMLError) {
        let event = event.pointee
        let position = parser.position(of: event.start_mark)
        switch event.type {
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let tag = scalar.tag.map { YAMLScalarResolver.tag(String(cString: $0)) } ?? .none
            try addScalar(
                UnsafeBufferPointer(start: scalar.value, count: scalar.length), tag: tag,
                plain: scalar.plain_implicit != 0, anchor: scalar.anchor.map { String(cString: $0) }, at: position)
        case YAML_ALIAS_EVENT:
            try addAlias(event.data.alias.anchor.map { String(cString: $0) } ?? "", at: position)
        case YAML_SEQUENCE_START_EVENT:
            try startCollection(
                isMapping: false, anchor: event.data.sequence_start.anchor.map { String(cString: $0) }, at: position)
        case YAML_MAPPING_START_EVENT:
            try startCollection(
                isMapping: true, anchor: event.data.mapping_start.anchor.map { String(cString: $0) }, at: position)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            try endCollection()
        default:
            break
        }
    }

    private mutating func addScalar(
        _ text: UnsafeBufferPointer<UInt8>, tag: YAMLScalarResolver.Tag, plain: Bool, anchor: String?,
        at position: SourcePosition
    ) throws(YAMLError) {
        parsedNodes += 1
        if let top = stack.indices.last, stack[top].awaitsKey {
            // go-yaml's isMerge: the text `<<`, plain and untagged or tagged !!merge.
            if text.elementsEqual("<<".utf8) && (plain || tag == .merge) {
                if let line = stack[top].mergeKeyLine { throw duplicateKey("<<", firstLine: line, at: position) }
                stack[top].mergeKeyLine = position.line
                stack[top].mergeIndex = stack[top].members.count
                stack[top].pendingKey = .merge
                return
            }
            let resolution = try resolve(text, tag: tag, plain: plain, at: position)
            let value = Self.value(of: resolution, text: text)
            if let anchor { anchors[anchor] = Anchor(value: value, height: 0, nodes: 1) }
            if case .unsignedInt(let unsigned) = resolution {
                throw YAMLError(
                    code: .unsupportedKey, message: "mapping key \(unsigned) does not fit in a 64-bit integer",
                    position: position)
            }
            try beginMember(try keyText(value, at: position), at: position)
            return
        }
        let resolution = try resolve(text, tag: tag, plain: plain, at: position)
        let value = Self.value(of: resolution, text: text)
        if let anchor { anchors[anchor] = Anchor(value: value, height: 0, nodes: 1) }
        if stack.isEmpty && text.isEmpty && plain && tag == .none && anchor == nil { isEmpty = true }
        try attach(value, height: 0, nodes: 1, at: position, expanded: false)
    }

    private mutating func addAlias(_ name: String, at position: SourcePosition) throws(YAMLError) {
        if openAnchors[name] != nil {
            throw YAMLError(
                code: .recursiveAlias, message: "alias \(YAMLError.quoted("*" + name)) refers to a node that contains it",
                position: position)
        }
        guard let anchor = anchors[name] else {
            throw YAMLError(
                code: .undefinedAlias, message: "unknown anchor \(YAMLError.quoted(name)) referenced", position: position)
        }
        if let top = stack.indices.last, stack[top].awaitsKey {
            try beginMember(try keyText(anchor.value, at: position), at: position)
            return
        }
        guard stack.count + anchor.height <= YAMLLoader.maximumDepth else { throw tooDeep(at: position) }
        expandedNodes += anchor.nodes
        let budget = max(YAMLLoader.aliasNodeBudget, parsedNodes)
        guard expandedNodes <= budget else {
            throw YAMLError(
                code: .aliasExpansion, message: "aliases expand to more than \(budget) nodes", position: position)
        }
        try attach(anchor.value, height: anchor.height, nodes: anchor.nodes, at: position, expanded: true)
    }

    private mutating func startCollection(isMapping: Bool, anchor: String?, at position: SourcePosition)
        throws(YAMLError)
    {
        parsedNodes += 1
        var path = ValuePath.root
        var records = true
        if let top = stack.indices.last {
            if stack[top].awaitsKey {
                throw YAMLError(
                    code: .unsupportedKey,
                    message: "mapping key must be a scalar, found a \(isMapping ? "mapping" : "sequence")",
                    position: position)
            }
            records = stack[top].records
            switch stack[top].pendingKey {
            case .key(let key, _)?: path = stack[top].path.appending(key)
            case .merge?: records = false
            case nil: path = stack[top].path.appending(index: stack[top].items.count)
            }
        }
        guard stack.count < YAMLLoader.maximumDepth else { throw tooDeep(at: position) }
        stack.append(Frame(isMapping: isMapping, path: path, records: records, position: position, anchor: anchor))
        if let anchor { openAnchors[anchor, default: 0] += 1 }
    }

    private mutating func endCollection() throws(YAMLError) {
        guard var frame = stack.popLast() else { return }
        if let anchor = frame.anchor {
            openAnchors[anchor] = openAnchors[anchor].flatMap { $0 > 1 ? $0 - 1 : nil }
        }
        let value: Value
        if frame.isMapping {
            if !frame.mergeSources.isEmpty { applyMerges(&frame) }
            value = .object(frame.members)
        } else {
            value = .array(frame.items)
        }
        if let anchor = frame.anchor { anchors[anchor] = Anchor(value: value, height: frame.height, nodes: frame.nodes) }
        try attach(value, height: frame.height, nodes: frame.nodes, at: frame.position, expanded: false)
    }

    // MARK: - Tree building

    /// Puts a finished node into the open collection (or makes it the root) and records its position.
    private mutating func attach(_ value: Value, height: Int, nodes: Int, at position: SourcePosition, expanded: Bool)
        throws(YAMLError)
    {
        guard let top = stack.indices.last else {
            root = value
            sourceMap.setPosition(position, ofValueAt: .root)
            if expanded { recordSubtree(value, at: .root, position: position) }
            return
        }
        if stack[top].isMapping {
            switch stack[top].pendingKey {
            case .key(let key, let keyPosition)?:
                if stack[top].records {
                    let path = stack[top].path.appending(key)
                    sourceMap.setPosition(keyPosition, ofKeyAt: path)
                    sourceMap.setPosition(position, ofValueAt: path)
                    if expanded { recordSubtree(value, at: path, position: position) }
                } else {
                    stack[top].keyLines[key] = keyPosition.line
                }
                stack[top].members[key] = value
            case .merge?:
                try addMergeSource(value, to: top, at: position)
            case nil:
                // Scalars and aliases in key position become keys, and collections there are rejected,
                // before anything reaches this point.
                fatalError("a mapping value arrived without its key")
            }
            stack[top].pendingKey = nil
        } else {
            if stack[top].records {
                let path = stack[top].path.appending(index: stack[top].items.count)
                sourceMap.setPosition(position, ofValueAt: path)
                if expanded { recordSubtree(value, at: path, position: position) }
            }
            stack[top].items.append(value)
        }
        stack[top].height = max(stack[top].height, height + 1)
        stack[top].nodes += nodes
    }

    /// Records a key about to be read into the open mapping, refusing one it already has.
    private mutating func beginMember(_ key: String, at position: SourcePosition) throws(YAMLError) {
        let top = stack.count - 1
        if stack[top].members[key] != nil {
            let firstLine =
                stack[top].records
                ? sourceMap.position(ofKeyAt: stack[top].path.appending(key))?.line : stack[top].keyLines[key]
            throw duplicateKey(key, firstLine: firstLine, at: position)
        }
        stack[top].pendingKey = .key(key, position)
    }

    private mutating func addMergeSource(_ value: Value, to top: Int, at position: SourcePosition) throws(YAMLError) {
        switch value {
        case .object(let map):
            stack[top].mergeSources.append((map, position))
        case .array(let items):
            for item in items {
                guard case .object(let map) = item else { throw invalidMerge(found: "a sequence holding \(Self.kind(of: item))", at: position) }
                stack[top].mergeSources.append((map, position))
            }
        default:
            throw invalidMerge(found: Self.kind(of: value), at: position)
        }
    }

    /// Adds the merged maps' keys to a finished mapping: its own keys win, then earlier maps over later
    /// ones. Merged keys take the place of the `<<` key and the position of the map they came from.
    private mutating func applyMerges(_ frame: inout Frame) {
        let own = frame.members
        let split = frame.mergeIndex ?? own.count
        var merged = ValueMap()
        for key in own.keys[..<split] { merged[key] = own[key] }
        for (map, position) in frame.mergeSources {
            for (key, value) in map where own[key] == nil && merged[key] == nil {
                merged[key] = value
                if frame.records {
                    let path = frame.path.appending(key)
                    sourceMap.setPosition(position, ofKeyAt: path)
                    sourceMap.setPosition(position, ofValueAt: path)
                    recordSubtree(value, at: path, position: position)
                }
            }
        }
        for key in own.keys[split...] { merged[key] = own[key] }
        frame.members = merged
    }

    /// Positions everything inside a copied value at `position`, the place it was copied to.
    private mutating func recordSubtree(_ value: Value, at path: ValuePath, position: SourcePosition) {
        var pending: [(Value, ValuePath)] = [(value, path)]
        while let (current, currentPath) = pending.popLast() {
            switch current {
            case .array(let items):
                for (index, item) in items.enumerated() {
                    let itemPath = currentPath.appending(index: index)
                    sourceMap.setPosition(position, ofValueAt: itemPath)
                    if Self.isCollection(item) { pending.append((item, itemPath)) }
                }
            case .object(let members):
                for (key, member) in members {
                    let memberPath = currentPath.appending(key)
                    sourceMap.setPosition(position, ofKeyAt: memberPath)
                    sourceMap.setPosition(position, ofValueAt: memberPath)
                    if Self.isCollection(member) { pending.append((member, memberPath)) }
                }
            default:
                break
            }
        }
    }

    // MARK: - Scalars and keys

    private func resolve(
        _ text: UnsafeBufferPointer<UInt8>, tag: YAMLScalarResolver.Tag, plain: Bool, at position: SourcePosition
    ) throws(YAMLError) -> YAMLScalarResolver.Resolution {
        do {
            return try YAMLScalarResolver.resolve(text, tag: tag, plain: plain)
        } catch {
            throw YAMLError(code: .invalidTag, message: error.message, position: position)
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
    private func keyText(_ key: Value, at position: SourcePosition) throws(YAMLError) -> String {
        switch key {
        case .string(let string): return string
        case .int(let int): return String(int)
        case .bool(let bool): return bool ? "true" : "false"
        case .double(let double):
            switch GoFloatFormat.format(double, .g, bitSize: 32) {
            case "+Inf": return ".inf"
            case "-Inf": return "-.inf"
            case "NaN": return ".nan"
            case let text: return text
            }
        case .null:
            throw YAMLError(code: .unsupportedKey, message: "mapping key must not be null", position: position)
        case .array, .object:
            throw YAMLError(
                code: .unsupportedKey, message: "mapping key must be a scalar, found \(Self.kind(of: key))",
                position: position)
        }
    }

    // MARK: - Errors and helpers

    private func duplicateKey(_ key: String, firstLine: Int?, at position: SourcePosition) -> YAMLError {
        let earlier = firstLine.map { " at line \($0)" } ?? ""
        return YAMLError(
            code: .duplicateKey, message: "mapping key \(YAMLError.quoted(key)) already defined\(earlier)",
            position: position)
    }

    private func invalidMerge(found: String, at position: SourcePosition) -> YAMLError {
        YAMLError(
            code: .invalidMerge,
            message: "merge key \"<<\" needs a mapping or a sequence of mappings, found \(found)", position: position)
    }

    private func tooDeep(at position: SourcePosition) -> YAMLError {
        YAMLError(
            code: .tooDeep, message: "collections nest deeper than \(YAMLLoader.maximumDepth) levels",
            position: position)
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
