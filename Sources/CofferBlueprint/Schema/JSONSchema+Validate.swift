public import CofferCore

extension JSONSchema {
    /// Every way `value` fails the schema, in document order; empty when it conforms.
    public func violations(of value: Value) -> [SchemaViolation] {
        var run = Run(definitions: definitions, collects: true)
        _ = run.check(value, root)
        return run.violations
    }

    /// Whether `value` conforms, stopping at the first problem.
    public func accepts(_ value: Value) -> Bool {
        var run = Run(definitions: definitions, collects: false)
        return run.check(value, root)
    }

    /// The violations of `document`, as positioned diagnostics with code ``BlueprintError/Code/schema``.
    public func diagnostics(for document: Document) -> [BlueprintDiagnostic] {
        violations(of: document.value).map { violation in
            BlueprintDiagnostic(
                code: .schema, message: violation.message, position: violation.position(in: document.sourceMap),
                path: violation.path)
        }
    }
}

// MARK: - Validation run

/// One validation pass: the path walked so far and what went wrong.
///
/// The path is a stack of components turned into a ``ValuePath`` only when a violation is recorded,
/// so valid documents allocate almost nothing. When `collects` is false the first failure ends the
/// walk: that mode serves `anyOf`/`oneOf`/`not`/`if`, which only need a yes or no.
private struct Run {
    let definitions: [SchemaNode]
    let collects: Bool
    var path: [ValuePath.Component] = []
    var violations: [SchemaViolation] = []

    init(definitions: [SchemaNode], collects: Bool) {
        self.definitions = definitions
        self.collects = collects
    }

    mutating func record(
        _ message: String, subject: SchemaViolation.Subject = .value, extra: ValuePath.Component? = nil,
        typeMismatch: Bool = false
    ) {
        guard collects else { return }
        var components = path
        if let extra { components.append(extra) }
        var violation = SchemaViolation(path: ValuePath(components), subject: subject, message: message)
        violation.isTypeMismatch = typeMismatch
        violations.append(violation)
    }

    /// Checks `value` against `node`; records violations when collecting. Returns whether it conforms.
    mutating func check(_ value: Value, _ node: SchemaNode) -> Bool {
        if let constant = node.constant {
            if !constant { record("no value is allowed here") }
            return constant
        }
        if let types = node.types, !Self.value(value, hasOneOf: types) {
            record("expected \(types.description), got \(value.typeName)", typeMismatch: true)
            return false
        }
        var valid = true
        let collects = self.collects
        // Each failed keyword clears `valid`; without collecting there is nothing more to learn.
        func keep(_ ok: Bool) -> Bool {
            if !ok { valid = false }
            return ok || collects
        }

        if let constValue = node.constValue, !Self.jsonEqual(value, constValue) {
            record("expected \(Self.literal(constValue)), got \(Self.literal(value))")
            guard keep(false) else { return false }
        }
        if let enumValues = node.enumValues, !enumValues.contains(where: { Self.jsonEqual(value, $0) }) {
            record("\(Self.literal(value)) is not one of \(enumValues.map(Self.literal).joined(separator: ", "))")
            guard keep(false) else { return false }
        }
        if let reference = node.reference {
            guard keep(check(value, definitions[reference])) else { return false }
        }

        switch value {
        case .object(let map): guard keep(checkObject(map, node)) else { return false }
        case .array(let array): guard keep(checkArray(array, node)) else { return false }
        case .string(let string): guard keep(checkString(string, node)) else { return false }
        case .int, .double: guard keep(checkNumber(value, node)) else { return false }
        case .null, .bool: break
        }

        for sub in node.allOf {
            guard keep(check(value, sub)) else { return false }
        }
        if !node.anyOf.isEmpty {
            guard keep(checkAlternatives(value, node.anyOf, exactlyOne: false)) else { return false }
        }
        if !node.oneOf.isEmpty {
            guard keep(checkAlternatives(value, node.oneOf, exactlyOne: true)) else { return false }
        }
        if let not = node.not, probe(value, not) {
            record("value matches a form that is not allowed here")
            guard keep(false) else { return false }
        }
        if let ifSchema = node.ifSchema {
            let branch = probe(value, ifSchema) ? node.thenSchema : node.elseSchema
            if let branch { guard keep(check(value, branch)) else { return false } }
        }
        return valid
    }

