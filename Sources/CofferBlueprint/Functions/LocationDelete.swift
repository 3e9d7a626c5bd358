/// Deletes an artifact from the profile's object store.
///
/// Declared so blueprints using it validate; Coffer cannot run it yet.
struct LocationDelete: BlueprintFunction {
    static let name = "LocationDelete"
    static let executable = false

    enum Key {
        static let artifact = "artifact"
    }

    static let arguments: [ArgumentSpec] = [
        .init(Key.artifact, .required)
    ]
}
