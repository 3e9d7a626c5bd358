/// Deletes a CSI VolumeSnapshot.
///
/// Declared so blueprints using it validate; Coffer cannot run it yet.
struct DeleteCSISnapshot: BlueprintFunction {
    static let name = "DeleteCSISnapshot"
    static let executable = false

    enum Key {
        static let name = "name"
        static let namespace = "namespace"
    }

    static let arguments: [ArgumentSpec] = [
        .init(Key.name, .required),
        .init(Key.namespace, .required),
    ]
}
