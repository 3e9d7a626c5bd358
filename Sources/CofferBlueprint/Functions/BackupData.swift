/// Backs up a path in a running container to the profile's object store (restic).
///
/// Declared so blueprints using it validate; Coffer cannot run it yet.
struct BackupData: BlueprintFunction {
    static let name = "BackupData"
    static let executable = false

    enum Key {
        static let namespace = "namespace"
        static let pod = "pod"
        static let container = "container"
        static let includePath = "includePath"
        static let backupArtifactPrefix = "backupArtifactPrefix"
        static let encryptionKey = "encryptionKey"
        static let insecureTLS = SharedKey.insecureTLS
    }

    static let arguments: [ArgumentSpec] = [
        .init(Key.namespace, .required),
        .init(Key.pod, .required),
        .init(Key.container, .required),
        .init(Key.includePath, .required),
        .init(Key.backupArtifactPrefix, .required),
        .init(Key.encryptionKey, .optional),
        .init(Key.insecureTLS, .optional),
    ]
}
