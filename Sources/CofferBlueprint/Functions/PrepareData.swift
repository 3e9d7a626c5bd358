import CofferCore

/// Runs a command in a new pod that mounts the workload's volumes.
struct PrepareData: ExecutableFunction {
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

    let namespace: String, image: String, command: [String]
    /// PVC name -> mount path.
    let volumes: [String: String]
    let serviceAccount: String?, failOnError: Bool
    let podOverride: Value?, podAnnotations: [String: String], podLabels: [String: String]

    init(_ args: ArgumentValues) throws(BlueprintError) {
        namespace = try args.string(Key.namespace)
        image = try args.string(Key.image)
        command = try args.stringList(Key.command)
        volumes = try args.stringMap(Key.volumes)
        serviceAccount = try args.optionalString(Key.serviceaccount)
        failOnError = try args.bool(Key.failOnError, default: false)
        podOverride = args.value(Key.podOverride)
        podAnnotations = try args.stringMap(Key.podAnnotations)
        podLabels = try args.stringMap(Key.podLabels)
    }

    func run(_ context: PhaseContext) async throws -> [String: Value] {
        var volumes = volumes
        if volumes.isEmpty {
            // As Kanister does: without `volumes`, every PVC the target workload's pods mount.
            for claims in context.parameters.workload?.persistentVolumeClaims.values.map({ $0 }) ?? [] {
                volumes.merge(claims) { first, _ in first }
            }
            guard !volumes.isEmpty else {
                throw BlueprintError(
                    .invalidArgument, "PrepareData needs \"volumes\" when the action's workload mounts no PVCs")
            }
        }
        var podVolumes: [Value] = []
        var mounts: [Value] = []
        for (index, claim) in volumes.keys.sorted().enumerated() {
            let name = "vol-\(index)"
            podVolumes.append(["name": .string(name), "persistentVolumeClaim": ["claimName": .string(claim)]])
            mounts.append(["name": .string(name), "mountPath": .string(volumes[claim]!)])  // key from `volumes`
        }
        let parameters = context.parameters
        let pod = PodTask.pod(
            generateName: "prepare-data-job-", namespace: namespace,
            containers: [PodTask.container(name: "container", image: image, command: command, mounts: mounts)],
            volumes: podVolumes, serviceAccount: serviceAccount,
            labels: parameters.podLabels.merging(podLabels) { $1 },
            annotations: parameters.podAnnotations.merging(podAnnotations) { $1 },
            overrides: [parameters.podOverride, podOverride])
        return try await PodTask(pod: pod, namespace: namespace, outputContainer: "container", failOnError: failOnError)
            .run(context)
    }
}
