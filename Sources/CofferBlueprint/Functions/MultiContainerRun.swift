/// Runs a background and an output container sharing a volume in a new pod.
struct MultiContainerRun: BlueprintFunction {
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
}
