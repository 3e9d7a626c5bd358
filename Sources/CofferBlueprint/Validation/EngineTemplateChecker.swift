public import CofferCore
public import CofferTemplate

/// The ``TemplateChecking`` that parses with Coffer's Go-template engine and Kanister's function set.
public struct EngineTemplateChecker: TemplateChecking {
    public var functions: FunctionTable

    public init(functions: FunctionTable = .standard) {
        self.functions = functions
    }

    public func check(_ template: String, in layout: ScalarTextLayout) -> TemplateCheckResult {
        do {
            let parsed = try Template.parse(template, name: "arg", functions: functions)
            let references = parsed.fieldReferences.map { reference in
                TemplateReference(
                    reference.path, position: layout.position(line: reference.line, column: reference.column))
            }
            return TemplateCheckResult(references: references)
        } catch {
            let problem = TemplateProblem(
                message: "template: \(error.fileMessage(in: layout))",
                position: layout.position(line: error.line, column: error.column))
            return TemplateCheckResult(problems: [problem])
        }
    }
}
