public import CofferCore

extension StructuralSchema {
    /// `object` with the schema's `default`s filled in, as kube-apiserver defaults a custom resource.
    ///
    /// A missing property, or a `null` one whose schema is not nullable, takes a copy of its default, which is
    /// then defaulted in turn; array items and `additionalProperties` values are defaulted by their schema.
    public func applyDefaults(_ object: Value) -> Value {
        Self.applyDefaults(object, root)
    }

    static func applyDefaults(_ value: Value, _ node: SchemaNode) -> Value {
        switch value {
        case .object(var map):
            for name in node.propertyOrder {
                guard let property = node.properties[name], let defaultValue = property.defaultValue else { continue }
                if map[name] == nil || (map[name]?.isNull == true && !property.nullable) { map[name] = defaultValue }
            }
            var result = ValueMap()
            for (key, child) in map {
                if let property = node.properties[key] {
                    result[key] = applyDefaults(child, property)
                } else if let additional = node.additionalProperties {
                    let filled = child.isNull && !additional.nullable ? additional.defaultValue ?? child : child
                    result[key] = applyDefaults(filled, additional)
                } else {
                    result[key] = child
                }
            }
            return .object(result)
        case .array(let items):
            guard let itemNode = node.items else { return value }
            return .array(
                items.map { item in
                    let filled = item.isNull && !itemNode.nullable ? itemNode.defaultValue ?? item : item
                    return applyDefaults(filled, itemNode)
                })
        default:
            return value
        }
    }
}
