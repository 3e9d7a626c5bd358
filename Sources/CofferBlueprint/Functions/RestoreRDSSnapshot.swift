/// Restores an RDS instance from a snapshot or from a dump in the object store.
///
/// Declared so blueprints using it validate; Coffer cannot run it yet.
struct RestoreRDSSnapshot: BlueprintFunction {
    static let name = "RestoreRDSSnapshot"
    static let executable = false

    enum Key {
        static let instanceID = "instanceID"
        static let snapshotID = "snapshotID"
        static let dbEngine = "dbEngine"
        static let backupArtifactPrefix = "backupArtifactPrefix"
        static let backupID = "backupID"
        static let username = "username"
        static let password = "password"
        static let namespace = "namespace"
        static let securityGroupID = "securityGroupID"
        static let dbSubnetGroup = "dbSubnetGroup"
        static let image = "image"
        static let podAnnotations = SharedKey.podAnnotations
        static let podLabels = SharedKey.podLabels
        static let credentialsSource = SharedKey.credentialsSource
        static let credentialsSecret = SharedKey.credentialsSecret
        static let region = SharedKey.region
    }

    static let arguments: [ArgumentSpec] = [
        .init(Key.instanceID, .required),
        .init(Key.snapshotID, .optional),
        .init(Key.dbEngine, .optional),
        .init(Key.backupArtifactPrefix, .optional),
        .init(Key.backupID, .optional),
        .init(Key.username, .optional),
        .init(Key.password, .optional),
        .init(Key.namespace, .optional),
        .init(Key.securityGroupID, .optional),
        .init(Key.dbSubnetGroup, .optional),
        .init(Key.image, .optional),
        .init(Key.podAnnotations, .optional),
        .init(Key.podLabels, .optional),
        .init(Key.credentialsSource, .optional),
        .init(Key.credentialsSecret, .optional),
        .init(Key.region, .optional),
    ]
}
