/// Deletes an AWS RDS snapshot.
///
/// Declared so blueprints using it validate; Coffer cannot run it yet.
struct DeleteRDSSnapshot: BlueprintFunction {
    static let name = "DeleteRDSSnapshot"
    static let executable = false

    enum Key {
        static let snapshotID = "snapshotID"
        static let dbEngine = "dbEngine"
        static let credentialsSource = SharedKey.credentialsSource
        static let credentialsSecret = SharedKey.credentialsSecret
        static let region = SharedKey.region
    }

    static let arguments: [ArgumentSpec] = [
        .init(Key.snapshotID, .required),
        .init(Key.dbEngine, .optional),
        .init(Key.credentialsSource, .optional),
        .init(Key.credentialsSecret, .optional),
        .init(Key.region, .optional),
    ]
}
