/// The functions a template may call, by name.
///
/// Go resolves function names when it parses, so a table is given to the parser, not the executor.
public struct FunctionTable: Sendable {
    public private(set) var functions: [String: TemplateFunction]

    public init(_ functions: [TemplateFunction] = []) {
        var table: [String: TemplateFunction] = [:]
        for function in functions { table[function.name] = function }
        self.functions = table
    }

    public subscript(name: String) -> TemplateFunction? { functions[name] }

    /// This table with `other`'s functions added; `other` wins on a name both have.
    public func merging(_ other: FunctionTable) -> FunctionTable {
        var result = self
        result.functions.merge(other.functions) { _, new in new }
        return result
    }

    /// The names, sorted, for messages that list what exists.
    public var names: [String] { functions.keys.sorted() }

    /// What Kanister offers: Go's built-ins and Sprig's `TxtFuncMap`, with `env` and `expandenv` disabled.
    public static let standard = goBuiltins.merging(sprig)
}
