import Synchronization

/// Parsed templates by their text, so a blueprint's templates are parsed once however often they render.
///
/// A run renders every argument of every phase, and validation has already parsed the same strings;
/// keeping the parse lets rendering cost only the execution.
public final class TemplateCache: Sendable {
    private let functions: FunctionTable
    private let parsed = Mutex<[String: Template]>([:])

    /// A cache whose templates may call `functions`.
    public init(functions: FunctionTable = .standard) {
        self.functions = functions
    }

    /// The parsed template for `text`, parsing it on first use.
    ///
    /// - Throws: ``TemplateError`` when `text` does not parse (not cached, so the error stays precise).
    public func template(for text: String, name: String = "arg") throws(TemplateError) -> Template {
        if let template = parsed.withLock({ $0[text] }) { return template }
        let template = try Template.parse(text, name: name, functions: functions)
        parsed.withLock { $0[text] = template }
        return template
    }

    /// How many distinct templates are cached.
    public var count: Int { parsed.withLock { $0.count } }
}
