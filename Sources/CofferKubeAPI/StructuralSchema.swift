public import CofferCore

/// A custom resource's compiled `openAPIV3Schema`: validation, pruning and defaulting as kube-apiserver does them.
///
/// Compile once per CRD version; every operation walks the compiled tree without re-reading the schema.
/// `x-kubernetes-validations` (CEL) rules are read but not evaluated: the sandbox accepts what they would refuse.
public struct StructuralSchema: Sendable {
    /// The compiled root.
    let root: SchemaNode
    /// The schema as given, for OpenAPI documents.
    public let openAPIV3Schema: Value

    /// Compiles a CRD version's `schema.openAPIV3Schema`.
    ///
    /// - Throws: ``KubeStatus`` 422 when the schema is not an object or names an invalid `pattern`.
    public init(openAPIV3Schema: Value) throws(KubeStatus) {
        guard openAPIV3Schema.objectValue != nil else {
            throw .invalid(
                kind: "CustomResourceDefinition", group: "apiextensions.k8s.io", name: "",
                causes: [.required("spec.validation.openAPIV3Schema")])
        }
        self.openAPIV3Schema = openAPIV3Schema
        var builder = SchemaBuilder()
        root = try builder.build(openAPIV3Schema, path: "openAPIV3Schema")
    }
}

/// One compiled schema node; immutable once built, so it is shared freely across threads.
final class SchemaNode: Sendable {
    enum JSONType: String, Sendable {
        case object, array, string, integer, number, boolean
    }

    let type: JSONType?
    let nullable: Bool
    let format: String?
    let enumValues: [Value]?
    let pattern: PatternRegex?
    let minimum: Double?, exclusiveMinimum: Bool
    let maximum: Double?, exclusiveMaximum: Bool
    let multipleOf: Double?
    let minLength: Int?, maxLength: Int?
    let minItems: Int?, maxItems: Int?, uniqueItems: Bool
    let minProperties: Int?, maxProperties: Int?
    let required: [String]
    /// Property names in schema order, for stable error and default order.
    let propertyOrder: [String]
    let properties: [String: SchemaNode]
    let additionalProperties: SchemaNode?
    /// `additionalProperties: true`, or a schema: any key is known.
    let allowsAdditionalProperties: Bool
    let items: SchemaNode?
    let allOf: [SchemaNode], anyOf: [SchemaNode], oneOf: [SchemaNode]
    let not: SchemaNode?
    let defaultValue: Value?
    let preserveUnknownFields: Bool
    let intOrString: Bool
    let embeddedResource: Bool
    /// `x-kubernetes-list-type`: `atomic`, `set` or `map`.
    let listType: String?
    let listMapKeys: [String]

    init(_ builder: SchemaNodeFields) {
        type = builder.type
        nullable = builder.nullable
        format = builder.format
        enumValues = builder.enumValues
        pattern = builder.pattern
        minimum = builder.minimum
        exclusiveMinimum = builder.exclusiveMinimum
        maximum = builder.maximum
        exclusiveMaximum = builder.exclusiveMaximum
        multipleOf = builder.multipleOf
        minLength = builder.minLength
        maxLength = builder.maxLength
        minItems = builder.minItems
        maxItems = builder.maxItems
        uniqueItems = builder.uniqueItems
        minProperties = builder.minProperties
        maxProperties = builder.maxProperties
        required = builder.required
        propertyOrder = builder.propertyOrder
        properties = builder.properties
        additionalProperties = builder.additionalProperties
        allowsAdditionalProperties = builder.allowsAdditionalProperties
        items = builder.items
        allOf = builder.allOf
        anyOf = builder.anyOf
        oneOf = builder.oneOf
        not = builder.not
        defaultValue = builder.defaultValue
        preserveUnknownFields = builder.preserveUnknownFields
        intOrString = builder.intOrString
        embeddedResource = builder.embeddedResource
        listType = builder.listType
        listMapKeys = builder.listMapKeys
    }
}

/// The mutable fields a ``SchemaNode`` is built from.
struct SchemaNodeFields {
    var type: SchemaNode.JSONType?
    var nullable = false
    var format: String?
    var enumValues: [Value]?
    var pattern: PatternRegex?
    var minimum: Double?, exclusiveMinimum = false
    var maximum: Double?, exclusiveMaximum = false
    var multipleOf: Double?
    var minLength: Int?, maxLength: Int?
    var minItems: Int?, maxItems: Int?, uniqueItems = false
    var minProperties: Int?, maxProperties: Int?
    var required: [String] = []
    var propertyOrder: [String] = []
    var properties: [String: SchemaNode] = [:]
    var additionalProperties: SchemaNode?
    var allowsAdditionalProperties = false
    var items: SchemaNode?
    var allOf: [SchemaNode] = [], anyOf: [SchemaNode] = [], oneOf: [SchemaNode] = []
    var not: SchemaNode?
    var defaultValue: Value?
    var preserveUnknownFields = false
    var intOrString = false
    var embeddedResource = false
    var listType: String?
    var listMapKeys: [String] = []
}

/// Turns schema JSON into ``SchemaNode``s, sharing one compiled regex per distinct pattern.
struct SchemaBuilder {
    var patterns: [String: PatternRegex] = [:]

    mutating func build(_ schema: Value, path: String) throws(KubeStatus) -> SchemaNode {
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
                if let compiled = patterns[source] {
                    fields.pattern = compiled
                } else {
                    guard let compiled = PatternRegex(source) else {
                        throw .invalid(
                            kind: "CustomResourceDefinition", group: "apiextensions.k8s.io", name: "",
                            causes: [
                                .invalid("\(path).pattern", value: value, detail: "must be a valid regular expression")
                            ])
                    }
                    patterns[source] = compiled
                    fields.pattern = compiled
                }
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

    mutating func buildAll(_ value: Value, path: String) throws(KubeStatus) -> [SchemaNode] {
        var nodes: [SchemaNode] = []
        for (index, schema) in (value.arrayValue ?? []).enumerated() {
            nodes.append(try build(schema, path: "\(path)[\(index)]"))
        }
        return nodes
    }
}
