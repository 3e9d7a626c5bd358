/// Backs up a path in a running container through a Kopia repository server.
///
/// Declared so blueprints using it validate; Coffer cannot run it yet.
struct BackupDataUsingKopiaServer: BlueprintFunction {
    static let name = "BackupDataUsingKopiaServer"
    static let executable = false

    enum Key {
        static let namespace = "namespace"
        static let pod = "pod"
        static let container = "container"
        static let includePath = "includePath"
        static let snapshotTags = "snapshotTags"
        static let repositoryServerUserHostname = SharedKey.repositoryServerUserHostname
    }

    static let arguments: [ArgumentSpec] = [
        .init(Key.namespace, .required),
        .init(Key.pod, .required),
        .init(Key.container, .required),
        .init(Key.includePath, .required),
        .init(Key.snapshotTags, .optional),
        .init(Key.repositoryServerUserHostname, .optional),
    ]
}
