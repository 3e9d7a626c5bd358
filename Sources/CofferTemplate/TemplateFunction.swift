/// A function callable from a template: a Go built-in, a Sprig function, or one supplied by the caller.
///
/// Parameters are typed the way the Go function declares them, because Go's `text/template` checks
/// arguments against those types: an `int` parameter takes the literal `3` but refuses an `int64`
/// from data (`wrong type for value; expected int; got int64`), an untyped literal is converted to a
/// `float64` parameter, and an `any` parameter takes everything as it is. The executor does that
/// checking and converting; `body` receives arguments already of the declared types.
public struct TemplateFunction: Sendable {
    /// A Go parameter type.
    public enum Parameter: Sendable, Hashable {
        /// `interface{}`: any value, unchanged.
        case any
        case bool
        case int
        case int64
        case float64
        case string
        /// `[]interface{}`.
        case list
        /// `map[string]interface{}`.
        case map
        case time
    }

    public var name: String
    public var parameters: [Parameter]
    /// The element type of a trailing `...` parameter, or `nil` when the function is not variadic.
    public var variadic: Parameter?
    /// The function's work. A thrown error becomes Go's `error calling <name>: <message>`.
    public var body: @Sendable (_ arguments: [TemplateValue], _ context: FunctionContext) throws -> TemplateValue

    public init(
        _ name: String, _ parameters: [Parameter], variadic: Parameter? = nil,
        body: @escaping @Sendable (_ arguments: [TemplateValue], _ context: FunctionContext) throws -> TemplateValue
    ) {
        self.name = name
        self.parameters = parameters
        self.variadic = variadic
        self.body = body
    }
}

/// What a function may need beyond its arguments: the clock and the zone Go would call `Local`.
///
/// Injected so renders are reproducible (`--time`, tests) and never depend on the machine's zone:
/// Kanister runs in containers whose local zone is UTC.
public struct FunctionContext: Sendable {
    /// The current time, for `now`, and for `date` given a value that is not a time.
    public var now: @Sendable () -> GoTime
    /// The zone used as Go's `Local`; UTC by default.
    public var localZoneName: String
    public var localZoneOffset: Int32

    public init(
        now: @escaping @Sendable () -> GoTime = { GoTime.currentUTC() },
        localZoneName: String = "UTC", localZoneOffset: Int32 = 0
    ) {
        self.now = now
        self.localZoneName = localZoneName
        self.localZoneOffset = localZoneOffset
    }
}

/// A failure inside a template function; the executor adds the function's name and the position.
public struct FunctionError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
