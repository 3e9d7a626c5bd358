import CofferCore

/// Runs a command in a new pod and collects its `kando output` lines.
struct KubeTask: ExecutableFunction {
    static let name = "KubeTask"
    static let executable = true

    enum Key {
        static let image = "image"
        static let command = "command"
        static let namespace = "namespace"
        static let podOverride = SharedKey.podOverride
        static let podAnnotations = SharedKey.podAnnotations
        static let podLabels = SharedKey.podLabels
    }

    static let arguments: [ArgumentSpec] = [
        .init(Key.image, .required),
        .init(Key.command, .required),
        .init(Key.namespace, .optional),
        .init(Key.podOverride, .optional),
        .init(Key.podAnnotations, .optional),
        .init(Key.podLabels, .optional),
    ]

    let image: String, command: [String], namespace: String?
    let podOverride: Value?, podAnnotations: [String: String], podLabels: [String: String]

    init(_ args: ArgumentValues) throws(BlueprintError) {
        image = try args.string(Key.image)
        command = try args.stringList(Key.command)
        namespace = try args.optionalString(Key.namespace).flatMap { $0.isEmpty ? nil : $0 }
        podOverride = args.value(Key.podOverride)
        podAnnotations = try args.stringMap(Key.podAnnotations)
        podLabels = try args.stringMap(Key.podLabels)
    }

    func run(_ context: PhaseContext) async throws -> [String: Value] {
        let namespace = namespace ?? context.defaultNamespace
        let parameters = context.parameters
        let pod = PodTask.pod(
            generateName: "kanister-job-", namespace: namespace,
            containers: [PodTask.container(name: "container", image: image, command: command)],
            labels: parameters.podLabels.merging(podLabels) { $1 },
            annotations: parameters.podAnnotations.merging(podAnnotations) { $1 },
            overrides: [parameters.podOverride, podOverride])
        return try await PodTask(pod: pod, namespace: namespace, outputContainer: "container").run(context)
    }
}
