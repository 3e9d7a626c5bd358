/// Deletes a Kopia snapshot through a Kopia repository server.
///
/// Declared so blueprints using it validate; Coffer cannot run it yet.
struct DeleteDataUsingKopiaServer: BlueprintFunction {
    static let name = "DeleteDataUsingKopiaServer"
    static let executable = false

    enum Key {
        static let namespace = "namespace"
        static let image = "image"
        static let backupID = "backupID"
        static let repositoryServerUserHostname = SharedKey.repositoryServerUserHostname
        static let podAnnotations = SharedKey.podAnnotations
        static let podLabels = SharedKey.podLabels
    }

    static let arguments: [ArgumentSpec] = [
        .init(Key.namespace, .required),
        .init(Key.image, .required),
        .init(Key.backupID, .required),
        .init(Key.repositoryServerUserHostname, .optional),
        .init(Key.podAnnotations, .optional),
        .init(Key.podLabels, .optional),
    ]
}
