import CofferCore

/// One compiled (sub)schema: the keywords Coffer's validator understands, resolved once.
///
/// Immutable after compilation; `$ref`s point into the owning ``JSONSchema``'s definition table by
/// index, so recursive definitions need no back-pointers.
final class SchemaNode: Sendable {
    /// JSON Schema's primitive types; `integer` is a subset of `number`.
    struct TypeSet: OptionSet, Hashable, Sendable {
        let rawValue: UInt8
        static let null = TypeSet(rawValue: 1 << 0)
        static let boolean = TypeSet(rawValue: 1 << 1)
        static let object = TypeSet(rawValue: 1 << 2)
        static let array = TypeSet(rawValue: 1 << 3)
        static let number = TypeSet(rawValue: 1 << 4)
        static let integer = TypeSet(rawValue: 1 << 5)
        static let string = TypeSet(rawValue: 1 << 6)

        static let names: [(String, TypeSet)] = [
            ("null", .null), ("boolean", .boolean), ("object", .object), ("array", .array),
            ("number", .number), ("integer", .integer), ("string", .string),
        ]

        /// `string`, `object or array`, `string, integer or null`: for messages.
        var description: String {
            let listed = Self.names.filter { contains($0.1) && !($0.1 == .integer && contains(.number)) }.map(\.0)
            guard listed.count > 1 else { return listed.first ?? "nothing" }
            return listed.dropLast().joined(separator: ", ") + " or " + listed.last!  // count > 1 checked above
        }
    }

    /// `false` (nothing matches) or `true` / `{}` (everything matches) when set.
    let constant: Bool?
    let types: TypeSet?
    let enumValues: [Value]?
    let constValue: Value?

    let properties: [String: SchemaNode]
    let required: [String]
    let additionalProperties: SchemaNode?
    let patternProperties: [(SchemaPattern, SchemaNode)]
    let propertyNames: SchemaNode?
    let minProperties: Int?
    let maxProperties: Int?

    let prefixItems: [SchemaNode]
    let items: SchemaNode?
    let minItems: Int?
    let maxItems: Int?
    let uniqueItems: Bool

    let pattern: SchemaPattern?
    let minLength: Int?
    let maxLength: Int?

    let minimum: Double?
    let maximum: Double?
    let exclusiveMinimum: Double?
    let exclusiveMaximum: Double?
    let multipleOf: Double?

    let reference: Int?
    let allOf: [SchemaNode]
    let anyOf: [SchemaNode]
    let oneOf: [SchemaNode]
    let not: SchemaNode?
    let ifSchema: SchemaNode?
    let thenSchema: SchemaNode?
    let elseSchema: SchemaNode?

    init(
        constant: Bool? = nil, types: TypeSet? = nil, enumValues: [Value]? = nil, constValue: Value? = nil,
        properties: [String: SchemaNode] = [:], required: [String] = [], additionalProperties: SchemaNode? = nil,
        patternProperties: [(SchemaPattern, SchemaNode)] = [], propertyNames: SchemaNode? = nil,
        minProperties: Int? = nil, maxProperties: Int? = nil,
        prefixItems: [SchemaNode] = [], items: SchemaNode? = nil, minItems: Int? = nil, maxItems: Int? = nil,
        uniqueItems: Bool = false, pattern: SchemaPattern? = nil, minLength: Int? = nil, maxLength: Int? = nil,
        minimum: Double? = nil, maximum: Double? = nil, exclusiveMinimum: Double? = nil,
        exclusiveMaximum: Double? = nil, multipleOf: Double? = nil, reference: Int? = nil,
        allOf: [SchemaNode] = [], anyOf: [SchemaNode] = [], oneOf: [SchemaNode] = [], not: SchemaNode? = nil,
        ifSchema: SchemaNode? = nil, thenSchema: SchemaNode? = nil, elseSchema: SchemaNode? = nil
    ) {
        self.constant = constant
        self.types = types
        self.enumValues = enumValues
        self.constValue = constValue
        self.properties = properties
        self.required = required
        self.additionalProperties = additionalProperties
        self.patternProperties = patternProperties
        self.propertyNames = propertyNames
        self.minProperties = minProperties
        self.maxProperties = maxProperties
        self.prefixItems = prefixItems
        self.items = items
        self.minItems = minItems
        self.maxItems = maxItems
        self.uniqueItems = uniqueItems
        self.pattern = pattern
        self.minLength = minLength
        self.maxLength = maxLength
        self.minimum = minimum
        self.maximum = maximum
        self.exclusiveMinimum = exclusiveMinimum
        self.exclusiveMaximum = exclusiveMaximum
        self.multipleOf = multipleOf
        self.reference = reference
        self.allOf = allOf
        self.anyOf = anyOf
        self.oneOf = oneOf
        self.not = not
        self.ifSchema = ifSchema
        self.thenSchema = thenSchema
        self.elseSchema = elseSchema
    }
}
