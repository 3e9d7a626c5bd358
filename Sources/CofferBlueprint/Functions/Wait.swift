import CofferCore
import CofferTemplate

/// Waits until conditions on objects hold (deprecated in Kanister; see `WaitV2`).
struct Wait: ExecutableFunction {
    static let name = "Wait"
    static let executable = true
    static let rendersOwnArguments = true

    enum Key {
        static let timeout = "timeout"
        static let conditions = "conditions"
    }

    static let arguments: [ArgumentSpec] = [
        .init(Key.timeout, .required),
        .init(Key.conditions, .required),
    ]

    let timeout: Duration
    let conditions: WaitConditions
    var ownTimeout: Duration? { timeout }

    init(_ args: ArgumentValues) throws(BlueprintError) {
        timeout = try args.duration(Key.timeout)
        conditions = try WaitConditions(args, key: Key.conditions)
    }

    /// Kanister's evaluation: `{$.path}` is replaced from the object, the result rendered as a template
    /// with the run's parameters (missing keys print `<no value>`), and the condition holds when it is `true`.
    func run(_ context: PhaseContext) async throws -> [String: Value] {
        let data = context.parameters.templateValue
        let (templates, functionContext) = (context.templates, context.functionContext)
        try await conditions.wait(context, timeout: timeout) { condition, object in
            guard let object, let resolved = ConditionPath.resolve(condition.condition, in: object) else {
                return false
            }
            let rendered = try templates.template(for: resolved, name: "condition")
                .render(data, context: functionContext, missingKey: .noValue)
            return rendered.trimmingWhitespace() == "true"
        }
        return [:]
    }
}
