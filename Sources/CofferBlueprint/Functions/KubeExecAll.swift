/// Runs a command in every listed container of every listed pod, in parallel.
struct KubeExecAll: BlueprintFunction {
    static let name = "KubeExecAll"
    static let executable = true

    enum Key {
        static let namespace = "namespace"
        static let pods = "pods"
        static let containers = "containers"
        static let command = "command"
    }

    static let arguments: [ArgumentSpec] = [
        .init(Key.namespace, .required),
        .init(Key.pods, .required),
        .init(Key.containers, .required),
        .init(Key.command, .required),
    ]
}
