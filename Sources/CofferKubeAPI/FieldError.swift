public import CofferCore

/// One invalid field, as Kubernetes' `field.Error` reports it.
///
/// ``description`` is the text kube-apiserver puts in a 422's message (`spec.x: Required value`),
/// ``cause`` the entry it lists under `details.causes`.
public struct FieldError: Hashable, Sendable, CustomStringConvertible {
    /// The machine-readable kind of problem; its raw value is the cause's `reason`.
    public struct ErrorType: Hashable, Sendable, CustomStringConvertible {
        /// The `CauseType` string: `FieldValueInvalid`.
        public var rawValue: String
        /// A type from its `CauseType` string.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The `FieldValueNotFound` cause type.
        public static let notFound = ErrorType(rawValue: "FieldValueNotFound")
        /// The `FieldValueRequired` cause type.
        public static let required = ErrorType(rawValue: "FieldValueRequired")
        /// The `FieldValueDuplicate` cause type.
        public static let duplicate = ErrorType(rawValue: "FieldValueDuplicate")
        /// The `FieldValueInvalid` cause type.
        public static let invalid = ErrorType(rawValue: "FieldValueInvalid")
        /// The `FieldValueNotSupported` cause type.
        public static let notSupported = ErrorType(rawValue: "FieldValueNotSupported")
        /// The `FieldValueForbidden` cause type.
        public static let forbidden = ErrorType(rawValue: "FieldValueForbidden")
        /// The `FieldValueTooLong` cause type.
        public static let tooLong = ErrorType(rawValue: "FieldValueTooLong")
        /// The `FieldValueTooMany` cause type.
        public static let tooMany = ErrorType(rawValue: "FieldValueTooMany")
        /// The `FieldValueTooFew` cause type.
        public static let tooFew = ErrorType(rawValue: "FieldValueTooFew")
        /// The `FieldValueTooShort` cause type.
        public static let tooShort = ErrorType(rawValue: "FieldValueTooShort")
        /// The `InternalError` cause type.
        public static let internalError = ErrorType(rawValue: "InternalError")
        /// The `FieldValueTypeInvalid` cause type.
        public static let typeInvalid = ErrorType(rawValue: "FieldValueTypeInvalid")

        /// The words Kubernetes prints for the type: `Required value`, `Unsupported value`, ...
        public var description: String {
            switch self {
            case .notFound: return "Not found"
            case .required: return "Required value"
            case .duplicate: return "Duplicate value"
            case .invalid, .typeInvalid: return "Invalid value"
            case .notSupported: return "Unsupported value"
            case .forbidden: return "Forbidden"
            case .tooLong: return "Too long"
            case .tooMany: return "Too many"
            case .tooFew: return "Too few"
            case .tooShort: return "Too short"
            case .internalError: return "Internal error"
            default: return "<unknown error \(GoFormat.quote(rawValue))>"
            }
        }

        /// Whether the message shows the bad value.
        var showsValue: Bool {
            ![.required, .forbidden, .tooLong, .tooShort, .internalError].contains(self)
        }
    }

    /// The field path as Kubernetes prints it: `spec.containers[0].name`, `metadata.labels[app]`.
    public var field: String
    /// What is wrong with the field.
    public var type: ErrorType
    /// The offending value; `nil` leaves it out of the message.
    public var badValue: Value?
    /// Why, in words; may be empty.
    public var detail: String

    /// An error from its parts; the static constructors fill them as Kubernetes does.
    public init(field: String, type: ErrorType, badValue: Value? = nil, detail: String = "") {
        self.field = field
        self.type = type
        self.badValue = badValue
        self.detail = detail
    }

    /// `field: body`, as `field.Error.Error()`.
    public var description: String { "\(field): \(body)" }

    /// The message without the field, as `field.Error.ErrorBody()`.
    public var body: String {
        var text = type.description
        if type.showsValue, let badValue { text += ": " + Self.render(badValue) }
        if !detail.isEmpty { text += ": " + detail }
        return text
    }

    /// The entry under a Status's `details.causes`.
    public var cause: KubeStatus.Cause {
        KubeStatus.Cause(reason: type.rawValue, message: body, field: field)
    }

    /// A bad value as `ErrorBody` prints it: `%v` for numbers and Booleans, `%q` for strings, JSON otherwise.
    static func render(_ value: Value) -> String {
        switch value {
        case .int, .bool: return GoFormat.plain(value)
        case .double(let double): return GoFormat.float(double)
        case .string(let string): return GoFormat.quote(string)
        case .null, .array, .object: return value.jsonString()
        }
    }
}

// MARK: - Constructors

extension FieldError {
    /// `field: Required value[: detail]`.
    public static func required(_ field: String, detail: String = "") -> FieldError {
        FieldError(field: field, type: .required, badValue: "", detail: detail)
    }

    /// `field: Invalid value: <value>: detail`.
    public static func invalid(_ field: String, value: Value, detail: String) -> FieldError {
        FieldError(field: field, type: .invalid, badValue: value, detail: detail)
    }

    /// A value of the wrong JSON type; printed like ``invalid(_:value:detail:)``.
    public static func typeInvalid(_ field: String, value: Value, detail: String) -> FieldError {
        FieldError(field: field, type: .typeInvalid, badValue: value, detail: detail)
    }

    /// `field: Unsupported value: "x": supported values: "a", "b"`.
    public static func notSupported(_ field: String, value: Value, supported: [String]) -> FieldError {
        let detail =
            supported.isEmpty
            ? "" : "supported values: " + supported.map(GoFormat.quote).joined(separator: ", ")
        return FieldError(field: field, type: .notSupported, badValue: value, detail: detail)
    }

    /// `field: Forbidden: detail`.
    public static func forbidden(_ field: String, detail: String) -> FieldError {
        FieldError(field: field, type: .forbidden, badValue: "", detail: detail)
    }

    /// `field: Too long: may not be more than N bytes`.
    public static func tooLong(_ field: String, maxLength: Int) -> FieldError {
        let detail =
            maxLength >= 0
            ? "may not be more than \(maxLength) \(maxLength == 1 ? "byte" : "bytes")" : "value is too long"
        return FieldError(field: field, type: .tooLong, badValue: "<value omitted>", detail: detail)
    }

    /// `field: Too many: <actual>: must have at most N items`.
    public static func tooMany(_ field: String, actual: Int, max: Int) -> FieldError {
        let detail = max >= 0 ? "must have at most \(max) \(max == 1 ? "item" : "items")" : "has too many items"
        return FieldError(
            field: field, type: .tooMany, badValue: actual >= 0 ? .int(Int64(actual)) : nil, detail: detail)
    }

    /// `field: Duplicate value: <value>`.
    public static func duplicate(_ field: String, value: Value) -> FieldError {
        FieldError(field: field, type: .duplicate, badValue: value)
    }

    /// `field: Not found: <value>`.
    public static func notFound(_ field: String, value: Value) -> FieldError {
        FieldError(field: field, type: .notFound, badValue: value)
    }
}

// MARK: - Lists

extension Array where Element == FieldError {
    /// The list as `ErrorList.ToAggregate().Error()`: duplicates dropped, one message bare, several in `[a, b]`.
    public var aggregateDescription: String? {
        var seen = Set<String>()
        var messages: [String] = []
        for error in self where seen.insert(error.description).inserted { messages.append(error.description) }
        switch messages.count {
        case 0: return nil
        case 1: return messages[0]
        default: return "[" + messages.joined(separator: ", ") + "]"
        }
    }
}
