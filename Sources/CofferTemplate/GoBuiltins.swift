extension FunctionTable {
    /// Go `text/template`'s predefined functions (and, or, not, len, index, slice, eq, ...).
    ///
    /// PLACEHOLDER: owned by the template-engine work.
    public static let goBuiltins = FunctionTable([])
}
