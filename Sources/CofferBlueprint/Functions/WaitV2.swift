import CofferCore
import CofferTemplate

/// Waits until Go-template conditions on objects hold.
struct WaitV2: ExecutableFunction {
    static let name = "WaitV2"
    static let executable = true
    static let rendersOwnArguments = true

    enum Key {
        static let timeout = "timeout"
        static let conditions = "conditions"
        /// Inside each `conditions.anyOf[]`/`allOf[]` entry: the go-template evaluated against the object.
        static let condition = "condition"
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

    /// Each condition is a go-template evaluated against its object as kubectl's go-template printer
    /// does (missing keys print `<no value>`); it holds when the output is `true`. A missing object holds nothing.
    func run(_ context: PhaseContext) async throws -> [String: Value] {
        let (templates, functionContext) = (context.templates, context.functionContext)
        try await conditions.wait(context, timeout: timeout) { condition, object in
            guard let object else { return false }
            let rendered = try templates.template(for: condition.condition, name: "condition")
                .render(TemplateValue(object), context: functionContext, missingKey: .noValue)
            return rendered.trimmingWhitespace() == "true"
        }
        return [:]
    }
}
