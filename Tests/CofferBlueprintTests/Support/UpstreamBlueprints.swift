import CofferCore
import CofferTestSupport
import CofferYAML
import Foundation

/// The upstream Kanister blueprints in `../shared/peers/kanister-blueprints`, found by walking the folder.
enum UpstreamBlueprints {
    /// Every `kind: Blueprint` document of the upstream files, with the file it came from.
    static func documents() throws -> [(file: String, document: Document)] {
        var result: [(file: String, document: Document)] = []
        for url in try Fixtures.upstreamBlueprintFiles() {
            let bytes = try [UInt8](Data(contentsOf: url))
            for document in try YAMLLoader.load(bytes, file: url.path) where document.value["kind"] == "Blueprint" {
                result.append((url.path, document))
            }
        }
        return result
    }
}
