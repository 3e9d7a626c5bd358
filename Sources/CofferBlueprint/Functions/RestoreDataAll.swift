/// Restores data backed up by `BackupDataAll` on several pods at once.
///
/// Declared so blueprints using it validate; Coffer cannot run it yet.
struct RestoreDataAll: BlueprintFunction {
    static let name = "RestoreDataAll"
    static let executable = false

    enum Key {
        static let namespace = "namespace"
        static let image = "image"
        static let backupArtifactPrefix = "backupArtifactPrefix"
        static let backupInfo = "backupInfo"
        static let restorePath = "restorePath"
        static let encryptionKey = "encryptionKey"
        static let pods = "pods"
        static let insecureTLS = SharedKey.insecureTLS
        static let podOverride = SharedKey.podOverride
        static let podAnnotations = SharedKey.podAnnotations
        static let podLabels = SharedKey.podLabels
    }

    static let arguments: [ArgumentSpec] = [
        .init(Key.namespace, .required),
        .init(Key.image, .required),
        .init(Key.backupArtifactPrefix, .required),
        .init(Key.backupInfo, .required),
        .init(Key.restorePath, .optional),
        .init(Key.encryptionKey, .optional),
        .init(Key.pods, .optional),
        .init(Key.insecureTLS, .optional),
        .init(Key.podOverride, .optional),
        .init(Key.podAnnotations, .optional),
        .init(Key.podLabels, .optional),
    ]
}
