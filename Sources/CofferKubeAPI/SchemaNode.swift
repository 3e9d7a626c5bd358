import CofferCore

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
