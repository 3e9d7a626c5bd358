/// Waits until conditions on objects hold (deprecated in Kanister; see `WaitV2`).
struct Wait: BlueprintFunction {
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
}
