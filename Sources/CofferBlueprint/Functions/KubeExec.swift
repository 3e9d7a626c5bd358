import CofferCore

/// Runs a command in a container of an existing pod, like `kubectl exec`.
struct KubeExec: ExecutableFunction {
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

    let namespace: String, pod: String, command: [String], container: String?

    init(_ args: ArgumentValues) throws(BlueprintError) {
        namespace = try args.string(Key.namespace)
        pod = try args.string(Key.pod)
        command = try args.stringList(Key.command)
        container = try args.optionalString(Key.container).flatMap { $0.isEmpty ? nil : $0 }
    }

    func run(_ context: PhaseContext) async throws -> [String: Value] {
        try await Self.exec(context, namespace: namespace, pod: pod, container: container, command: command).output
    }

    /// Runs `command`, parsing `kando output` lines as they arrive; a non-zero exit is a failure.
    static func exec(_ context: PhaseContext, namespace: String, pod: String, container: String?, command: [String])
        async throws -> KandoOutput
    {
        let collector = KandoCollector()
        let source = pod + (container.map { "/\($0)" } ?? "")
        let code = try await context.kube.exec(
            namespace: namespace, pod: pod, container: container, command: command, stdin: nil
        ) { stream, bytes in
            collector.feed(stream, bytes)
            context.output(stream, bytes, from: source)
        }
        let (output, errors) = collector.finish()
        let target = "pod \"\(pod)\"" + (container.map { " container \"\($0)\"" } ?? "")
        if code != 0 {
            let detail = (errors.isEmpty ? output.tailText : errors).trimmingWhitespace()
            throw context.failure(
                "command in \(target) exited with code \(code)"
                    + (detail.isEmpty ? "" : ": \(detail.split(separator: "\n").suffix(5).joined(separator: " | "))"))
        }
        if let problem = output.problems.first { throw context.failure("\(target): \(problem)") }
        return output
    }
}
