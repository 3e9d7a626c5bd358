public import CofferCore

extension Patch {
    /// A strategic merge patch (`application/strategic-merge-patch+json`) on a built-in kind.
    ///
    /// Maps merge and `null` deletes, as in a merge patch; lists the schema marks `merge` combine element by
    /// element (by merge key, or as a set of scalars), other lists replace. Directives: `$patch: replace|delete|merge`
    /// on maps and list elements, `$retainKeys`, `$setElementOrder/<list>`, `$deleteFromPrimitiveList/<list>`.
    /// - Throws: ``KubeStatus`` 400 for an unknown `$patch` value, a merge-list element without its merge key,
    ///   or a patch that is not an object.
    public static func applyStrategicMergePatch(
        _ patch: Value, to target: Value, schema: StrategicMergeSchema
    ) throws(KubeStatus) -> Value {
        guard case .object(let patchMap) = patch else {
            throw .badRequest(
                "json: cannot unmarshal \(patch.goJSONKind) into Go value of type map[string]interface {}")
        }
        return .object(try StrategicMerger.mergeMap(target.objectValue ?? ValueMap(), patchMap, schema))
    }

    /// Server-side apply without field ownership: `applied` merged into `existing`, or `applied` on create.
    ///
    /// Maps merge recursively and `null` deletes; lists merge by key (or as sets) where `schema` says so, and
    /// are replaced otherwise. Simplification: there is no `managedFields` bookkeeping, so fields a manager
    /// applied before and now leaves out are kept rather than removed, and conflicts never arise.
    public static func applyServerSideApply(_ applied: Value, to existing: Value?, schema: StrategicMergeSchema?)
        -> Value
    {
        guard let existing, case .object(let appliedMap) = applied, case .object(let existingMap) = existing else {
            return applied
        }
        return .object(StrategicMerger.apply(existingMap, appliedMap, schema))
    }
}

enum StrategicMerger {
    static let patchDirective = "$patch"
    static let retainKeysDirective = "$retainKeys"
    static let setElementOrderPrefix = "$setElementOrder/"
    static let deleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList/"

    static func mergeMap(
        _ original: ValueMap, _ patch: ValueMap, _ schema: StrategicMergeSchema?
    ) throws(KubeStatus) -> ValueMap {
        var patch = patch
        var original = original
        if let directive = patch[patchDirective] {
            patch[patchDirective] = nil
            switch directive.stringValue {
            case "replace": return try mergeMap(ValueMap(), patch, schema)
            case "delete": return ValueMap()
            case "merge": break
            default: throw .badRequest("invalid patch type: \(GoFormat.plain(directive)) in patch")
            }
        }
        if let retain = patch[retainKeysDirective] {
            patch[retainKeysDirective] = nil
            guard let keys = retain.arrayValue?.compactMap(\.stringValue) else {
                throw .badRequest("invalid $retainKeys directive: must be a list of strings")
            }
            let kept = Set(keys)
            for key in original.keys where !kept.contains(key) { original[key] = nil }
        }
        var orders: [(key: String, order: [Value])] = []
        for key in patch.keys {
            if key.hasPrefix(deleteFromPrimitiveListPrefix) {
                let field = String(key.dropFirst(deleteFromPrimitiveListPrefix.count))
                let removed = patch[key]?.arrayValue ?? []
                if let list = original[field]?.arrayValue {
                    original[field] = .array(list.filter { !removed.contains($0) })
                }
                patch[key] = nil
            } else if key.hasPrefix(setElementOrderPrefix) {
                orders.append((String(key.dropFirst(setElementOrderPrefix.count)), patch[key]?.arrayValue ?? []))
                patch[key] = nil
            }
        }
        let server = original
        for (key, value) in patch {
            let field = schema?.field(key)
            if value.isNull {
                original[key] = nil
                continue
            }
            switch (original[key], value) {
            case (.object(let stored)?, .object(let patchChild)):
                original[key] = .object(try mergeMap(stored, patchChild, field?.schema))
            case (.array(let stored)?, .array(let patchList)) where field.map({ $0.list != .replace }) ?? false:
                original[key] = .array(try mergeList(stored, patchList, field!))  // non-nil: checked in the `where`
            case (_, .object(let patchChild)):
                original[key] = .object(try mergeMap(ValueMap(), patchChild, field?.schema))
            case (_, .array(let patchList)) where field.map({ $0.list != .replace }) ?? false:
                original[key] = .array(try mergeList([], patchList, field!))  // non-nil: checked in the `where`
            default:
                original[key] = value
            }
        }
        for (key, order) in orders {
            guard let list = original[key]?.arrayValue else { continue }
            let keys = schema?.field(key)?.mergeKeys ?? []
            original[key] = .array(reorder(list, by: order, server: server[key]?.arrayValue ?? [], keys: keys))
        }
        return original
    }

