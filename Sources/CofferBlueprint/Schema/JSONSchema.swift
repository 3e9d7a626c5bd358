import CofferCore

/// A compiled JSON Schema (the draft 2020-12 subset Coffer's schemas use) that validates ``Value``s.
///
/// Supported: `type`, `enum`, `const`, `properties`, `required`, `additionalProperties`,
/// `patternProperties`, `propertyNames`, `minProperties`, `maxProperties`, `items`, `prefixItems`,
/// `minItems`, `maxItems`, `uniqueItems`, `pattern`, `minLength`, `maxLength`, `minimum`, `maximum`,
/// `exclusiveMinimum`, `exclusiveMaximum`, `multipleOf`, `$ref` to `#/$defs/NAME`, `$defs`, `allOf`,
/// `anyOf`, `oneOf`, `not`, `if`/`then`/`else`. Annotations (`title`, `description`, `examples`,
/// `default`, `format`, ...) are ignored. Any other keyword is a compile error, so a schema never
/// silently means less than it says.
public struct JSONSchema: Sendable {
    let root: SchemaNode
    let definitions: [SchemaNode]
    let definitionNames: [String]

    init(root: SchemaNode, definitions: [SchemaNode], definitionNames: [String]) {
        self.root = root
        self.definitions = definitions
        self.definitionNames = definitionNames
    }

    /// Compiles the schema in `text` (JSON).
    ///
    /// - Throws: ``BlueprintError`` with code ``BlueprintError/Code/schema`` when the text is not JSON
    ///   or uses a keyword or `$ref` this validator does not support.
    public init(text: String) throws {
        self = try Self.compile(text)
    }

    static func compile(_ text: String) throws(BlueprintError) -> JSONSchema {
        let value: Value
        do {
            value = try Value(json: text, file: "<schema>")
        } catch {
            throw BlueprintError(.schema, "schema is not valid JSON: \(error)", underlying: error)
        }
        var compiler = SchemaCompiler()
        return try compiler.compileDocument(value)
    }
}

// MARK: - Compilation

private struct SchemaCompiler {
    private static let annotationKeywords: Set<String> = [
        "$schema", "$id", "$comment", "$defs", "title", "description", "examples", "default", "deprecated",
        "readOnly", "writeOnly", "format", "contentMediaType", "contentEncoding",
    ]

    var definitionIndex: [String: Int] = [:]

    mutating func compileDocument(_ value: Value) throws(BlueprintError) -> JSONSchema {
        let definitions = value["$defs"]?.objectValue ?? ValueMap()
        for (offset, name) in definitions.keys.enumerated() { definitionIndex[name] = offset }
        var compiled: [SchemaNode] = []
        for (name, schema) in definitions {
            compiled.append(try node(schema, at: "#/$defs/\(name)"))
        }
        let root = try node(value, at: "#")
        return JSONSchema(root: root, definitions: compiled, definitionNames: definitions.keys)
    }

    func fail(_ message: String, at location: String) -> BlueprintError {
        BlueprintError(.schema, "schema \(location): \(message)")
    }

