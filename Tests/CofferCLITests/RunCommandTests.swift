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

    @Test func blueprintsByNameAreFoundInBlueprintDirThenTheEnvironmentsPathThenBlueprints() throws {
        let work = try Fixtures.temporaryDirectory("coffer-blueprint-search")
        func write(_ folder: String, bucket: String) throws {
            let directory = work.appendingPathComponent(folder)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(
                """
                apiVersion: cr.kanister.io/v1alpha1
                kind: Blueprint
                metadata: {name: found-in-\(folder)}
                actions:
                  backup:
                    phases:
                    - {func: KubeOps, name: mark, args: {operation: delete, objectReference: {kind: ConfigMap, name: \(bucket)}}}
                """.utf8
            ).write(to: directory.appendingPathComponent("probe.yaml"))
        }
        try write("first", bucket: "one")
        try write("second", bucket: "two")
        try write("blueprints", bucket: "three")
        func planned(_ extra: [String], environment: [String: String] = [:]) throws -> String? {
            let result = try CofferProcess.run(
                ["run", "backup", "--blueprint", "probe", "--object", "namespace/default", "--dry-run", "client",
                 "-o", "json"] + extra,
                currentDirectory: work, environment: environment)
            #expect(result.exitCode == 0, "\(result.stderr)")
            let plan = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            return plan?["blueprint"] as? String
        }

        #expect(try planned([]) == "found-in-blueprints")
        #expect(try planned([], environment: ["COFFER_BLUEPRINT_PATH": "\(work.path)/nowhere:second"]) == "found-in-second")
        #expect(
            try planned(["--blueprint-dir", "first"], environment: ["COFFER_BLUEPRINT_PATH": "second"])
                == "found-in-first")
        let missing = try CofferProcess.run(
            ["run", "backup", "--blueprint", "absent", "--object", "namespace/default", "--dry-run", "client",
             "--blueprint-dir", "first"],
            currentDirectory: work, environment: ["COFFER_BLUEPRINT_PATH": ""])
        #expect(missing.exitCode == 2)
        #expect(missing.stderr.contains("no blueprint file \"absent\", nor absent.yaml or .yml in first, blueprints"))
    }

    @Test func aClientDryRunTakesAProfileFilesLocationAndLeavesItsCredentialAPlaceholder() throws {
        let work = try Fixtures.temporaryDirectory("coffer-profile-dry-run")
        let blueprint = work.appendingPathComponent("bp.yaml")
        try Data(
            """
            apiVersion: cr.kanister.io/v1alpha1
            kind: Blueprint
            metadata: {name: bp}
            actions:
              backup:
                phases:
                - func: KubeTask
                  name: push
                  args:
                    image: tools
                    command: [echo, "{{ .Profile.Location.Bucket }}", "{{ .Profile.Credential.KeyPair.ID }}"]
            """.utf8
        ).write(to: blueprint)
        let profile = work.appendingPathComponent("profile.yaml")
        try Data(
            """
            apiVersion: cr.kanister.io/v1alpha1
            kind: Profile
            metadata: {name: p}
            location: {type: s3Compliant, bucket: nightly}
            credential: {type: keyPair, keyPair: {idField: id, secretField: key, secret: {name: creds}}}
            """.utf8
        ).write(to: profile)

        let result = try CofferProcess.run([
            "run", "backup", "--blueprint", blueprint.path, "--object", "namespace/default", "--dry-run", "client",
            "--profile", profile.path, "-o", "json",
        ])

        #expect(result.exitCode == 0, "\(result.stderr)")
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let phase = try #require((plan["phases"] as? [[String: Any]])?.first)
        #expect((phase["args"] as? [String: Any])?["command"] as? [String] == ["echo", "nightly", "<Profile.Credential.KeyPair.ID>"])
    }
}
