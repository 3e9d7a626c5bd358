/// Creates a snapshot of an AWS RDS instance or Aurora cluster.
///
/// Declared so blueprints using it validate; Coffer cannot run it yet.
struct CreateRDSSnapshot: BlueprintFunction {
    static let name = "CreateRDSSnapshot"
    static let executable = false

    enum Key {
        static let instanceID = "instanceID"
        static let dbEngine = "dbEngine"
        static let credentialsSource = SharedKey.credentialsSource
        static let credentialsSecret = SharedKey.credentialsSecret
        static let region = SharedKey.region
    }

    static let arguments: [ArgumentSpec] = [
        .init(Key.instanceID, .required),
        .init(Key.dbEngine, .optional),
        .init(Key.credentialsSource, .optional),
        .init(Key.credentialsSecret, .optional),
        .init(Key.region, .optional),
    ]
}
