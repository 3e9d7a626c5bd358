/// A parsed Go `text/template`, ready to render with data, as Kanister renders blueprint arguments.
///
/// Parsing resolves function names against a ``FunctionTable`` (Go's built-ins are always there) and
/// fails like Go does; rendering follows Go's execution rules with `missingkey=error`. Methods on
/// values (`.Time.Year`) are not supported: data has fields and map keys only.
public struct Template: Sendable {
    private let program: TemplateProgram
    private let plainText: Bool

    /// Parses template text.
    ///
    /// - Parameters:
    ///   - text: The template source.
    ///   - name: The name errors carry (`template: NAME:1:3: ...`).
    ///   - functions: The functions the template may call, in addition to Go's built-ins.
    /// - Throws: ``TemplateError`` with code ``TemplateError/Code/syntax`` for malformed text.
    public static func parse(
        _ text: String, name: String = "template", functions: FunctionTable = .standard
    ) throws(TemplateError) -> Template {
        let hasActions =
            text.utf8.withContiguousStorageIfAvailable(containsLeftDelimiter)
            ?? Array(text.utf8).withUnsafeBufferPointer(containsLeftDelimiter)
        guard hasActions else {
            let program = TemplateProgram(name: name, text: text, root: [], definitions: [:])
            return Template(program: program, plainText: true)
        }
        var parser = TemplateParser(bytes: Array(text.utf8), name: name, functions: functions)
        let root: [TemplateNode]
        do {
            root = try parser.parse()
        } catch {
            throw error.error
        }
        let program = TemplateProgram(name: name, text: text, root: root, definitions: parser.definitions)
        return Template(program: program, plainText: false)
    }

    private init(program: TemplateProgram, plainText: Bool) {
        self.program = program
        self.plainText = plainText
    }

    private static func containsLeftDelimiter(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "{") && bytes[index + 1] == UInt8(ascii: "{") { return true }
            index += 1
        }
        return false
    }

    /// The name given to ``parse(_:name:functions:)``.
    public var name: String { program.name }

    /// Whether the text has no actions or comments at all, so ``render(_:context:)`` returns it unchanged.
    public var isPlainText: Bool { plainText }

    /// Renders the template with `data` as dot and `$`.
    ///
    /// - Parameters:
    ///   - data: The value the template's fields are looked up in.
    ///   - context: The clock and local zone functions such as `now` use.
    /// - Returns: The rendered text.
    /// - Throws: ``TemplateError``: ``TemplateError/Code/missingKey`` for a missing map key or field,
    ///   ``TemplateError/Code/function`` when a function fails, ``TemplateError/Code/execution`` otherwise.
    public func render(
        _ data: TemplateValue, context: FunctionContext = FunctionContext()
    ) throws(TemplateError) -> String {
        try render(data, context: context, missingKey: .error)
    }

    /// What a template does when a map has no entry for a key it reads.
    public enum MissingKey: Sendable {
        /// `missingkey=error`, as Kanister renders blueprint arguments.
        case error
        /// Go's default: the value is missing and prints as `<no value>`, as kubectl's go-template printer does.
        case noValue
    }

    /// Renders the template with `data` as dot and `$`, treating missing map keys as `missingKey` says.
    ///
    /// - Throws: ``TemplateError``, as ``render(_:context:)`` does.
    public func render(
        _ data: TemplateValue, context: FunctionContext, missingKey: MissingKey
    ) throws(TemplateError) -> String {
        if plainText { return program.text }
        var execution = TemplateExecution(
            program: program, context: context, missingKeyIsError: missingKey == .error)
        do {
            try execution.run(data)
        } catch {
            throw error.error
        }
        return execution.output
    }

    /// The field chains read from the top-level data, in template order.
    ///
    /// Lists `.X.Y` where dot is still the data (not inside `range` or `with` bodies) and `$.X.Y`
    /// anywhere; `index <chain> "a" "b"` adds its string keys to the chain. `{{define}}` and
    /// `{{block}}` bodies are skipped, since what they receive is known only when they run.
    public var fieldReferences: [FieldReference] {
        var collector = FieldReferenceCollector(text: program.text)
        collector.visit(program.root, dotIsData: true)
        return collector.references
    }
}

/// A chain of fields read from a template's top-level data, such as `.Phases.backup.Output`.
public struct FieldReference: Sendable, Hashable {
    /// The field names and string `index` keys, in order: `["Phases", "backup", "Output"]`.
    public var path: [String]
    /// The line where the chain starts in the template text, 1-based.
    public var line: Int
    /// The column where the chain starts, 1-based, in characters.
    public var column: Int
    /// Which elements of ``path`` are list positions (`index .list 0` adds `"0"` to the path), so a
    /// caller building sample data knows to put a list there rather than a map.
    public var listIndices: Set<Int>

    /// A reference to `path`, starting at `line` and `column` of the template text.
    public init(path: [String], line: Int, column: Int, listIndices: Set<Int> = []) {
        self.path = path
        self.line = line
        self.column = column
        self.listIndices = listIndices
    }
}
