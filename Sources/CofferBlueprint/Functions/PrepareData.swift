/// Runs a command in a new pod that mounts the workload's volumes.
struct PrepareData: BlueprintFunction {
    static let name = "PrepareData"
    static let executable = true

    enum Key {
        static let namespace = "namespace"
        static let image = "image"
        static let command = "command"
        static let volumes = "volumes"
        static let serviceaccount = "serviceaccount"
        static let failOnError = "failOnError"
        static let podOverride = SharedKey.podOverride
        static let podAnnotations = SharedKey.podAnnotations
        static let podLabels = SharedKey.podLabels
    }

    static let arguments: [ArgumentSpec] = [
        .init(Key.namespace, .required),
        .init(Key.image, .required),
        .init(Key.command, .required),
        .init(Key.volumes, .optional),
        .init(Key.serviceaccount, .optional),
        .init(Key.podOverride, .optional),
        .init(Key.podAnnotations, .optional),
        .init(Key.podLabels, .optional),
        .init(Key.failOnError, .optional),
    ]
}
