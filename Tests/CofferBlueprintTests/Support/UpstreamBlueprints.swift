import CofferCore

/// The upstream Kanister blueprints in `/work/shared/peers/kanister-blueprints` (or `$COFFER_PEERS`).
///
/// Needs CofferYAML to read them; until the lead wires `YAMLLoader` in, ``documents()`` throws and the
/// tests using it are disabled (visibly, not skipped).
enum UpstreamBlueprints {
    struct NotWired: Error, CustomStringConvertible {
        var description: String {
            "needs CofferYAML; the lead wires YAMLLoader.load into UpstreamBlueprints.documents()"
        }
    }

    /// Every `kind: Blueprint` document of the upstream files, with the file it came from.
    static func documents() throws -> [(file: String, document: Document)] {
        throw NotWired()
    }
}
