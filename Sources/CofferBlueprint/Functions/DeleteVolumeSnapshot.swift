/// Deletes snapshots made by `CreateVolumeSnapshot`.
///
/// Declared so blueprints using it validate; Coffer cannot run it yet.
struct DeleteVolumeSnapshot: BlueprintFunction {
    static let name = "DeleteVolumeSnapshot"
    static let executable = false

    enum Key {
        static let namespace = "namespace"
        static let snapshots = "snapshots"
    }

    static let arguments: [ArgumentSpec] = [
        .init(Key.namespace, .required),
        .init(Key.snapshots, .required),
    ]
}
