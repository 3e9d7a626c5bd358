import CofferTestSupport
import Foundation
import Testing

/// `coffer blueprint render` and `coffer template render`, run as users run them.
@Suite struct RenderCommandTests {
    static let pgo = Fixtures.packageRoot.appendingPathComponent("blueprints/pgo-v5.yaml").path

    static func write(_ text: String, name: String) throws -> String {
        let file = try Fixtures.temporaryDirectory().appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    @Test func backupRendersWithOptionsTimeAndTarget() throws {
        let result = try CofferProcess.run([
            "blueprint", "render", Self.pgo, "--action", "backup", "--object", "postgrescluster/db/hippo",
            "--time", "2026-01-02T03:04:05Z", "--options", "repo=repo2", "--options", "backupType=incr",
        ])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("# phase 1/3: requestBackup (KubeOps)"))
        #expect(result.stdout.contains("postgres-operator.crunchydata.com/pgbackrest-backup: \"coffer-20260102T030405Z\""))
        #expect(result.stdout.contains("repoName: repo2"))
        #expect(result.stdout.contains("--type=incr"))
        #expect(result.stdout.contains("pod: hippo-repo-host-0"))
        // Output artifacts read phase outputs, which only a run knows.
        #expect(result.stdout.contains("label: <Phases.findBackup.Output.label>"))
    }

    @Test func missingOptionsFallBackToTheBlueprintDefaults() throws {
        let result = try CofferProcess.run([
            "blueprint", "render", Self.pgo, "--action", "backup", "--object", "postgrescluster/db/hippo", "-o", "json",
        ])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let phases = try #require(object["phases"] as? [[String: Any]])
        #expect(phases.map { $0["name"] as? String } == ["requestBackup", "waitForBackup", "findBackup"])
        let spec = try #require((phases[0]["args"] as? [String: Any])?["spec"] as? String)
        #expect(spec.contains("repoName: repo1"))
        #expect(spec.contains("--type=full"))
    }

    @Test func restoreWithATargetTimeRequestsPointInTimeRecovery() throws {
        let artifacts = try Self.write(
            "pgbackrest:\n  keyValue:\n    repo: repo1\n    label: 20260102-030405F\n", name: "artifacts.yaml")
        let result = try CofferProcess.run([
            "blueprint", "render", Self.pgo, "--action", "restore", "--object", "postgrescluster/db/hippo",
            "--artifacts-in", artifacts, "--options", "target=2026-01-02 04:00:00+00", "-o", "yaml",
        ])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("--type=time"))
        // PGO joins options into the restore command line, so the quotes reach the shell as PGO's docs show.
        #expect(result.stdout.contains("- --target=\"2026-01-02 04:00:00+00\""))
        #expect(!result.stdout.contains("--set="))
        #expect(result.stdout.contains("name: disableRestore"))
    }

    @Test func restoreWithoutATargetRestoresTheBackupSet() throws {
        let artifacts = try Self.write(
            "pgbackrest:\n  keyValue:\n    repo: repo1\n    label: 20260102-030405F\n", name: "artifacts.yaml")
        let result = try CofferProcess.run([
            "blueprint", "render", Self.pgo, "--action", "restore", "--object", "postgrescluster/db/hippo",
            "--artifacts-in", artifacts,
        ])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("--set=20260102-030405F"))
    }

    @Test func missingKeyInTheGivenObjectIsKanistersNotFoundAtItsPosition() throws {
        let blueprint = try Self.write(
            """
            apiVersion: cr.kanister.io/v1alpha1
            kind: Blueprint
            metadata:
              name: demo
            actions:
              backup:
                phases:
                - func: KubeTask
                  name: dump
                  args:
                    image: busybox
                    command: ["echo", "{{ .Object.metadata.labels.release }}"]

            """, name: "bp.yaml")
        let object = try Self.write("kind: Deployment\nmetadata:\n  name: web\n  namespace: shop\n  labels: {}\n", name: "web.yaml")
        let result = try CofferProcess.run(["blueprint", "render", blueprint, "--action", "backup", "--object-file", object])
        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("\(blueprint):12:"))
        #expect(result.stderr.contains("\"release\" not found"))
    }

    @Test func unknownActionNamesTheExistingOnes() throws {
        let result = try CofferProcess.run(["blueprint", "render", Self.pgo, "--action", "snapshot"])
        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("has no action \"snapshot\"; it has backup, restore, delete"))
    }

    @Test func malformedObjectReferenceIsAUsageError() throws {
        let result = try CofferProcess.run(["blueprint", "render", Self.pgo, "--action", "backup", "--object", "hippo"])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("--object must be KIND/NAMESPACE/NAME"))
    }

    @Test func templateRendersWithDataFromAFile() throws {
        let data = try Self.write("name: hippo\nreplicas: 3\n", name: "data.yaml")
        let result = try CofferProcess.run([
            "template", "render", "--data", data, "{{ .name | upper }}-{{ add .replicas 1 }}-{{ toJson . }}",
        ])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout == "HIPPO-4-{\"name\":\"hippo\",\"replicas\":3}")
    }

    @Test func templateErrorNamesItsFileLineAndColumn() throws {
        let template = try Self.write("line one\n{{ .missing }}\n", name: "t.tmpl")
        let data = try Self.write("present: 1\n", name: "data.yaml")
        let result = try CofferProcess.run(["template", "render", "--data", data, "--file", template])
        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("\(template):2:4: executing at <.missing>: map has no entry for key \"missing\""))
    }

    @Test func templateNowHonoursTime() throws {
        let result = try CofferProcess.run([
            "template", "render", "--time", "2026-03-04T05:06:07Z", "{{ now | date \"2006-01-02 15:04\" }}",
        ])
        #expect(result.stdout == "2026-03-04 05:06")
    }
}
