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

    /// Kanister's evaluation: `{$.path}` is replaced from the object, then the result is rendered as a
    /// template with no data (missing keys print `<no value>`); the condition holds when it prints `true`.
    func run(_ context: PhaseContext) async throws -> [String: Value] {
        let (templates, functionContext) = (context.templates, context.functionContext)
        try await conditions.wait(context, timeout: timeout) { condition, object in
            guard let object else { return false }
            guard let resolved = ConditionPath.resolve(condition.condition, in: object) else {
                throw BlueprintError(
                    .functionFailed, "a {$...} path in \"\(condition.condition)\" is not in the object")
            }
            let rendered = try templates.template(for: resolved, name: "condition")
                .render(.nil_, context: functionContext, missingKey: .noValue)
            return rendered.trimmingWhitespace() == "true"
        }
        return [:]
    }
}