    func node(_ value: Value, at location: String) throws(BlueprintError) -> SchemaNode {
        if case .bool(let bool) = value { return SchemaNode(constant: bool) }
        guard let map = value.objectValue else { throw fail("a schema must be an object or a boolean", at: location) }
        if map.isEmpty { return SchemaNode(constant: true) }

        let known: Set<String> = [
            "type", "enum", "const", "properties", "required", "additionalProperties", "patternProperties",
            "propertyNames", "minProperties", "maxProperties", "items", "prefixItems", "minItems", "maxItems",
            "uniqueItems", "pattern", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum",
            "exclusiveMaximum", "multipleOf", "$ref", "allOf", "anyOf", "oneOf", "not", "if", "then", "else",
        ]
        for key in map.keys where !known.contains(key) && !Self.annotationKeywords.contains(key) {
            throw fail("unsupported keyword \"\(key)\"", at: location)
        }

        func sub(_ key: String) throws(BlueprintError) -> SchemaNode? {
            guard let value = map[key] else { return nil }
            return try node(value, at: "\(location)/\(key)")
        }
        func list(_ key: String) throws(BlueprintError) -> [SchemaNode] {
            guard let value = map[key] else { return [] }
            guard let array = value.arrayValue, !array.isEmpty else {
                throw fail("\"\(key)\" must be a non-empty array", at: location)
            }
            var nodes: [SchemaNode] = []
            for (index, element) in array.enumerated() {
                nodes.append(try node(element, at: "\(location)/\(key)/\(index)"))
            }
            return nodes
        }
        func count(_ key: String) throws(BlueprintError) -> Int? {
            guard let value = map[key] else { return nil }
            guard let int = value.intValue, int >= 0 else {
                throw fail("\"\(key)\" must be a non-negative integer", at: location)
            }
            return Int(int)
        }
        func number(_ key: String) throws(BlueprintError) -> Double? {
            guard let value = map[key] else { return nil }
            guard let double = value.doubleValue else { throw fail("\"\(key)\" must be a number", at: location) }
            return double
        }
        func regex(_ source: String) throws(BlueprintError) -> SchemaPattern {
            do {
                return try SchemaPattern(source)
            } catch {
                throw fail("invalid pattern \"\(source)\"", at: location)
            }
        }

        var types: SchemaNode.TypeSet?
        if let type = map["type"] {
            let names = type.arrayValue ?? [type]
            var set: SchemaNode.TypeSet = []
            for name in names {
                guard let name = name.stringValue, let found = SchemaNode.TypeSet.names.first(where: { $0.0 == name })
                else {
                    throw fail("unknown type \(type)", at: location)
                }
                set.insert(found.1)
            }
            types = set
        }

        var properties: [String: SchemaNode] = [:]
        if let value = map["properties"] {
            guard let members = value.objectValue else { throw fail("\"properties\" must be an object", at: location) }
            for (name, schema) in members { properties[name] = try node(schema, at: "\(location)/properties/\(name)") }
        }
        var patternProperties: [(SchemaPattern, SchemaNode)] = []
        if let value = map["patternProperties"] {
            guard let members = value.objectValue else {
                throw fail("\"patternProperties\" must be an object", at: location)
            }
            for (source, schema) in members {
                patternProperties.append(
                    (try regex(source), try node(schema, at: "\(location)/patternProperties/\(source)")))
            }
        }
        var required: [String] = []
        if let value = map["required"] {
            guard let names = value.arrayValue?.compactMap(\.stringValue), names.count == value.arrayValue?.count else {
                throw fail("\"required\" must be an array of strings", at: location)
            }
            required = names
        }
        var reference: Int?
        if let value = map["$ref"] {
            let prefix = "#/$defs/"
            guard let text = value.stringValue, text.hasPrefix(prefix),
                let index = definitionIndex[String(text.dropFirst(prefix.count))]
            else { throw fail("unsupported $ref \(value); only #/$defs/NAME is supported", at: location) }
            reference = index
        }
        var enumValues: [Value]?
        if let value = map["enum"] {
            guard let array = value.arrayValue else { throw fail("\"enum\" must be an array", at: location) }
            enumValues = array
        }
        var pattern: SchemaPattern?
        if let value = map["pattern"] {
            guard let source = value.stringValue else { throw fail("\"pattern\" must be a string", at: location) }
            pattern = try regex(source)
        }
        var uniqueItems = false
        if let value = map["uniqueItems"] {
            guard let bool = value.boolValue else { throw fail("\"uniqueItems\" must be a boolean", at: location) }
            uniqueItems = bool
        }
        let multipleOf = try number("multipleOf")
        if let multipleOf, multipleOf <= 0 { throw fail("\"multipleOf\" must be greater than 0", at: location) }

        return SchemaNode(
            types: types, enumValues: enumValues, constValue: map["const"],
            properties: properties, required: required, additionalProperties: try sub("additionalProperties"),
            patternProperties: patternProperties, propertyNames: try sub("propertyNames"),
            minProperties: try count("minProperties"), maxProperties: try count("maxProperties"),
            prefixItems: try list("prefixItems"), items: try sub("items"),
            minItems: try count("minItems"), maxItems: try count("maxItems"), uniqueItems: uniqueItems,
            pattern: pattern, minLength: try count("minLength"), maxLength: try count("maxLength"),
            minimum: try number("minimum"), maximum: try number("maximum"),
            exclusiveMinimum: try number("exclusiveMinimum"), exclusiveMaximum: try number("exclusiveMaximum"),
            multipleOf: multipleOf, reference: reference,
            allOf: try list("allOf"), anyOf: try list("anyOf"), oneOf: try list("oneOf"), not: try sub("not"),
            ifSchema: try sub("if"), thenSchema: try sub("then"), elseSchema: try sub("else"))
    }
}
