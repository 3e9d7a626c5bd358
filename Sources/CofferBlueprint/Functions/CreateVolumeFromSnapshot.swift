/// Recreates PersistentVolumeClaims from `CreateVolumeSnapshot` snapshots.
///
/// Declared so blueprints using it validate; Coffer cannot run it yet.
struct CreateVolumeFromSnapshot: BlueprintFunction {
    static let name = "CreateVolumeFromSnapshot"
    static let executable = false

    enum Key {
        static let namespace = "namespace"
        static let snapshots = "snapshots"
        static let pvcNames = "pvcNames"
    }

    static let arguments: [ArgumentSpec] = [
        .init(Key.namespace, .required),
        .init(Key.snapshots, .required),
        .init(Key.pvcNames, .optional),
    ]
}
