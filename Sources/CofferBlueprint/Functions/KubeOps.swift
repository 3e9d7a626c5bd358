/// Creates, patches or deletes a Kubernetes object.
struct KubeOps: BlueprintFunction {
    static let name = "KubeOps"
    static let executable = true

    enum Key {
        static let operation = "operation"
        static let spec = "spec"
        static let namespace = "namespace"
        static let objectReference = "objectReference"
    }

    static let arguments: [ArgumentSpec] = [
        .init(Key.operation, .required),
        .init(Key.spec, .optional),
        .init(Key.namespace, .optional),
        .init(Key.objectReference, .optional),
    ]
}
