extension FunctionTable {
    /// Sprig v2.22's `TxtFuncMap` plus the print/escape built-ins Go formats with `fmt`, and Coffer's extras.
    ///
    /// `env` and `expandenv` are registered but return "" so blueprints cannot read the engine's
    /// environment. Extras Kanister lacks (`get`, `fromJson`, `toRawJson`, `values`, `required`, `toYaml`,
    /// `mustToDate`, `durationRound`, `seq`) are listed in ``Sprig/extraNames``.
    public static let sprig = FunctionTable(
        Sprig.strings + Sprig.lists + Sprig.dicts + Sprig.numbers + Sprig.dates + Sprig.defaults
            + Sprig.encodings + Sprig.paths + Sprig.printing + Sprig.extras)
}

/// Sprig's shared conversions (`strval`, `empty`, spf13/cast's `ToInt64` ...) and its function lists by topic.
enum Sprig {
    /// Functions Coffer offers that Sprig v2.22 (Kanister) does not; a template using them fails to parse there.
    static let extraNames: Set<String> = [
        "get", "fromJson", "toRawJson", "values", "required", "toYaml", "mustToDate", "durationRound", "seq",
    ]

    /// Sprig's `strval`: strings and bytes as text, a time as `String()`, anything else as `%v`.
    static func stringValue(_ value: TemplateValue) -> String {
        switch value {
        case .string(let string): return string
        case .bytes(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .time(let time): return time.description
        default: return GoFormat.formatV(value)
        }
    }

    /// Sprig's `empty`: the zero value of its type; a struct (or time) is never empty.
    static func isEmpty(_ value: TemplateValue) -> Bool {
        switch value {
        case .nil_: return true
        case .bool(let bool): return !bool
        case .int(let int): return int == 0
        case .int64(let int): return int == 0
        case .float64(let double): return double == 0
        case .string(let string): return string.isEmpty
        case .bytes(let bytes): return bytes.isEmpty
        case .list(let list): return list.isEmpty
        case .map(let map): return map.isEmpty
        case .time, .structure, .function: return false
        }
    }

    /// spf13/cast's `ToInt64`: numbers truncated, base-10 strings parsed, booleans 0 or 1, anything else 0.
    static func toInt64(_ value: TemplateValue) -> Int64 {
        switch value {
        case .int(let int): return Int64(int)
        case .int64(let int): return int
        case .float64(let double): return goInt64(double)
        case .string(let string): return Int64(string) ?? 0
        case .bool(let bool): return bool ? 1 : 0
        default: return 0
        }
    }

    /// spf13/cast's `ToFloat64`: numbers widened, strings parsed as Go's `ParseFloat` would, else 0.
    static func toFloat64(_ value: TemplateValue) -> Double {
        switch value {
        case .int(let int): return Double(int)
        case .int64(let int): return Double(int)
        case .float64(let double): return double
        case .string(let string): return parseFloat(string) ?? 0
        case .bool(let bool): return bool ? 1 : 0
        default: return 0
        }
    }

    /// Go's `int64(f)` on amd64: truncation, and the most negative value when out of range or NaN.
    static func goInt64(_ double: Double) -> Int64 {
        guard double.isFinite, double > -9.223_372_036_854_775_808e18, double < 9.223_372_036_854_775_808e18 else {
            return Int64.min
        }
        return Int64(double)
    }

    /// `strconv.ParseFloat(s, 64)` for the forms Sprig meets: decimal, `inf`, `nan`; hex needs a `p` exponent.
    static func parseFloat(_ string: String) -> Double? {
        let lowered = string.lowercased()
        if lowered.contains("x") && !lowered.contains("p") { return nil }
        if lowered.contains("_") || lowered.hasPrefix("nan(") { return nil }
        return Double(string)
    }

    /// Go's `reflect.DeepEqual` on template values: types must match too (`int` 1 is not `int64` 1).
    static func deepEqual(_ lhs: TemplateValue, _ rhs: TemplateValue) -> Bool {
        switch (lhs, rhs) {
        case (.nil_, .nil_): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.int64(let a), .int64(let b)): return a == b
        case (.float64(let a), .float64(let b)): return a == b
        case (.string(let a), .string(let b)): return a.utf8.elementsEqual(b.utf8)
        case (.bytes(let a), .bytes(let b)): return a == b
        case (.time(let a), .time(let b)): return a == b
        case (.list(let a), .list(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { deepEqual($0, $1) }
        case (.map(let a), .map(let b)):
            return a.count == b.count && a.allSatisfy { key, value in b[key].map { deepEqual(value, $0) } ?? false }
        case (.structure(let a), .structure(let b)):
            return a.typeName == b.typeName && a.fields.count == b.fields.count
                && zip(a.fields, b.fields).allSatisfy { $0.name == $1.name && deepEqual($0.value, $1.value) }
        default: return false
        }
    }

    /// `reflect.Kind.String()` of a value; `invalid` for nil.
    static func kindName(_ value: TemplateValue) -> String {
        switch value {
        case .nil_: return "invalid"
        case .bool: return "bool"
        case .int: return "int"
        case .int64: return "int64"
        case .float64: return "float64"
        case .string: return "string"
        case .bytes, .list: return "slice"
        case .map: return "map"
        case .time, .structure: return "struct"
        case .function: return "func"
        }
    }

    /// The elements of a Go slice argument, or the error Sprig's reflection raises for anything else.
    static func elements(_ value: TemplateValue, _ message: String) throws(FunctionError) -> [TemplateValue] {
        switch value {
        case .list(let list): return list
        case .bytes(let bytes): return bytes.map { .int(Int($0)) }
        case .nil_: throw nilDereference
        default: throw FunctionError("\(message) \(kindName(value))")
        }
    }

    /// What `reflect.TypeOf(nil).Kind()` panics with, as text/template reports it.
    static let nilDereference = FunctionError("runtime error: invalid memory address or nil pointer dereference")

    // MARK: - Argument access

    // The executor converts arguments to the declared parameter types; these read them back.

    static func int(_ value: TemplateValue) -> Int {
        switch value {
        case .int(let int): return int
        case .int64(let int): return Int(int)
        case .float64(let double): return Int(goInt64(double))
        default: return 0
        }
    }

    static func string(_ value: TemplateValue) -> String {
        if case .string(let string) = value { return string }
        return stringValue(value)
    }

    static func bool(_ value: TemplateValue) -> Bool {
        if case .bool(let bool) = value { return bool }
        return false
    }

    static func map(_ value: TemplateValue) -> [String: TemplateValue] {
        if case .map(let map) = value { return map }
        return [:]
    }

    static func strings(_ strings: [String]) -> TemplateValue {
        .list(strings.map(TemplateValue.string))
    }

    /// A function whose body cannot fail.
    static func function(
        _ name: String, _ parameters: [TemplateFunction.Parameter], variadic: TemplateFunction.Parameter? = nil,
        _ body: @escaping @Sendable ([TemplateValue]) -> TemplateValue
    ) -> TemplateFunction {
        TemplateFunction(name, parameters, variadic: variadic) { arguments, _ in body(arguments) }
    }

    /// A function whose body may throw ``FunctionError``.
    static func throwing(
        _ name: String, _ parameters: [TemplateFunction.Parameter], variadic: TemplateFunction.Parameter? = nil,
        _ body: @escaping @Sendable ([TemplateValue]) throws -> TemplateValue
    ) -> TemplateFunction {
        TemplateFunction(name, parameters, variadic: variadic) { arguments, _ in try body(arguments) }
    }
}
