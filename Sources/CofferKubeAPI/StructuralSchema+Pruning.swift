public import CofferCore

extension StructuralSchema {
    /// `object` without the fields its schema does not declare, and where they were.
    ///
    /// As kube-apiserver prunes a custom resource: `apiVersion`, `kind` and `metadata` are kept at the root and in
    /// `x-kubernetes-embedded-resource` objects; `x-kubernetes-preserve-unknown-fields` keeps unknown fields
    /// (known ones are still pruned inside); `null` in a non-nullable field without a default is dropped silently.
    /// - Returns: The pruned object, and the dropped fields as the API server names them in its
    ///   `unknown field "spec.foo"` warnings (`spec.instances[0].foo`, a top-level `foo`).
    public func prune(_ object: Value) -> (pruned: Value, unknownFields: [String]) {
        var pruner = Pruner()
        let pruned = pruner.prune(object, root, path: "", isResourceRoot: true)
        return (pruned, pruner.unknownFields)
    }
}

struct Pruner {
    var unknownFields: [String] = []
    static let resourceFields: Set<String> = ["apiVersion", "kind", "metadata"]

    mutating func prune(_ value: Value, _ node: SchemaNode?, path: String, isResourceRoot: Bool) -> Value {
        switch value {
        case .object(let map):
            let isRoot = isResourceRoot || node?.embeddedResource == true
            var result = ValueMap()
            for (key, child) in map {
                let childPath = SchemaValidator.child(path, key)
                if isRoot && Self.resourceFields.contains(key) && node?.properties[key] == nil {
                    result[key] = child
                } else if isRoot && key == "metadata" {
                    result[key] = child  // ObjectMeta is checked by the API server, never by the CRD's schema
                } else if let property = node?.properties[key] {
                    if child.isNull && !property.nullable && property.defaultValue == nil && property.type != nil {
                        continue
                    }
                    result[key] = prune(child, property, path: childPath, isResourceRoot: false)
                } else if let additional = node?.additionalProperties {
                    result[key] = prune(child, additional, path: childPath, isResourceRoot: false)
                } else if node?.preserveUnknownFields == true || node?.allowsAdditionalProperties == true {
                    result[key] = child
                } else {
                    unknownFields.append(childPath)
                }
            }
            return .object(result)
        case .array(let items):
            guard let node else { return value }
            if node.items == nil { return value }
            return .array(items.enumerated().map { index, item in
                prune(item, node.items, path: "\(path)[\(index)]", isResourceRoot: false)
            })
        default:
            return value
        }
    }
}
