public import CofferCore

extension StructuralSchema {
    /// `object` without the fields its schema does not declare, and where they were.
    ///
    /// As kube-apiserver prunes a custom resource: `apiVersion`, `kind` and `metadata` are kept at the root and in
    /// `x-kubernetes-embedded-resource` objects; `x-kubernetes-preserve-unknown-fields` keeps unknown fields
    /// (known ones are still pruned inside); `null` in a non-nullable field without a default is dropped silently.
    /// - Returns: The pruned object, and the dropped fields as the API server names them in its
    ///   `unknown field "spec.foo"` warnings (`spec.instances[0].foo`, a top-level `foo`), sorted as it sorts them.
    public func prune(_ object: Value) -> (pruned: Value, unknownFields: [String]) {
        var pruner = Pruner()
        let pruned = pruner.prune(object, root, path: "", isResourceRoot: true)
        return (pruned, pruner.unknownFields.sorted())
    }
}

struct Pruner {
    var unknownFields: [String] = []
    static let resourceFields: Set<String> = ["apiVersion", "kind", "metadata"]

    /// Prunes `value` by `node`; a `nil` node knows no fields, so every object key under it goes.
    mutating func prune(_ value: Value, _ node: SchemaNode?, path: String, isResourceRoot: Bool) -> Value {
        let keepsUnknown = node?.preserveUnknownFields == true || node?.allowsAdditionalProperties == true
        switch value {
        case .object(let map):
            let isResource = isResourceRoot || node?.embeddedResource == true
            var result = ValueMap()
            for (key, child) in map {
                let childPath = SchemaValidator.child(path, key)
                if isResource && Self.resourceFields.contains(key) {
                    result[key] = child  // TypeMeta and ObjectMeta are the API server's, never the schema's
                } else if let property = node?.properties[key] {
                    if child.isNull && !property.nullable && property.defaultValue == nil && property.type != nil {
                        continue  // a non-nullable null without a default is dropped before defaulting, unreported
                    }
                    result[key] = prune(child, property, path: childPath, isResourceRoot: false)
                } else if let additional = node?.additionalProperties {
                    result[key] = prune(child, additional, path: childPath, isResourceRoot: false)
                } else if keepsUnknown {
                    result[key] = child
                } else {
                    unknownFields.append(childPath)
                }
            }
            return .object(result)
        case .array(let items):
            if keepsUnknown && node?.items == nil { return value }
            return .array(
                items.enumerated().map { index, item in
                    prune(item, node?.items, path: "\(path)[\(index)]", isResourceRoot: false)
                })
        default:
            return value
        }
    }
}
