public import CofferCore

extension StructuralSchema {
    /// The schema violations in `object`, worded as kube-apiserver words them for a custom resource.
    ///
    /// Each message is the `field.Error` apiextensions builds from kube-openapi's: `spec.x: Invalid value:
    /// "foo": spec.x in body should match '^repo[1-4]'`, `spec.instances: Required value`, ...
    /// `anyOf`/`oneOf`/`allOf`/`not` failures are reported against the field `<nil>`, as the API server does.
    /// - Parameters:
    ///   - object: The object, usually a whole custom resource.
    ///   - pathPrefix: The field path of `object` itself; empty for a resource root.
    /// - Returns: The errors in document order; empty when `object` is valid.
    public func validate(_ object: Value, pathPrefix: String = "") -> [FieldError] {
        var validator = SchemaValidator()
        validator.validate(object, root, path: pathPrefix)
        return validator.errors
    }
}

/// Walks a value against a compiled schema, collecting kube-openapi's failures as apiextensions converts them.
struct SchemaValidator {
    var errors: [FieldError] = []

    static func child(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Adds kube-openapi's `Validation` error the way apiextensions' `ValidateCustomResource` converts it.
    mutating func invalid(_ path: String, value: Value, message: String) {
        errors.append(.invalid(path, value: value, detail: message))
    }

    mutating func validate(_ value: Value, _ node: SchemaNode, path: String) {
        if value.isNull {
            if (node.type != nil || node.intOrString) && !node.nullable {
                let typeName = node.type?.rawValue ?? "integer,string"
                errors.append(
                    .typeInvalid(path, value: "null", detail: "\(path) in body must be of type \(typeName): \"null\""))
            }
            validateEnum(value, node, path: path)
            return
        }
        // kube-openapi's validator order: type, composition, string, format, number, array, enum, object.
        validateType(value, node, path: path)
        validateComposition(value, node, path: path)
        switch value {
        case .string(let string): validateString(string, value, node, path: path)
        case .int, .double: validateNumber(value, node, path: path)
        case .array(let items): validateArray(items, value, node, path: path)
        default: break
        }
        validateEnum(value, node, path: path)
        if case .object(let map) = value { validateObject(map, node, path: path) }
    }

    mutating func validateType(_ value: Value, _ node: SchemaNode, path: String) {
        let actual: String
        switch value {
        case .int: actual = "integer"
        case .double(let double): actual = double.rounded() == double && node.type == .integer ? "integer" : "number"
        default: actual = value.typeName
        }
        if node.intOrString && node.type == nil {
            if actual != "integer" && actual != "string" {
                errors.append(
                    .typeInvalid(
                        path, value: .string(actual),
                        detail: "\(path) in body must be of type integer,string: \(GoFormat.quote(actual))"))
            }
            return
        }
        guard let expected = node.type else { return }
        if expected.rawValue == actual || (expected == .number && actual == "integer") { return }
        errors.append(
            .typeInvalid(
                path, value: .string(actual),
                detail: "\(path) in body must be of type \(expected.rawValue): \(GoFormat.quote(actual))"))
    }

    mutating func validateComposition(_ value: Value, _ node: SchemaNode, path: String) {
        let name = GoFormat.quote(path)
        if !node.anyOf.isEmpty {
            let results = node.anyOf.map { Self.errors(of: value, $0, path: path) }
            if !results.contains(where: \.isEmpty) {
                errors.append(.invalid("<nil>", value: "", detail: "\(name) must validate at least one schema (anyOf)"))
                errors += results.min { $0.count < $1.count } ?? []
            }
        }
        if !node.oneOf.isEmpty {
            let results = node.oneOf.map { Self.errors(of: value, $0, path: path) }
            let valid = results.filter(\.isEmpty).count
            if valid != 1 {
                let detail = valid == 0 ? "Found none valid" : "Found \(valid) valid alternatives"
                errors.append(
                    .invalid(
                        "<nil>", value: "", detail: "\(name) must validate one and only one schema (oneOf). \(detail)"))
                if valid == 0 { errors += results.min { $0.count < $1.count } ?? [] }
            }
        }
        if !node.allOf.isEmpty {
            let results = node.allOf.map { Self.errors(of: value, $0, path: path) }
            let valid = results.filter(\.isEmpty).count
            errors += results.flatMap { $0 }
            if valid != node.allOf.count {
                let suffix = valid == 0 ? ". None validated" : ""
                errors.append(
                    .invalid("<nil>", value: "", detail: "\(name) must validate all the schemas (allOf)\(suffix)"))
            }
        }
        if let not = node.not, Self.errors(of: value, not, path: path).isEmpty {
            errors.append(.invalid("<nil>", value: "", detail: "\(name) must not validate the schema (not)"))
        }
    }

    static func errors(of value: Value, _ node: SchemaNode, path: String) -> [FieldError] {
        var validator = SchemaValidator()
        validator.validate(value, node, path: path)
        return validator.errors
    }

    mutating func validateString(_ string: String, _ value: Value, _ node: SchemaNode, path: String) {
        let length = string.unicodeScalars.count  // kube-openapi counts runes
        if let maxLength = node.maxLength, length > maxLength {
            errors.append(.tooLong(path, maxLength: maxLength))
        }
        if let minLength = node.minLength, length < minLength {
            invalid(path, value: value, message: "\(path) in body should be at least \(minLength) chars long")
        }
        if let pattern = node.pattern, !pattern.matches(string) {
            invalid(path, value: value, message: "\(path) in body should match '\(pattern.source)'")
        }
        if let format = node.format, !StringFormats.isValid(string, format: format) {
            errors.append(
                .typeInvalid(
                    path, value: value, detail: "\(path) in body must be of type \(format): \(GoFormat.quote(string))"))
        }
    }

    mutating func validateNumber(_ value: Value, _ node: SchemaNode, path: String) {
        guard let number = value.doubleValue else { return }
        if let multipleOf = node.multipleOf, multipleOf > 0 {
            let quotient = number / multipleOf
            if quotient.rounded() != quotient {
                invalid(
                    path, value: value, message: "\(path) in body should be a multiple of \(GoFormat.float(multipleOf))"
                )
            }
        }
        if let maximum = node.maximum, node.exclusiveMaximum ? number >= maximum : number > maximum {
            let relation = node.exclusiveMaximum ? "less than" : "less than or equal to"
            invalid(path, value: value, message: "\(path) in body should be \(relation) \(GoFormat.float(maximum))")
        }
        if let minimum = node.minimum, node.exclusiveMinimum ? number <= minimum : number < minimum {
            let relation = node.exclusiveMinimum ? "greater than" : "greater than or equal to"
            invalid(path, value: value, message: "\(path) in body should be \(relation) \(GoFormat.float(minimum))")
        }
    }

    mutating func validateArray(_ items: [Value], _ value: Value, _ node: SchemaNode, path: String) {
        if let itemNode = node.items {
            for (index, item) in items.enumerated() {
                validate(item, itemNode, path: "\(path)[\(index)]")
            }
        }
        if let minItems = node.minItems, items.count < minItems {
            invalid(
                path, value: .int(Int64(items.count)), message: "\(path) in body should have at least \(minItems) items"
            )
        }
        if let maxItems = node.maxItems, items.count > maxItems {
            errors.append(.tooMany(path, actual: items.count, max: maxItems))
        }
        if node.uniqueItems && Set(items).count != items.count {
            invalid(path, value: "", message: "\(path) in body shouldn't contain duplicates")
        }
        validateListType(items, node, path: path)
    }

    /// `x-kubernetes-list-type: set|map` duplicates, as apiextensions' list validation reports them.
    mutating func validateListType(_ items: [Value], _ node: SchemaNode, path: String) {
        switch node.listType {
        case "set":
            var seen = Set<Value>()
            for (index, item) in items.enumerated() where !seen.insert(item).inserted {
                errors.append(.duplicate("\(path)[\(index)]", value: item))
            }
        case "map" where !node.listMapKeys.isEmpty:
            var seen = Set<[Value]>()
            for (index, item) in items.enumerated() {
                guard item.objectValue != nil else { continue }
                let key = node.listMapKeys.map { item[$0] ?? .null }
                if !seen.insert(key).inserted {
                    var keyMap = ValueMap()
                    for (name, value) in zip(node.listMapKeys, key) where !value.isNull { keyMap[name] = value }
                    errors.append(.duplicate("\(path)[\(index)]", value: .object(keyMap)))
                }
            }
        default:
            break
        }
    }

    /// Property counts first (a failure there ends the object's checks, as in kube-openapi), then
    /// `additionalProperties` values, declared properties, and missing required ones.
    mutating func validateObject(_ map: ValueMap, _ node: SchemaNode, path: String) {
        if let minProperties = node.minProperties, map.count < minProperties {
            invalid(
                path, value: .int(Int64(map.count)),
                message: "\(path) in body should have at least \(minProperties) properties")
            return
        }
        if let maxProperties = node.maxProperties, map.count > maxProperties {
            errors.append(.tooMany(path, actual: map.count, max: maxProperties))
            return
        }
        if let additional = node.additionalProperties {
            for (key, child) in map where node.properties[key] == nil {
                validate(child, additional, path: Self.child(path, key))
            }
        }
        for name in node.propertyOrder {
            guard let child = map[name], let property = node.properties[name] else { continue }
            validate(child, property, path: Self.child(path, name))
        }
        for name in node.required where map[name] == nil {
            errors.append(.required(Self.child(path, name)))
        }
        if node.embeddedResource && !map.isEmpty {
            if map["apiVersion"] == nil {
                errors.append(.required(Self.child(path, "apiVersion"), detail: "must not be empty"))
            }
            if map["kind"] == nil { errors.append(.required(Self.child(path, "kind"), detail: "must not be empty")) }
        }
    }

    mutating func validateEnum(_ value: Value, _ node: SchemaNode, path: String) {
        guard let allowed = node.enumValues, !allowed.contains(where: { Self.enumEqual($0, value) }) else { return }
        let names = allowed.map { $0.stringValue ?? $0.jsonString() }
        errors.append(.notSupported(path, value: value, supported: names))
    }

    /// Go's `reflect.DeepEqual` after JSON decoding, where `1` and `1.0` both became numbers.
    static func enumEqual(_ lhs: Value, _ rhs: Value) -> Bool {
        if let left = lhs.doubleValue, let right = rhs.doubleValue { return left == right }
        return lhs == rhs
    }
}
