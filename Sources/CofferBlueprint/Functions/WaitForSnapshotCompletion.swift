/// Waits for snapshots started by `CreateVolumeSnapshot` to complete.
///
/// Declared so blueprints using it validate; Coffer cannot run it yet.
struct WaitForSnapshotCompletion: BlueprintFunction {
    static let name = "WaitForSnapshotCompletion"
    static let executable = false

    enum Key {
        static let snapshots = "snapshots"
    }

    static let arguments: [ArgumentSpec] = [
        .init(Key.snapshots, .required)
    ]
}
