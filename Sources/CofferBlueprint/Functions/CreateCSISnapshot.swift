/// Creates a CSI VolumeSnapshot of a PersistentVolumeClaim.
///
/// Declared so blueprints using it validate; Coffer cannot run it yet.
struct CreateCSISnapshot: BlueprintFunction {
    static let name = "CreateCSISnapshot"
    static let executable = false

    enum Key {
        static let pvc = "pvc"
        static let namespace = "namespace"
        static let snapshotClass = "snapshotClass"
        static let name = "name"
        static let labels = "labels"
    }

    static let arguments: [ArgumentSpec] = [
        .init(Key.pvc, .required),
        .init(Key.namespace, .required),
        .init(Key.snapshotClass, .required),
        .init(Key.name, .optional),
        .init(Key.labels, .optional),
    ]
}
