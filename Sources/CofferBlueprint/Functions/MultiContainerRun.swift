import CofferCore

/// Runs a background and an output container sharing a volume in a new pod.
struct MultiContainerRun: ExecutableFunction {
    static let name = "MultiContainerRun"
    static let executable = true

    enum Key {
        static let backgroundImage = "backgroundImage"
        static let backgroundCommand = "backgroundCommand"
        static let outputImage = "outputImage"
        static let outputCommand = "outputCommand"
        static let namespace = "namespace"
        static let initImage = "initImage"
        static let initCommand = "initCommand"
        static let sharedVolumeMedium = "sharedVolumeMedium"
        static let sharedVolumeSizeLimit = "sharedVolumeSizeLimit"
        static let sharedVolumeDir = "sharedVolumeDir"
        static let podOverride = SharedKey.podOverride
        static let podAnnotations = SharedKey.podAnnotations
        static let podLabels = SharedKey.podLabels
    }

    static let arguments: [ArgumentSpec] = [
        .init(Key.backgroundImage, .required),
        .init(Key.backgroundCommand, .required),
        .init(Key.outputImage, .required),
        .init(Key.outputCommand, .required),
        .init(Key.namespace, .optional),
        .init(Key.initImage, .optional),
        .init(Key.initCommand, .optional),
        .init(Key.sharedVolumeMedium, .optional),
        .init(Key.sharedVolumeSizeLimit, .optional),
        .init(Key.sharedVolumeDir, .optional),
        .init(Key.podOverride, .optional),
        .init(Key.podAnnotations, .optional),
        .init(Key.podLabels, .optional),
    ]

    let backgroundImage: String, backgroundCommand: [String], outputImage: String, outputCommand: [String]
    let namespace: String?, initImage: String?, initCommand: [String]
    let sharedVolumeMedium: String, sharedVolumeSizeLimit: String?, sharedVolumeDir: String
    let podOverride: Value?, podAnnotations: [String: String], podLabels: [String: String]

    init(_ args: ArgumentValues) throws(BlueprintError) {
        backgroundImage = try args.string(Key.backgroundImage)
        backgroundCommand = try args.stringList(Key.backgroundCommand)
        outputImage = try args.string(Key.outputImage)
        outputCommand = try args.stringList(Key.outputCommand)
        namespace = try args.optionalString(Key.namespace).flatMap { $0.isEmpty ? nil : $0 }
        initImage = try args.optionalString(Key.initImage).flatMap { $0.isEmpty ? nil : $0 }
        initCommand = args.value(Key.initCommand) == nil ? [] : try args.stringList(Key.initCommand)
        sharedVolumeMedium = try args.string(Key.sharedVolumeMedium, default: "")
        sharedVolumeSizeLimit = try args.optionalString(Key.sharedVolumeSizeLimit)
        sharedVolumeDir = try args.string(Key.sharedVolumeDir, default: "/tmp")
        podOverride = args.value(Key.podOverride)
        podAnnotations = try args.stringMap(Key.podAnnotations)
        podLabels = try args.stringMap(Key.podLabels)
    }

    func run(_ context: PhaseContext) async throws -> [String: Value] {
        let namespace = namespace ?? context.defaultNamespace
        var emptyDir = ValueMap()
        if !sharedVolumeMedium.isEmpty { emptyDir["medium"] = .string(sharedVolumeMedium) }
        if let sharedVolumeSizeLimit { emptyDir["sizeLimit"] = .string(sharedVolumeSizeLimit) }
        let volume: Value = ["name": "shared-data", "emptyDir": .object(emptyDir)]
        let mounts: [Value] = [["name": "shared-data", "mountPath": .string(sharedVolumeDir)]]
        var initContainers: [Value] = []
        if let initImage {
            initContainers.append(
                PodTask.container(name: "init", image: initImage, command: initCommand, mounts: mounts))
        }
        let parameters = context.parameters
        let pod = PodTask.pod(
            generateName: "multi-container-job-", namespace: namespace,
            containers: [
                PodTask.container(
                    name: "background", image: backgroundImage, command: backgroundCommand, mounts: mounts),
                PodTask.container(name: "output", image: outputImage, command: outputCommand, mounts: mounts),
            ],
            initContainers: initContainers, volumes: [volume],
            labels: parameters.podLabels.merging(podLabels) { $1 },
            annotations: parameters.podAnnotations.merging(podAnnotations) { $1 },
            overrides: [parameters.podOverride, podOverride])
        return try await PodTask(pod: pod, namespace: namespace, outputContainer: "output").run(context)
    }
}
