import CofferCore
import CofferTestSupport
import CofferYAML
import Foundation
import Synchronization
import Testing

@testable import CofferKubeAPI

/// The value of the single YAML document in `text`.
func yaml(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Value {
    try YAMLLoader.loadSingle(text, file: "test.yaml").value
}

/// The value of JSON `text`.
func json(_ text: String) throws -> Value {
    try Value(json: text)
}

/// The real CRDs the tests compile, by file name under `shared/peers/crds`.
enum CRDFixture: String, CaseIterable, Sendable {
    case postgresClusters = "postgres-operator.crunchydata.com_postgresclusters.v5.8.9.yaml"
    case cnpgClusters = "postgresql.cnpg.io_clusters.v1.30.yaml"
    case cnpgBackups = "postgresql.cnpg.io_backups.v1.30.yaml"
    case cnpgScheduledBackups = "postgresql.cnpg.io_scheduledbackups.v1.30.yaml"

    /// The CRD object; loaded once per file for the whole test run.
    var crd: Value {
        get throws { try CRDCache.shared.crd(self) }
    }

    /// The compiled schema of the CRD's first served version.
    var schema: StructuralSchema {
        get throws {
            let version = try #require(try crd["spec"]?["versions"]?.arrayValue?.first)
            return try StructuralSchema(openAPIV3Schema: try #require(version["schema"]?["openAPIV3Schema"]))
        }
    }
}

final class CRDCache: Sendable {
    static let shared = CRDCache()
    private let cache = Mutex<[CRDFixture: Value]>([:])

    func crd(_ fixture: CRDFixture) throws -> Value {
        if let value = cache.withLock({ $0[fixture] }) { return value }
        let url = Fixtures.shared.appendingPathComponent("peers/crds/\(fixture.rawValue)")
        let text = try String(contentsOf: url, encoding: .utf8)
        let value = try YAMLLoader.loadSingle(text, file: fixture.rawValue).value
        cache.withLock { $0[fixture] = value }
        return value
    }
}
