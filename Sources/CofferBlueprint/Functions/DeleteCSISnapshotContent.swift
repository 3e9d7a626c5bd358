/// Deletes an unbound CSI VolumeSnapshotContent.
///
/// Declared so blueprints using it validate; Coffer cannot run it yet.
struct DeleteCSISnapshotContent: BlueprintFunction {
    static let name = "DeleteCSISnapshotContent"
    static let executable = false

    enum Key {
        static let name = "name"
    }

    static let arguments: [ArgumentSpec] = [
        .init(Key.name, .required)
    ]
}
