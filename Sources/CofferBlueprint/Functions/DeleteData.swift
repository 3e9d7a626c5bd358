/// Deletes snapshots made by `BackupData` from the object store.
///
/// Declared so blueprints using it validate; Coffer cannot run it yet.
struct DeleteData: BlueprintFunction {
    static let name = "DeleteData"
    static let executable = false

    enum Key {
        static let namespace = "namespace"
        static let backupArtifactPrefix = "backupArtifactPrefix"
        static let backupID = "backupID"
        static let backupTag = "backupTag"
        static let encryptionKey = "encryptionKey"
        static let reclaimSpace = "reclaimSpace"
        static let insecureTLS = SharedKey.insecureTLS
        static let podOverride = SharedKey.podOverride
        static let podAnnotations = SharedKey.podAnnotations
        static let podLabels = SharedKey.podLabels
    }

    static let arguments: [ArgumentSpec] = [
        .init(Key.namespace, .required),
        .init(Key.backupArtifactPrefix, .required),
        .init(Key.backupID, .optional),
        .init(Key.backupTag, .optional),
        .init(Key.encryptionKey, .optional),
        .init(Key.reclaimSpace, .optional),
        .init(Key.insecureTLS, .optional),
        .init(Key.podOverride, .optional),
        .init(Key.podAnnotations, .optional),
        .init(Key.podLabels, .optional),
    ]
}
