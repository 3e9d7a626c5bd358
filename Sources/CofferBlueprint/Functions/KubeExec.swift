/// Runs a command in a container of an existing pod, like `kubectl exec`.
struct KubeExec: BlueprintFunction {
    static let name = "KubeExec"
    static let executable = true

    enum Key {
        static let namespace = "namespace"
        static let pod = "pod"
        static let command = "command"
        static let container = "container"
    }

    static let arguments: [ArgumentSpec] = [
        .init(Key.namespace, .required),
        .init(Key.pod, .required),
        .init(Key.command, .required),
        .init(Key.container, .optional),
    ]
}
