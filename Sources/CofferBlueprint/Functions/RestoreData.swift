/// Restores data backed up by `BackupData` into a pod's volumes.
///
/// Declared so blueprints using it validate; Coffer cannot run it yet.
struct RestoreData: BlueprintFunction {
    static let name = "RestoreData"
    static let executable = false

    enum Key {
        static let namespace = "namespace"
        static let image = "image"
        static let backupArtifactPrefix = "backupArtifactPrefix"
        static let restorePath = "restorePath"
        static let encryptionKey = "encryptionKey"
        static let pod = "pod"
        static let volumes = "volumes"
        static let backupTag = "backupTag"
        static let backupIdentifier = "backupIdentifier"
        static let insecureTLS = SharedKey.insecureTLS
        static let podOverride = SharedKey.podOverride
        static let podAnnotations = SharedKey.podAnnotations
        static let podLabels = SharedKey.podLabels
    }

    static let arguments: [ArgumentSpec] = [
        .init(Key.namespace, .required),
        .init(Key.image, .required),
        .init(Key.backupArtifactPrefix, .required),
        .init(Key.restorePath, .optional),
        .init(Key.encryptionKey, .optional),
        .init(Key.pod, .optional),
        .init(Key.volumes, .optional),
        .init(Key.backupTag, .optional),
        .init(Key.backupIdentifier, .optional),
        .init(Key.insecureTLS, .optional),
        .init(Key.podOverride, .optional),
        .init(Key.podAnnotations, .optional),
        .init(Key.podLabels, .optional),
    ]
}
