public import CofferCore

/// A value as Go's `text/template` sees it: Go's dynamic types, kept distinct where Go's behaviour differs.
///
/// Go tells `int` (template literals) from `int64` (whole numbers in data, as Kubernetes' unstructured
/// objects and Kanister hold them), and `[]byte` (Secret data) from `string`; functions declared with
/// typed parameters reject the wrong one, and printing differs. Keeping the same distinctions is what
/// makes rendering byte-for-byte compatible with Kanister.
public indirect enum TemplateValue: Sendable {
    /// Go's untyped `nil` (a nil interface); printed as `<no value>` by a pipeline, `<nil>` by fmt.
    case nil_
    case bool(Bool)
    /// Go `int`: integer literals in a template and results of functions returning `int`.
    case int(Int)
    /// Go `int64`: whole numbers from data.
    case int64(Int64)
    case float64(Double)
    case string(String)
    /// Go `[]byte`, as in `.Secrets.x.Data.key`.
    case bytes([UInt8])
    case time(GoTime)
    /// Go `[]interface{}` (or any other slice).
    case list([TemplateValue])
    /// Go `map[string]interface{}`: ranged and printed in sorted key order; a missing key is an error.
    case map([String: TemplateValue])
    /// A Go struct such as `.StatefulSet`: fields in declaration order; a missing field is an error.
    case structure(TemplateStruct)
    /// A Go func value, for the `call` built-in.
    case function(TemplateFunction)
}

/// A Go struct value: a type name (for error messages) and ordered fields.
public struct TemplateStruct: Sendable {
    public var typeName: String
    public var fields: [(name: String, value: TemplateValue)]
    /// Go `json:"..."` struct tags by field name (`"bucket,omitempty"`, `"-"`), for `toJson`; untagged fields keep their names.
    public var jsonTags: [String: String]

    public init(typeName: String, fields: [(name: String, value: TemplateValue)], jsonTags: [String: String] = [:]) {
        self.typeName = typeName
        self.fields = fields
        self.jsonTags = jsonTags
    }

    /// The field named `name`, or `nil` when the struct has none.
    public subscript(name: String) -> TemplateValue? {
        fields.first { $0.name == name }?.value
    }
}

/// An instant with the zone it is shown in, like Go's `time.Time`.
public struct GoTime: Sendable, Hashable {
    /// Whole seconds since 1970-01-01T00:00:00Z; negative before.
    public var seconds: Int64
    /// Nanoseconds within the second, 0..<1_000_000_000.
    public var nanoseconds: Int32
    /// The zone's name as Go prints it (`UTC`, `CET`, `` for a numeric-only zone from parsing).
    public var zoneName: String
    /// Seconds east of UTC.
    public var zoneOffset: Int32

    public init(seconds: Int64, nanoseconds: Int32 = 0, zoneName: String = "UTC", zoneOffset: Int32 = 0) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
        self.zoneName = zoneName
        self.zoneOffset = zoneOffset
    }

    /// Go's zero time, 0001-01-01 00:00:00 UTC, which `toDate` returns for unparsable input.
    public static let zero = GoTime(seconds: -62_135_596_800)
}

extension TemplateValue {
    /// The template view of a document value: whole numbers become `int64`, objects `map`.
    public init(_ value: Value) {
        switch value {
        case .null: self = .nil_
        case .bool(let bool): self = .bool(bool)
        case .int(let int): self = .int64(int)
        case .double(let double): self = .float64(double)
        case .string(let string): self = .string(string)
        case .array(let array): self = .list(array.map(TemplateValue.init))
        case .object(let object):
            var map: [String: TemplateValue] = [:]
            map.reserveCapacity(object.count)
            for (key, member) in object { map[key] = TemplateValue(member) }
            self = .map(map)
        }
    }

    /// Go's name of the value's type, as it appears in Go's error messages (`int64`, `map[string]interface {}`).
    public var goTypeName: String {
        switch self {
        case .nil_: return "<nil>"
        case .bool: return "bool"
        case .int: return "int"
        case .int64: return "int64"
        case .float64: return "float64"
        case .string: return "string"
        case .bytes: return "[]uint8"
        case .time: return "time.Time"
        case .list: return "[]interface {}"
        case .map: return "map[string]interface {}"
        case .structure(let structure): return structure.typeName
        case .function: return "func"
        }
    }
}
