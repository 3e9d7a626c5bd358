public import CofferCore

/// A phase's rendered arguments, read with types and errors that name the function and key.
public struct ArgumentValues: Sendable {
    /// The function the arguments are for, for error messages.
    public var function: String
    /// The rendered arguments.
    public var values: ValueMap

    /// Arguments `values` for `function`.
    public init(function: String, _ values: ValueMap) {
        self.function = function
        self.values = values
    }

    /// The raw value, or `nil` when the key is absent or null.
    public func value(_ key: String) -> Value? {
        guard let value = values[key], !value.isNull else { return nil }
        return value
    }

    /// A required string (see ``optionalString(_:)``).
    public func string(_ key: String) throws(BlueprintError) -> String {
        guard let value = try optionalString(key) else { throw missing(key) }
        return value
    }

    /// A string; numbers and Booleans are accepted as their text, as rendered templates are strings anyway.
    public func optionalString(_ key: String) throws(BlueprintError) -> String? {
        switch value(key) {
        case nil: return nil
        case .string(let text)?: return text
        case .int(let int)?: return String(int)
        case .bool(let bool)?: return String(bool)
        case let other?: throw wrongType(key, "string", other)
        }
    }

    /// An optional string; empty counts as not given.
    public func string(_ key: String, default fallback: String) throws(BlueprintError) -> String {
        try optionalString(key).flatMap { $0.isEmpty ? nil : $0 } ?? fallback
    }

    /// An integer, or a string holding one (templates render to strings).
    public func int(_ key: String) throws(BlueprintError) -> Int {
        guard let value = value(key) else { throw missing(key) }
        if let int = value.intValue { return Int(int) }
        if let text = value.stringValue, let int = Int(text.trimmingWhitespace()) { return int }
        throw wrongType(key, "integer", value)
    }

    /// A Boolean, or a string `true`/`false`.
    public func bool(_ key: String, default fallback: Bool) throws(BlueprintError) -> Bool {
        guard let value = value(key) else { return fallback }
        if let bool = value.boolValue { return bool }
        switch value.stringValue?.trimmingWhitespace().lowercased() {
        case "true"?: return true
        case "false"?: return false
        case ""?: return fallback
        default: throw wrongType(key, "boolean", value)
        }
    }

    /// A list of strings (Kanister's `command`).
    public func stringList(_ key: String) throws(BlueprintError) -> [String] {
        guard let value = value(key) else { throw missing(key) }
        guard let array = value.arrayValue else { throw wrongType(key, "array of strings", value) }
        var strings: [String] = []
        for element in array {
            switch element {
            case .string(let text): strings.append(text)
            case .int(let int): strings.append(String(int))
            case .bool(let bool): strings.append(String(bool))
            default: throw wrongType(key, "array of strings", value)
            }
        }
        return strings
    }

    /// A space-separated list given as one string (KubeExecAll's `pods`), or an array.
    public func words(_ key: String) throws(BlueprintError) -> [String] {
        if case .array? = value(key) { return try stringList(key) }
        return try string(key).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
    }

    /// A map, or `nil` when not given.
    public func object(_ key: String) throws(BlueprintError) -> ValueMap? {
        guard let value = value(key) else { return nil }
        guard let object = value.objectValue else { throw wrongType(key, "object", value) }
        return object
    }

    /// A map of strings (`podLabels`).
    public func stringMap(_ key: String) throws(BlueprintError) -> [String: String] {
        guard let object = try object(key) else { return [:] }
        var map: [String: String] = [:]
        for (name, member) in object {
            guard let text = member.stringValue else { throw wrongType(key, "map of strings", .object(object)) }
            map[name] = text
        }
        return map
    }

    /// A Go duration (`"5m"`, `"30s"`).
    public func duration(_ key: String) throws(BlueprintError) -> Duration {
        let text = try string(key)
        guard let duration = GoDuration.parse(text.trimmingWhitespace()) else {
            throw BlueprintError(
                .invalidArgument,
                "argument \"\(key)\" of \(function): expected a duration such as \"5m\", got \"\(text)\"")
        }
        return duration
    }

    func missing(_ key: String) -> BlueprintError {
        BlueprintError(.missingArgument, "missing required argument \"\(key)\" for \(function)")
    }

    func wrongType(_ key: String, _ expected: String, _ value: Value) -> BlueprintError {
        BlueprintError(
            .invalidArgument, "argument \"\(key)\" of \(function): expected \(expected), got \(value.typeName)")
    }

    /// An error about the value of `key`.
    public func invalid(_ key: String, _ problem: String) -> BlueprintError {
        BlueprintError(.invalidArgument, "argument \"\(key)\" of \(function): \(problem)")
    }
}
