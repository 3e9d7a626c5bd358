/// Waits until Go-template conditions on objects hold.
struct WaitV2: BlueprintFunction {
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
}
