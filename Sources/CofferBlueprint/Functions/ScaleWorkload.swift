import CofferCore

/// Scales a Deployment, StatefulSet or DeploymentConfig and waits for it.
struct ScaleWorkload: ExecutableFunction {
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

    enum Output {
        static let originalReplicaCount = "originalReplicaCount"
    }

    let replicas: Int, namespace: String?, workloadName: String?, kind: String?, waitForReady: Bool

    init(_ args: ArgumentValues) throws(BlueprintError) {
        replicas = try args.int(Key.replicas)
        guard replicas >= 0 else { throw args.invalid(Key.replicas, "must not be negative, got \(replicas)") }
        namespace = try args.optionalString(Key.namespace).flatMap { $0.isEmpty ? nil : $0 }
        workloadName = try args.optionalString(Key.name).flatMap { $0.isEmpty ? nil : $0 }
        kind = try args.optionalString(Key.kind).flatMap { $0.isEmpty ? nil : $0 }
        waitForReady = try args.bool(Key.waitForReady, default: true)
    }

    func run(_ context: PhaseContext) async throws -> [String: Value] {
        let target = context.parameters.workload
        guard let kind = kind ?? target?.kind.rawValue, let name = workloadName ?? target?.name else {
            throw BlueprintError(
                .invalidArgument, "ScaleWorkload needs \"kind\" and \"name\" when the action's object is not a workload"
            )
        }
        let namespace = namespace ?? target?.namespace ?? context.defaultNamespace
        let resource = try await context.kube.resolve(kind, apiVersion: nil)
        let original = try await context.kube.scale(resource, namespace: namespace, name: name, replicas: replicas)
        if waitForReady {
            let wanted = Int64(replicas)
            _ = try await context.waitFor(
                resource, namespace: namespace, name: name,
                "\(resource.kind) \"\(name)\" to have \(replicas) ready replicas"
            ) { object in
                guard let object else {
                    throw BlueprintError(.functionFailed, "\(resource.kind) \"\(name)\" was deleted while scaling")
                }
                let status = object["status"]
                let generation = object["metadata"]?["generation"]?.intValue ?? 0
                let observed = status?["observedGeneration"]?.intValue ?? generation
                return observed >= generation && (status?["replicas"]?.intValue ?? 0) == wanted
                    && (status?["readyReplicas"]?.intValue ?? 0) == wanted
            }
        }
        return [Output.originalReplicaCount: .int(Int64(original))]
    }
}
