import CofferTestSupport
import Foundation
import Testing

/// The flow `scripts/demo` shows, with the blueprint it ships: seed, back up, damage, restore, check.
@Suite(.serialized)
struct DemoFlowTests {
    static let blueprint = Fixtures.packageRoot.appendingPathComponent("scripts/demo-blueprint.yaml")

    @Test func theDemoRestoresWhatItBackedUp() throws {
        let sandbox = try Sandbox(blueprint: try String(contentsOf: Self.blueprint, encoding: .utf8))
        defer { sandbox.stop() }
        func run(_ action: String, _ extra: String...) throws -> [String: Any] {
            let result = try CofferProcess.run(sandbox.runArguments(action, "-o", "json") + extra)
            #expect(result.exitCode == 0, "\(action): \(result.stderr)")
            let line = try #require(result.stdout.split(separator: "\n").last)
            return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }

        _ = try run("seed", "--options", "notes=water the plants")
        let backup = try run("backup")
        let snapshot = (backup["artifacts"] as? [String: [String: Any]])?["snapshot"]?["keyValue"] as? [String: String]
        #expect(snapshot?["notes"] == "water the plants")
        #expect(try sandbox.kubectl(["get", "configmap", "demo-app", "-o", "jsonpath={.metadata.annotations}"]) == "")
        _ = try run("damage")
        #expect(try sandbox.kubectl(["get", "configmap", "demo-app", "-o", "jsonpath={.data.notes}"]) == "oops")
        _ = try run("restore", "--from", try #require(backup["id"] as? String), "--yes")
        #expect(try sandbox.kubectl(["get", "configmap", "demo-app", "-o", "jsonpath={.data.notes}"]) == "water the plants")
        #expect(try run("check")["state"] as? String == "complete")
    }

    @Test func itsDryRunNamesTheCallsOnTheApplication() throws {
        let result = try CofferProcess.run([
            "run", "backup", "--blueprint", Self.blueprint.path, "--object", "namespace/default", "--dry-run", "client",
        ])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("#   PATCH ConfigMap default/demo-app (merge for custom resources"))
        #expect(result.stdout.contains("# deferPhase: markIdle (KubeOps)"))
    }
}
