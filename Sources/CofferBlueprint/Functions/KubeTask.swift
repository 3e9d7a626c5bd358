/// Runs a command in a new pod and collects its `kando output` lines.
struct KubeTask: BlueprintFunction {
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
}
