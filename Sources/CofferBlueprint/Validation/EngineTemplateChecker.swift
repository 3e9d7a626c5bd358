public import CofferCore
public import CofferTemplate

/// The ``TemplateChecking`` that parses with Coffer's Go-template engine and Kanister's function set.
public struct EngineTemplateChecker: TemplateChecking {
    public var functions: FunctionTable

    public init(functions: FunctionTable = .standard) {
        self.functions = functions
    }

    public func check(_ template: String, at position: SourcePosition) -> TemplateCheckResult {
        do {
            let parsed = try Template.parse(template, name: "arg", functions: functions)
            let references = parsed.fieldReferences.map { reference in
                TemplateReference(
                    reference.path, position: position.offset(toLine: reference.line, column: reference.column))
            }
            return TemplateCheckResult(references: references)
        } catch {
            let problem = TemplateProblem(
                message: "template: \(error.message)",
                position: position.offset(toLine: error.line, column: error.column))
            return TemplateCheckResult(problems: [problem])
        }
    }
}

extension SourcePosition {
    /// The file position of `line`:`column` inside a scalar whose text starts here.
    ///
    /// Exact on the scalar's first line; later lines keep the template's own column, since the
    /// scalar's indentation is not known here.
    func offset(toLine line: Int, column: Int) -> SourcePosition {
        guard line > 1 else { return SourcePosition(file: file, line: self.line, column: self.column + column - 1) }
        return SourcePosition(file: file, line: self.line + line - 1, column: column)
    }
}
