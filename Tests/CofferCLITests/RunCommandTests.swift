import CofferTestSupport
import Foundation
import Testing

/// `coffer run`'s dry runs and usage errors; runs on a cluster are in ``RunSandboxTests``.
@Suite struct RunCommandTests {
    static let pgo = Fixtures.packageRoot.appendingPathComponent("blueprints/pgo-v5.yaml").path

    @Test func clientDryRunListsEachPhasesAPICalls() throws {
        let result = try CofferProcess.run([
            "run", "backup", "--blueprint", Self.pgo, "--object", "postgrescluster/db/hippo", "--dry-run", "client",
        ])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("# phase 1/3: requestBackup (KubeOps)"))
        #expect(
            result.stdout.contains(
                "#   PATCH postgresclusters.postgres-operator.crunchydata.com db/hippo (merge for custom resources"))
        #expect(
            result.stdout.contains(
                "#   WATCH postgresclusters.postgres-operator.crunchydata.com db/hippo until any condition holds (timeout 30m)"
            ))
    }

    @Test func clientDryRunAsJSONHasCallsPerPhase() throws {
        let result = try CofferProcess.run([
            "run", "backup", "--blueprint", Self.pgo, "--object", "postgrescluster/db/hippo", "--dry-run", "client",
            "-o", "json",
        ])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let phases = try #require(object["phases"] as? [[String: Any]])
        #expect(phases.map { ($0["calls"] as? [String])?.count } == [1, 1, 1])
        #expect(object["dryRun"] as? String == "client")
    }

    @Test func anUnsupportedFunctionIsAUsageErrorNamingIt() throws {
        let file = try Fixtures.temporaryDirectory().appendingPathComponent("bp.yaml")
        try Data(
            """
            apiVersion: cr.kanister.io/v1alpha1
            kind: Blueprint
            metadata: {name: bp}
            actions:
              backup:
                phases:
                - func: BackupData
                  name: data
                  args: {namespace: a, pod: b, container: c, includePath: /d, backupArtifactPrefix: e}
            """.utf8
        ).write(to: file)
        let result = try CofferProcess.run([
            "run", "backup", "--blueprint", file.path, "--object", "statefulset/db/pg", "--dry-run", "client",
        ])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("bp.yaml:7:13: function \"BackupData\" is not supported by Coffer yet"))
    }

    @Test func resumeNeedsARunID() throws {
        let result = try CofferProcess.run(["run", "resume"])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("needs the RUN_ID"))
    }

    @Test func anUnknownRunIsAUsageError() throws {
        let directory = try Fixtures.temporaryDirectory()
        let catalog = directory.appendingPathComponent("catalog.sqlite").path
        let result = try CofferProcess.run(["run", "resume", "run-000000000000", "--catalog", catalog])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("no run \"run-000000000000\""))
    }
}
