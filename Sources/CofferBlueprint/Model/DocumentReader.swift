import CofferCore

/// Reads typed fields out of a ``Document``, throwing errors placed at the offending key or value.
///
/// Decoding stops at the first problem; ``BlueprintValidator`` is the place that reports them all.
struct DocumentReader {
    let sourceMap: SourceMap

    /// An error about the value at `path` (at the value), or about something missing in it (at its key).
    func error(_ message: String, at path: ValuePath, missing: Bool = false) -> BlueprintError {
        let position =
            missing
            ? sourceMap.nearestPosition(to: path)
            : (sourceMap.position(ofValueAt: path) ?? sourceMap.nearestPosition(to: path))
        return BlueprintError(.invalidDocument, message, position: position, path: path)
    }

    func object(_ value: Value, at path: ValuePath) throws(BlueprintError) -> ValueMap {
        guard let map = value.objectValue else { throw error("expected object, got \(value.typeName)", at: path) }
        return map
    }

    /// The object under `key`, an empty map when absent or null.
    func optionalObject(_ map: ValueMap, _ key: String, at path: ValuePath) throws(BlueprintError) -> ValueMap {
        guard let value = map[key], !value.isNull else { return ValueMap() }
        return try object(value, at: path.appending(key))
    }

    func string(_ map: ValueMap, _ key: String, at path: ValuePath) throws(BlueprintError) -> String? {
        guard let value = map[key], !value.isNull else { return nil }
        guard let string = value.stringValue else {
            throw error("expected string, got \(value.typeName)", at: path.appending(key))
        }
        return string
    }

    func requiredString(_ map: ValueMap, _ key: String, at path: ValuePath) throws(BlueprintError) -> String {
        guard let string = try string(map, key, at: path) else {
            throw error("missing required property \"\(key)\"", at: path, missing: true)
        }
        return string
    }

    func stringList(_ map: ValueMap, _ key: String, at path: ValuePath) throws(BlueprintError) -> [String] {
        guard let value = map[key], !value.isNull else { return [] }
        guard let array = value.arrayValue else {
            throw error("expected array, got \(value.typeName)", at: path.appending(key))
        }
        var strings: [String] = []
        for (index, element) in array.enumerated() {
            guard let string = element.stringValue else {
                throw error("expected string, got \(element.typeName)", at: path.appending(key).appending(index: index))
            }
            strings.append(string)
        }
        return strings
    }

    /// A `map[string]string`, in document order.
    func stringPairs(_ map: ValueMap, _ key: String, at path: ValuePath) throws(BlueprintError) -> [(
        key: String, value: String
    )] {
        let members = try optionalObject(map, key, at: path)
        var pairs: [(key: String, value: String)] = []
        for (name, value) in members {
            guard let string = value.stringValue else {
                throw error("expected string, got \(value.typeName)", at: path.appending(key).appending(name))
            }
            pairs.append((name, string))
        }
        return pairs
    }

    func stringMap(_ map: ValueMap, _ key: String, at path: ValuePath) throws(BlueprintError) -> [String: String] {
        Dictionary(try stringPairs(map, key, at: path), uniquingKeysWith: { $1 })
    }

    func objectReference(_ value: Value, at path: ValuePath) throws(BlueprintError) -> ObjectReference {
        let map = try object(value, at: path)
        return ObjectReference(
            apiVersion: try string(map, "apiVersion", at: path) ?? "", group: try string(map, "group", at: path) ?? "",
            resource: try string(map, "resource", at: path) ?? "", kind: try string(map, "kind", at: path) ?? "",
            name: try string(map, "name", at: path) ?? "", namespace: try string(map, "namespace", at: path) ?? "")
    }

    func objectReferences(_ map: ValueMap, _ key: String, at path: ValuePath) throws(BlueprintError) -> [String:
        ObjectReference]
    {
        var references: [String: ObjectReference] = [:]
        for (alias, value) in try optionalObject(map, key, at: path) {
            references[alias] = try objectReference(value, at: path.appending(key).appending(alias))
        }
        return references
    }

    func artifacts(_ map: ValueMap, _ key: String, at path: ValuePath) throws(BlueprintError) -> [String: Artifact] {
        var artifacts: [String: Artifact] = [:]
        for (name, value) in try optionalObject(map, key, at: path) {
            let artifactPath = path.appending(key).appending(name)
            let artifact = try object(value, at: artifactPath)
            artifacts[name] = Artifact(
                keyValue: try stringPairs(artifact, "keyValue", at: artifactPath),
                kopiaSnapshot: try string(artifact, "kopiaSnapshot", at: artifactPath))
        }
        return artifacts
    }
}
