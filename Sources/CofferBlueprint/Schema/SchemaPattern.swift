/// A compiled `pattern` / `patternProperties` regular expression.
///
/// Uses the standard library's `Regex`, compiled once with the schema. JSON Schema patterns are
/// ECMA-262 and unanchored; the subset our schemas use (anchors, classes, groups, alternation,
/// `?*+{n}`, `\s`, `\.`) means the same in Swift's syntax. Matching costs a few microseconds, and
/// only annotation keys and a handful of strings are matched per document.
struct SchemaPattern: @unchecked Sendable {
    // @unchecked: the Regex is created in `init` and only read afterwards.
    let source: String
    private let regex: Regex<AnyRegexOutput>

    init(_ source: String) throws {
        self.source = source
        self.regex = try Regex(source)
    }

    /// Whether the pattern matches anywhere in `text` (JSON Schema semantics: not implicitly anchored).
    func matches(_ text: String) -> Bool {
        (try? regex.firstMatch(in: text)) != nil
    }
}
