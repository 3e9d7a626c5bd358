import CofferBlueprint
import CofferCore

/// Stands in for CofferTemplate: finds `{{ ... }}` actions and the `.A.B.C` field chains in them.
///
/// An action left open (`{{` without `}}`) is a syntax error at the template's start; that is all the
/// syntax it knows, which is all the validator's tests need.
struct FakeTemplateChecker: TemplateChecking {
    func check(_ template: String, in layout: ScalarTextLayout) -> TemplateCheckResult {
        var result = TemplateCheckResult()
        var rest = template[...]
        while let open = rest.firstRange(of: "{{") {
            guard let close = rest[open.upperBound...].firstRange(of: "}}") else {
                result.problems.append(TemplateProblem(message: "unclosed action", position: layout.start))
                break
            }
            let action = rest[open.upperBound..<close.lowerBound]
            for token in action.split(whereSeparator: { " ()|\t\n".contains($0) }) where token.hasPrefix(".") {
                let fields = token.dropFirst().split(separator: ".").map(String.init)
                if !fields.isEmpty { result.references.append(TemplateReference(fields)) }
            }
            rest = rest[close.upperBound...]
        }
        return result
    }
}
