/// Runs `BackupData` on several pods at once.
///
/// Declared so blueprints using it validate; Coffer cannot run it yet.
struct BackupDataAll: BlueprintFunction {
    static let name = "BackupDataAll"
    static let executable = false

    enum Key {
        static let namespace = "namespace"
        static let container = "container"
        static let includePath = "includePath"
        static let backupArtifactPrefix = "backupArtifactPrefix"
        static let pods = "pods"
        static let encryptionKey = "encryptionKey"
        static let insecureTLS = SharedKey.insecureTLS
    }

    static let arguments: [ArgumentSpec] = [
        .init(Key.namespace, .required),
        .init(Key.container, .required),
        .init(Key.includePath, .required),
        .init(Key.backupArtifactPrefix, .required),
        .init(Key.pods, .optional),
        .init(Key.encryptionKey, .optional),
        .init(Key.insecureTLS, .optional),
    ]
}
