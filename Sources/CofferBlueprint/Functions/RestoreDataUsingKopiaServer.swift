/// Restores a Kopia snapshot through a Kopia repository server.
///
/// Declared so blueprints using it validate; Coffer cannot run it yet.
struct RestoreDataUsingKopiaServer: BlueprintFunction {
    static let name = "RestoreDataUsingKopiaServer"
    static let executable = false

    enum Key {
        static let namespace = "namespace"
        static let image = "image"
        static let backupIdentifier = "backupIdentifier"
        static let restorePath = "restorePath"
        static let pod = "pod"
        static let volumes = "volumes"
        static let repositoryServerUserHostname = SharedKey.repositoryServerUserHostname
        static let podOverride = SharedKey.podOverride
        static let podAnnotations = SharedKey.podAnnotations
        static let podLabels = SharedKey.podLabels
    }

    static let arguments: [ArgumentSpec] = [
        .init(Key.namespace, .required),
        .init(Key.image, .required),
        .init(Key.backupIdentifier, .required),
        .init(Key.restorePath, .required),
        .init(Key.pod, .optional),
        .init(Key.volumes, .optional),
        .init(Key.repositoryServerUserHostname, .optional),
        .init(Key.podOverride, .optional),
        .init(Key.podAnnotations, .optional),
        .init(Key.podLabels, .optional),
    ]
}
