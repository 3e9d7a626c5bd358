import CofferCore

/// Turns schema JSON into ``SchemaNode``s; patterns come from ``PatternRegex``'s process-wide cache.
struct SchemaBuilder {
    func build(_ schema: Value, path: String) throws(KubeStatus) -> SchemaNode {
        var fields = SchemaNodeFields()
        guard let map = schema.objectValue else { return SchemaNode(fields) }
        for (key, value) in map {
            switch key {
            case "type": fields.type = value.stringValue.flatMap(SchemaNode.JSONType.init(rawValue:))
            case "nullable": fields.nullable = value.boolValue ?? false
            case "format": fields.format = value.stringValue
            case "enum": fields.enumValues = value.arrayValue
            case "pattern":
                guard let source = value.stringValue else { continue }
                guard let compiled = PatternRegex.compiled(source) else {
                    throw .invalid(
                        kind: "CustomResourceDefinition", group: "apiextensions.k8s.io", name: "",
                        causes: [
                            .invalid("\(path).pattern", value: value, detail: "must be a valid regular expression")
                        ])
                }
                fields.pattern = compiled
            case "minimum": fields.minimum = value.doubleValue
            case "maximum": fields.maximum = value.doubleValue
            case "exclusiveMinimum": fields.exclusiveMinimum = value.boolValue ?? false
            case "exclusiveMaximum": fields.exclusiveMaximum = value.boolValue ?? false
            case "multipleOf": fields.multipleOf = value.doubleValue
            case "minLength": fields.minLength = value.intValue.map(Int.init)
            case "maxLength": fields.maxLength = value.intValue.map(Int.init)
            case "minItems": fields.minItems = value.intValue.map(Int.init)
            case "maxItems": fields.maxItems = value.intValue.map(Int.init)
            case "uniqueItems": fields.uniqueItems = value.boolValue ?? false
            case "minProperties": fields.minProperties = value.intValue.map(Int.init)
            case "maxProperties": fields.maxProperties = value.intValue.map(Int.init)
            case "required": fields.required = (value.arrayValue ?? []).compactMap(\.stringValue)
            case "properties":
                for (name, property) in value.objectValue ?? ValueMap() {
                    fields.propertyOrder.append(name)
                    fields.properties[name] = try build(property, path: "\(path).properties[\(name)]")
                }
            case "additionalProperties":
                if let allowed = value.boolValue {
                    fields.allowsAdditionalProperties = allowed
                } else {
                    fields.allowsAdditionalProperties = true
                    fields.additionalProperties = try build(value, path: "\(path).additionalProperties")
                }
            case "items":
                // A list of schemas (tuple validation) is not structural; the first stands for all.
                let itemSchema = value.arrayValue?.first ?? value
                fields.items = try build(itemSchema, path: "\(path).items")
            case "allOf": fields.allOf = try buildAll(value, path: "\(path).allOf")
            case "anyOf": fields.anyOf = try buildAll(value, path: "\(path).anyOf")
            case "oneOf": fields.oneOf = try buildAll(value, path: "\(path).oneOf")
            case "not": fields.not = try build(value, path: "\(path).not")
            case "default": fields.defaultValue = value
            case "x-kubernetes-preserve-unknown-fields": fields.preserveUnknownFields = value.boolValue ?? false
            case "x-kubernetes-int-or-string": fields.intOrString = value.boolValue ?? false
            case "x-kubernetes-embedded-resource": fields.embeddedResource = value.boolValue ?? false
            case "x-kubernetes-list-type": fields.listType = value.stringValue
            case "x-kubernetes-list-map-keys": fields.listMapKeys = (value.arrayValue ?? []).compactMap(\.stringValue)
            default: continue  // descriptions, CEL rules and other annotations do not affect validation here
            }
        }
        return SchemaNode(fields)
    }

    func buildAll(_ value: Value, path: String) throws(KubeStatus) -> [SchemaNode] {
        var nodes: [SchemaNode] = []
        for (index, schema) in (value.arrayValue ?? []).enumerated() {
            nodes.append(try build(schema, path: "\(path)[\(index)]"))
        }
        return nodes
    }
}
