import CofferCore

/// Runs a command in every listed container of every listed pod, in parallel.
struct KubeExecAll: ExecutableFunction {
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

    let namespace: String, pods: [String], containers: [String], command: [String]

    init(_ args: ArgumentValues) throws(BlueprintError) {
        namespace = try args.string(Key.namespace)
        pods = try args.words(Key.pods)
        containers = try args.words(Key.containers)
        command = try args.stringList(Key.command)
    }

    /// Runs the command in every container of every pod at once; outputs are merged.
    func run(_ context: PhaseContext) async throws -> [String: Value] {
        let (namespace, command) = (namespace, command)
        return try await withThrowingTaskGroup(of: [String: Value].self) { group in
            for pod in pods {
                for container in containers {
                    group.addTask {
                        try await KubeExec.exec(
                            context, namespace: namespace, pod: pod, container: container, command: command
                        ).output
                    }
                }
            }
            var merged: [String: Value] = [:]
            for try await output in group { merged.merge(output) { $1 } }
            return merged
        }
    }
}
