public import CofferCore

extension Patch {
    /// RFC 6902 JSON patch (`application/json-patch+json`): `add`, `remove`, `replace`, `move`, `copy`, `test`,
    /// with RFC 6901 pointers (`~0` for `~`, `~1` for `/`, `-` past an array's end).
    ///
    /// Operations apply in order to a working copy; the first failure abandons the whole patch.
    /// - Throws: ``KubeStatus`` 400 when `operations` is not a JSON array of objects (as kube-apiserver's
    ///   decoding error), and 422 Invalid with the generic `the server rejected our request due to an error in
    ///   our request` and empty details for every failure while applying: a failed `test`, a missing path, an
    ///   unknown `op`. That is what kube-apiserver answers (client-go prints `The request is invalid: ...`).
    public static func applyJSONPatch(_ operations: Value, to target: Value) throws(KubeStatus) -> Value {
        guard let list = operations.arrayValue else {
            throw .badRequest("json: cannot unmarshal \(operations.goJSONKind) into Go value of type jsonpatch.Patch")
        }
        var document = target
        for operation in list {
            guard operation.objectValue != nil else {
                throw .badRequest(
                    "json: cannot unmarshal \(operation.goJSONKind) into Go value of type jsonpatch.Operation")
            }
            do {
                try JSONPatchOperation(operation).apply(to: &document)
            } catch {
                throw .unprocessablePatch()
            }
        }
        return document
    }
}

extension Value {
    /// The JSON kind in `encoding/json`'s unmarshal errors: `object`, `array`, `string`, `number`, `bool`.
    var goJSONKind: String {
        switch self {
        case .null: return "null"
        case .bool: return "bool"
        case .int, .double: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

/// Why one JSON patch operation failed; the API server does not tell clients, but tests can.
enum JSONPatchFailure: Error, Equatable {
    case missingPath(String)
    case testFailed(String)
    case badOperation(String)
    case badPointer(String)
}

/// One JSON patch operation.
struct JSONPatchOperation {
    let op: String
    let path: [String]
    let from: [String]?
    let value: Value?

    init(_ operation: Value) throws(JSONPatchFailure) {
        guard let op = operation["op"]?.stringValue else { throw .badOperation("missing op") }
        guard let path = operation["path"]?.stringValue else { throw .badOperation("missing path") }
        self.op = op
        self.path = try Self.pointer(path)
        self.from = try operation["from"]?.stringValue.map { (text) throws(JSONPatchFailure) in try Self.pointer(text) }
        self.value = operation["value"]
    }

    /// The reference tokens of an RFC 6901 pointer.
    static func pointer(_ text: String) throws(JSONPatchFailure) -> [String] {
        if text.isEmpty { return [] }
        guard text.hasPrefix("/") else { throw .badPointer(text) }
        return text.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            String($0).replacingAll("~1", with: "/").replacingAll("~0", with: "~")
        }
    }

    func apply(to document: inout Value) throws(JSONPatchFailure) {
        switch op {
        case "add":
            guard let value else { throw .badOperation("add without value") }
            try Self.add(value, at: path[...], in: &document)
        case "remove":
            _ = try Self.remove(at: path[...], in: &document)
        case "replace":
            guard let value else { throw .badOperation("replace without value") }
            guard Self.get(path[...], in: document) != nil else { throw .missingPath(path.joined(separator: "/")) }
            try Self.replace(value, at: path[...], in: &document)
        case "move":
            guard let from else { throw .badOperation("move without from") }
            if from == path { return }
            if path.count > from.count && Array(path.prefix(from.count)) == from {
                throw .badOperation("move into child")
            }
            let moved = try Self.remove(at: from[...], in: &document)
            try Self.add(moved, at: path[...], in: &document)
        case "copy":
            guard let from else { throw .badOperation("copy without from") }
            guard let copied = Self.get(from[...], in: document) else {
                throw .missingPath(from.joined(separator: "/"))
            }
            try Self.add(copied, at: path[...], in: &document)
        case "test":
            let actual = Self.get(path[...], in: document)
            let expected = value ?? .null
            if actual == nil && expected.isNull { return }
            guard let actual, Self.jsonEqual(actual, expected) else { throw .testFailed(path.joined(separator: "/")) }
        default:
            throw .badOperation(op)
        }
    }

    static func jsonEqual(_ lhs: Value, _ rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case (.int, .double), (.double, .int), (.double, .double): return lhs.doubleValue == rhs.doubleValue
        case (.array(let left), .array(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { jsonEqual($0, $1) }
        case (.object(let left), .object(let right)):
            return left.count == right.count
                && left.allSatisfy { key, value in
                    right[key].map { jsonEqual(value, $0) } ?? false
                }
        default: return lhs == rhs
        }
    }

    static func index(_ token: String, count: Int, allowEnd: Bool) throws(JSONPatchFailure) -> Int {
        if token == "-" && allowEnd { return count }
        guard let index = Int(token), index >= 0, index < count + (allowEnd ? 1 : 0),
            token == "0" || !token.hasPrefix("0")
        else { throw .missingPath(token) }
        return index
    }

    static func get(_ path: ArraySlice<String>, in document: Value) -> Value? {
        var current = document
        for token in path {
            switch current {
            case .object(let map):
                guard let next = map[token] else { return nil }
                current = next
            case .array(let items):
                guard let index = try? index(token, count: items.count, allowEnd: false) else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        return current
    }

    static func add(_ value: Value, at path: ArraySlice<String>, in document: inout Value) throws(JSONPatchFailure) {
        guard let token = path.first else {
            document = value
            return
        }
        let rest = path.dropFirst()
        switch document {
        case .object(var map):
            if rest.isEmpty {
                map[token] = value
            } else {
                guard var child = map[token] else { throw .missingPath(token) }
                try add(value, at: rest, in: &child)
                map[token] = child
            }
            document = .object(map)
        case .array(var items):
            if rest.isEmpty {
                items.insert(value, at: try index(token, count: items.count, allowEnd: true))
            } else {
                let position = try index(token, count: items.count, allowEnd: false)
                try add(value, at: rest, in: &items[position])
            }
            document = .array(items)
        default:
            throw .missingPath(token)
        }
    }

    static func replace(_ value: Value, at path: ArraySlice<String>, in document: inout Value) throws(JSONPatchFailure)
    {
        guard let token = path.first else {
            document = value
            return
        }
        let rest = path.dropFirst()
        switch document {
        case .object(var map):
            guard var child = map[token] else { throw .missingPath(token) }
            try replace(value, at: rest, in: &child)
            map[token] = child
            document = .object(map)
        case .array(var items):
            let position = try index(token, count: items.count, allowEnd: false)
            try replace(value, at: rest, in: &items[position])
            document = .array(items)
        default:
            throw .missingPath(token)
        }
    }

    static func remove(at path: ArraySlice<String>, in document: inout Value) throws(JSONPatchFailure) -> Value {
        guard let token = path.first else { throw .badOperation("remove the whole document") }
        let rest = path.dropFirst()
        switch document {
        case .object(var map):
            guard var child = map[token] else { throw .missingPath(token) }
            let removed: Value
            if rest.isEmpty {
                removed = child
                map[token] = nil
            } else {
                removed = try remove(at: rest, in: &child)
                map[token] = child
            }
            document = .object(map)
            return removed
        case .array(var items):
            let position = try index(token, count: items.count, allowEnd: false)
            let removed: Value
            if rest.isEmpty {
                removed = items.remove(at: position)
            } else {
                removed = try remove(at: rest, in: &items[position])
            }
            document = .array(items)
            return removed
        default:
            throw .missingPath(token)
        }
    }
}
