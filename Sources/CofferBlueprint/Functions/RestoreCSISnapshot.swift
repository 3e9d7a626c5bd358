/// Creates a PersistentVolumeClaim from a CSI VolumeSnapshot.
///
/// Declared so blueprints using it validate; Coffer cannot run it yet.
struct RestoreCSISnapshot: BlueprintFunction {
    static let name = "RestoreCSISnapshot"
    static let executable = false

    enum Key {
        static let name = "name"
        static let pvc = "pvc"
        static let namespace = "namespace"
        static let storageClass = "storageClass"
        static let restoreSize = "restoreSize"
        static let accessModes = "accessModes"
        static let volumeMode = "volumeMode"
        static let labels = "labels"
    }

    static let arguments: [ArgumentSpec] = [
        .init(Key.name, .required),
        .init(Key.pvc, .required),
        .init(Key.namespace, .required),
        .init(Key.storageClass, .required),
        .init(Key.restoreSize, .required),
        .init(Key.accessModes, .optional),
        .init(Key.volumeMode, .optional),
        .init(Key.labels, .optional),
    ]
}
