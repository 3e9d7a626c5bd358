/// Copies a PersistentVolumeClaim's data to the object store.
///
/// Declared so blueprints using it validate; Coffer cannot run it yet.
struct CopyVolumeData: BlueprintFunction {
    static let name = "CopyVolumeData"
    static let executable = false

    enum Key {
        static let namespace = "namespace"
        static let volume = "volume"
        static let dataArtifactPrefix = "dataArtifactPrefix"
        static let encryptionKey = "encryptionKey"
        static let insecureTLS = SharedKey.insecureTLS
        static let podOverride = SharedKey.podOverride
        static let podAnnotations = SharedKey.podAnnotations
        static let podLabels = SharedKey.podLabels
    }

    static let arguments: [ArgumentSpec] = [
        .init(Key.namespace, .required),
        .init(Key.volume, .required),
        .init(Key.dataArtifactPrefix, .required),
        .init(Key.encryptionKey, .optional),
        .init(Key.insecureTLS, .optional),
        .init(Key.podOverride, .optional),
        .init(Key.podAnnotations, .optional),
        .init(Key.podLabels, .optional),
    ]
}
