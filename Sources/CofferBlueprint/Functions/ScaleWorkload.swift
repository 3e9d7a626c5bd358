/// Scales a Deployment, StatefulSet or DeploymentConfig and waits for it.
struct ScaleWorkload: BlueprintFunction {
    static let name = "ScaleWorkload"
    static let executable = true

    enum Key {
        static let replicas = "replicas"
        static let namespace = "namespace"
        static let name = "name"
        static let kind = "kind"
        static let waitForReady = "waitForReady"
    }

    static let arguments: [ArgumentSpec] = [
        .init(Key.replicas, .required),
        .init(Key.namespace, .optional),
        .init(Key.name, .optional),
        .init(Key.kind, .optional),
        .init(Key.waitForReady, .optional),
    ]
}