    static func mergeList(_ original: [Value], _ patch: [Value], _ field: StrategicMergeSchema.Field) throws(KubeStatus)
        -> [Value]
    {
        if patch.contains(where: { $0[patchDirective]?.stringValue == "replace" }) {
            return try patch.filter { $0[patchDirective]?.stringValue != "replace" }.map {
                (element) throws(KubeStatus) in
                guard case .object(let map) = element else { return element }
                return .object(try mergeMap(ValueMap(), map, field.schema))
            }
        }
        guard case .mergeByKeys(let keys) = field.list, patch.allSatisfy({ $0.objectValue != nil }),
            original.allSatisfy({ $0.objectValue != nil })
        else {
            var result = original
            for element in patch where !result.contains(element) { result.append(element) }
            return result
        }
        var result = original
        for element in patch {
            guard case .object(var map) = element else { continue }
            for key in keys where map[key] == nil {
                throw .badRequest("map: \(GoFormat.plain(element)) does not contain declared merge key: \(key)")
            }
            let identity = keys.map { map[$0]! }  // every key checked just above
            let matches: (Value) -> Bool = { candidate in keys.map { candidate[$0] ?? .null } == identity }
            switch map[patchDirective]?.stringValue {
            case "delete":
                result.removeAll(where: matches)
            case let directive?:
                if directive != "merge" { throw .badRequest("invalid patch type: \(directive) in list element") }
                map[patchDirective] = nil
                fallthrough
            case nil:
                if let index = result.firstIndex(where: matches), case .object(let stored) = result[index] {
                    result[index] = .object(try mergeMap(stored, map, field.schema))
                } else {
                    result.append(.object(try mergeMap(ValueMap(), map, field.schema)))
                }
            }
        }
        return result
    }

    /// `list` ordered as `$setElementOrder` asks, after apimachinery's `normalizeElementOrder`.
    ///
    /// Elements named in `order` take its order; the others (server-only) keep theirs, and the two runs are
    /// interleaved by position in the `server` list where both elements were there before the patch.
    static func reorder(_ list: [Value], by order: [Value], server: [Value], keys: [String]) -> [Value] {
        func identity(_ value: Value) -> Value {
            keys.isEmpty ? value : .array(keys.map { value[$0] ?? .null })
        }
        let wanted = order.map(identity)
        var named: [(rank: Int, value: Value)] = []
        var serverOnly: [Value] = []
        for element in list {
            if let rank = wanted.firstIndex(of: identity(element)) {
                named.append((rank, element))
            } else {
                serverOnly.append(element)
            }
        }
        let patchRun = named.sorted { $0.rank < $1.rank }.map(\.value)
        let serverIdentities = server.map(identity)
        var result: [Value] = []
        var left = serverOnly[...]
        var right = patchRun[...]
        while let next = left.first ?? right.first {
            guard let l = left.first, let r = right.first else {
                result.append(next)
                if left.isEmpty { right.removeFirst() } else { left.removeFirst() }
                continue
            }
            if let li = serverIdentities.firstIndex(of: identity(l)),
                let ri = serverIdentities.firstIndex(of: identity(r)), li < ri
            {
                result.append(l)
                left.removeFirst()
            } else {
                result.append(r)
                right.removeFirst()
            }
        }
        return result
    }

    /// Server-side apply's merge: like a strategic merge without directives.
    static func apply(_ existing: ValueMap, _ applied: ValueMap, _ schema: StrategicMergeSchema?) -> ValueMap {
        var result = existing
        for (key, value) in applied {
            let field = schema?.field(key)
            switch (existing[key], value) {
            case (_, .null):
                result[key] = nil
            case (.object(let stored)?, .object(let appliedChild)):
                result[key] = .object(apply(stored, appliedChild, field?.schema))
            case (.array(let stored)?, .array(let appliedList)):
                switch field?.list {
                case .mergeByKeys(let keys)?:
                    var merged = stored
                    for element in appliedList {
                        let identity = keys.map { element[$0] ?? .null }
                        if let index = merged.firstIndex(where: { candidate in
                            keys.map { candidate[$0] ?? .null } == identity
                        }),
                            case .object(let storedElement) = merged[index], case .object(let appliedElement) = element
                        {
                            merged[index] = .object(apply(storedElement, appliedElement, field?.schema))
                        } else {
                            merged.append(element)
                        }
                    }
                    result[key] = .array(merged)
                case .mergePrimitives?:
                    result[key] = .array(stored + appliedList.filter { !stored.contains($0) })
                default:
                    result[key] = value
                }
            default:
                result[key] = value
            }
        }
        return result
    }
}

extension StrategicMergeSchema.Field {
    var mergeKeys: [String] {
        if case .mergeByKeys(let keys) = list { return keys }
        return []
    }
}