    /// Whether `value` conforms to `node`, without recording anything.
    func probe(_ value: Value, _ node: SchemaNode) -> Bool {
        var quiet = Run(definitions: definitions, collects: false)
        quiet.path = []
        return quiet.check(value, node)
    }

    mutating func checkObject(_ map: ValueMap, _ node: SchemaNode) -> Bool {
        var valid = true
        for name in node.required where map[name] == nil {
            record("missing required property \"\(name)\"", subject: .missingProperty(name))
            valid = false
            if !collects { return false }
        }
        if let minimum = node.minProperties, map.count < minimum {
            record("expected at least \(minimum) \(minimum == 1 ? "property" : "properties"), got \(map.count)")
            valid = false
            if !collects { return false }
        }
        if let maximum = node.maxProperties, map.count > maximum {
            record("expected at most \(maximum) \(maximum == 1 ? "property" : "properties"), got \(map.count)")
            valid = false
            if !collects { return false }
        }
        let checksMembers =
            !node.properties.isEmpty || !node.patternProperties.isEmpty || node.additionalProperties != nil
            || node.propertyNames != nil
        guard checksMembers else { return valid }
        for (key, member) in map {
            path.append(.key(key))
            defer { path.removeLast() }
            if let names = node.propertyNames, !probe(.string(key), names) {
                record("property name \"\(key)\" is not allowed", subject: .unexpectedProperty)
                valid = false
                if !collects { return false }
            }
            var matched = false
            if let schema = node.properties[key] {
                matched = true
                if !check(member, schema) {
                    valid = false
                    if !collects { return false }
                }
            }
            for (pattern, schema) in node.patternProperties where pattern.matches(key) {
                matched = true
                if !check(member, schema) {
                    valid = false
                    if !collects { return false }
                }
            }
            if !matched, let additional = node.additionalProperties {
                if additional.constant == false {
                    record(unexpectedMessage(key, node), subject: .unexpectedProperty)
                    valid = false
                    if !collects { return false }
                } else if !check(member, additional) {
                    valid = false
                    if !collects { return false }
                }
            }
        }
        return valid
    }

    /// `unknown property "phase"; expected one of: ...` naming the allowed keys, so a typo is easy to fix.
    func unexpectedMessage(_ key: String, _ node: SchemaNode) -> String {
        guard !node.properties.isEmpty else { return "unknown property \"\(key)\"" }
        return "unknown property \"\(key)\"; expected one of: \(node.properties.keys.sorted().joined(separator: ", "))"
    }

    mutating func checkArray(_ array: [Value], _ node: SchemaNode) -> Bool {
        var valid = true
        if let minimum = node.minItems, array.count < minimum {
            record("expected at least \(minimum) \(minimum == 1 ? "item" : "items"), got \(array.count)")
            valid = false
            if !collects { return false }
        }
        if let maximum = node.maxItems, array.count > maximum {
            record("expected at most \(maximum) \(maximum == 1 ? "item" : "items"), got \(array.count)")
            valid = false
            if !collects { return false }
        }
        if node.uniqueItems {
            outer: for index in array.indices {
                for earlier in array[..<index] where Self.jsonEqual(earlier, array[index]) {
                    path.append(.index(index))
                    record("duplicate item \(Self.literal(array[index]))")
                    path.removeLast()
                    valid = false
                    if !collects { return false }
                    continue outer
                }
            }
        }
        for (index, element) in array.enumerated() {
            let schema = index < node.prefixItems.count ? node.prefixItems[index] : node.items
            guard let schema else { continue }
            path.append(.index(index))
            let ok = check(element, schema)
            path.removeLast()
            if !ok {
                valid = false
                if !collects { return false }
            }
        }
        return valid
    }

    mutating func checkString(_ string: String, _ node: SchemaNode) -> Bool {
        var valid = true
        if node.minLength != nil || node.maxLength != nil {
            let length = string.unicodeScalars.count
            if let minimum = node.minLength, length < minimum {
                record(
                    minimum == 1
                        ? "expected a non-empty string"
                        : "expected at least \(minimum) characters, got \(length)")
                valid = false
                if !collects { return false }
            }
            if let maximum = node.maxLength, length > maximum {
                record("expected at most \(maximum) characters, got \(length)")
                valid = false
                if !collects { return false }
            }
        }
        if let pattern = node.pattern, !pattern.matches(string) {
            record("\(Self.literal(.string(string))) does not match the pattern \(pattern.source)")
            valid = false
        }
        return valid
    }

