/// Reports the file count and size of a backup.
///
/// Declared so blueprints using it validate; Coffer cannot run it yet.
struct BackupDataStats: BlueprintFunction {
    static let name = "BackupDataStats"
    static let executable = false

    enum Key {
        static let namespace = "namespace"
        static let backupArtifactPrefix = "backupArtifactPrefix"
        static let backupID = "backupID"
        static let statsMode = "statsMode"
        static let encryptionKey = "encryptionKey"
        static let podOverride = SharedKey.podOverride
        static let podAnnotations = SharedKey.podAnnotations
        static let podLabels = SharedKey.podLabels
    }

    static let arguments: [ArgumentSpec] = [
        .init(Key.namespace, .required),
        .init(Key.backupArtifactPrefix, .required),
        .init(Key.backupID, .required),
        .init(Key.statsMode, .optional),
        .init(Key.encryptionKey, .optional),
        .init(Key.podOverride, .optional),
        .init(Key.podAnnotations, .optional),
        .init(Key.podLabels, .optional),
    ]
}
