/// Creates a VolumeSnapshot for a storage snapshot that already exists.
///
/// Declared so blueprints using it validate; Coffer cannot run it yet.
struct CreateCSISnapshotStatic: BlueprintFunction {
    static let name = "CreateCSISnapshotStatic"
    static let executable = false

    enum Key {
        static let name = "name"
        static let namespace = "namespace"
        static let driver = "driver"
        static let snapshotHandle = "snapshotHandle"
        static let snapshotClass = "snapshotClass"
    }

    static let arguments: [ArgumentSpec] = [
        .init(Key.name, .required),
        .init(Key.namespace, .required),
        .init(Key.driver, .required),
        .init(Key.snapshotHandle, .required),
        .init(Key.snapshotClass, .required),
    ]
}
