/// Snapshots a workload's volumes with the cloud provider (EBS, GCE PD).
///
/// Declared so blueprints using it validate; Coffer cannot run it yet.
struct CreateVolumeSnapshot: BlueprintFunction {
    static let name = "CreateVolumeSnapshot"
    static let executable = false

    enum Key {
        static let namespace = "namespace"
        static let pvcs = "pvcs"
        static let skipWait = "skipWait"
    }

    static let arguments: [ArgumentSpec] = [
        .init(Key.namespace, .required),
        .init(Key.pvcs, .optional),
        .init(Key.skipWait, .optional),
    ]
}
