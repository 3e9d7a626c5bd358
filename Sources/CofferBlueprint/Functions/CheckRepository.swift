/// Checks that a backup repository exists and the key opens it.
///
/// Declared so blueprints using it validate; Coffer cannot run it yet.
struct CheckRepository: BlueprintFunction {
    static let name = "CheckRepository"
    static let executable = false

    enum Key {
        static let backupArtifactPrefix = "backupArtifactPrefix"
        static let encryptionKey = "encryptionKey"
        static let insecureTLS = SharedKey.insecureTLS
        static let podOverride = SharedKey.podOverride
        static let podAnnotations = SharedKey.podAnnotations
        static let podLabels = SharedKey.podLabels
    }

    static let arguments: [ArgumentSpec] = [
        .init(Key.backupArtifactPrefix, .required),
        .init(Key.encryptionKey, .optional),
        .init(Key.insecureTLS, .optional),
        .init(Key.podOverride, .optional),
        .init(Key.podAnnotations, .optional),
        .init(Key.podLabels, .optional),
    ]
}
