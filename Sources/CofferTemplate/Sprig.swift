extension FunctionTable {
    /// Sprig v2.22's `TxtFuncMap` plus the print/escape built-ins Go formats with `fmt`.
    ///
    /// PLACEHOLDER: owned by the Sprig/format work.
    public static let sprig = FunctionTable([])
}