    mutating func checkNumber(_ value: Value, _ node: SchemaNode) -> Bool {
        guard let number = value.doubleValue else { return true }
        var problems: [String] = []
        if let minimum = node.minimum, number < minimum { problems.append("expected at least \(Self.number(minimum))") }
        if let maximum = node.maximum, number > maximum { problems.append("expected at most \(Self.number(maximum))") }
        if let bound = node.exclusiveMinimum, number <= bound {
            problems.append("expected more than \(Self.number(bound))")
        }
        if let bound = node.exclusiveMaximum, number >= bound {
            problems.append("expected less than \(Self.number(bound))")
        }
        if let divisor = node.multipleOf {
            let quotient = number / divisor
            if quotient.rounded() != quotient { problems.append("expected a multiple of \(Self.number(divisor))") }
        }
        for problem in problems { record("\(problem), got \(Self.literal(value))") }
        return problems.isEmpty
    }

    /// `anyOf` (at least one branch) or `oneOf` (exactly one branch).
    ///
    /// When no branch matches, the branch whose type fits is taken to be the one the author meant and
    /// its problems are reported; if several fit, one summary names what each of them lacks.
    mutating func checkAlternatives(_ value: Value, _ branches: [SchemaNode], exactlyOne: Bool) -> Bool {
        var matches = 0
        for branch in branches where probe(value, branch) { matches += 1 }
        if matches == 1 || (matches > 1 && !exactlyOne) { return true }
        if matches > 1 {
            record("value matches \(matches) of the allowed forms; expected exactly one")
            return false
        }
        guard collects else { return false }
        var candidates: [[SchemaViolation]] = []
        var expectedTypes: SchemaNode.TypeSet = []
        for branch in branches {
            var attempt = Run(definitions: definitions, collects: true)
            attempt.path = path
            _ = attempt.check(value, branch)
            let here = ValuePath(path)
            if let mismatch = attempt.violations.first(where: { $0.isTypeMismatch && $0.path == here }) {
                expectedTypes.formUnion(Self.types(in: mismatch, branch: branch))
            } else {
                candidates.append(attempt.violations)
            }
        }
        switch candidates.count {
        case 0:
            let expected = expectedTypes.isEmpty ? "a different value" : expectedTypes.description
            record("expected \(expected), got \(value.typeName)", typeMismatch: true)
        case 1:
            violations.append(contentsOf: candidates[0])
        default:
            let summaries = candidates.compactMap { $0.first?.message }
            record("value matches none of the allowed forms: \(summaries.joined(separator: "; or "))")
        }
        return false
    }

    // MARK: - Helpers

    static func types(in violation: SchemaViolation, branch: SchemaNode) -> SchemaNode.TypeSet {
        branch.types ?? []
    }

    static func value(_ value: Value, hasOneOf types: SchemaNode.TypeSet) -> Bool {
        switch value {
        case .null: return types.contains(.null)
        case .bool: return types.contains(.boolean)
        case .object: return types.contains(.object)
        case .array: return types.contains(.array)
        case .string: return types.contains(.string)
        case .int: return types.contains(.integer) || types.contains(.number)
        case .double(let double):
            return types.contains(.number)
                || (types.contains(.integer) && double.rounded() == double && double.isFinite)
        }
    }

    /// JSON equality: numbers compare by value (`1 == 1.0`), objects ignore key order.
    static func jsonEqual(_ lhs: Value, _ rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case (.int, .double), (.double, .int), (.double, .double):
            return lhs.doubleValue == rhs.doubleValue
        case (.array(let left), .array(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { jsonEqual($0, $1) }
        case (.object(let left), .object(let right)):
            return left.count == right.count
                && left.allSatisfy { key, value in right[key].map { jsonEqual(value, $0) } ?? false }
        default:
            return lhs == rhs
        }
    }

    /// A short JSON-like rendering of a value for messages.
    static func literal(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .bool(let bool): return "\(bool)"
        case .int(let int): return "\(int)"
        case .double(let double): return number(double)
        case .string(let string):
            let shown = string.count > 40 ? String(string.prefix(37)) + "..." : string
            return "\"\(shown.replacingAll("\n", with: "\\n"))\""
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    static func number(_ double: Double) -> String {
        double.rounded() == double && abs(double) < 1e15 ? "\(Int64(double))" : "\(double)"
    }
}
