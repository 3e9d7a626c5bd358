import CofferTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// Upstream Kanister blueprints, read unmodified from `../shared/peers/kanister-blueprints`, run end to end
/// with `coffer run -f ACTIONSET` against the sandbox.
///
/// The sandbox runs no images: KubeTask pods run their commands on this host. Their tools are real where the
/// host has them (bash, gzip, PostgreSQL 15's `pg_dumpall` and `psql` against a real server) and stood in by
/// small shell scripts where it cannot (`kando`, `aws`), put first on `PATH` through the ActionSet's
/// `podOverride`. Time limits below are hang guards, never expectations.
@Suite(.serialized)
struct UpstreamBlueprintRunTests {
    /// The two `postgres-bp` variants whose dump restores into PostgreSQL 15; they differ in the label that
    /// names the release and in the Secret key of the password.
    ///
    /// `postgres/v10.16.2` is left out on purpose: its restore pipes the dump through `sed 's/LOCALE/LC_COLLATE/'`,
    /// which turns PostgreSQL 15's `LOCALE_PROVIDER` into `LC_COLLATE_PROVIDER` and breaks `CREATE DATABASE`.
    static let postgresBlueprints: [PostgresBlueprint] = [
        PostgresBlueprint(
            file: "postgres/postgres-blueprint.yaml", label: "app.kubernetes.io/instance",
            passwordKey: "postgres-password"),
        PostgresBlueprint(
            file: "postgres/v8.6.4/postgres-blueprint.yaml", label: "release", passwordKey: "postgresql-password"),
    ]

    struct PostgresBlueprint: Sendable, CustomTestStringConvertible {
        var file: String, label: String, passwordKey: String
        var testDescription: String { file }
    }

    @Test(arguments: postgresBlueprints)
    func postgresBlueprintDumpsToTheProfileRestoresAndDeletesTheDump(_ blueprint: PostgresBlueprint) throws {
        let sandbox = try UpstreamSandbox()
        defer { sandbox.stop() }
        let postgres = try PostgresServer(directory: sandbox.directory)
        defer { postgres.stop() }
        let standIns = try StandIns(directory: sandbox.directory)
        try postgres.psql("CREATE DATABASE shop")
        try postgres.psql(
            "CREATE TABLE stock (item text PRIMARY KEY, count int); INSERT INTO stock VALUES ('apples', 3), ('pears', 5)",
            database: "shop")
        try sandbox.apply(
            """
            apiVersion: v1
            kind: Namespace
            metadata: {name: pg}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: my-release-postgresql, namespace: pg}
            stringData: {\(blueprint.passwordKey): \(postgres.password)}
            ---
            apiVersion: apps/v1
            kind: StatefulSet
            metadata:
              name: my-release-postgresql
              namespace: pg
              labels: {\(blueprint.label): my-release}
            spec:
              replicas: 1
              serviceName: my-release-postgresql
              selector: {matchLabels: {app: pg}}
              template:
                metadata: {labels: {app: pg}}
                spec:
                  containers: [{name: postgresql, image: bitnami/postgresql:15}]
            """)
        try sandbox.createProfile(namespace: "pg", bucket: "backups")
        let override = standIns.podOverride([
            "PGHOSTADDR": "127.0.0.1", "PGPORT": "\(postgres.port)",
        ])
        let blueprintPath = UpstreamSandbox.upstream(blueprint.file)

        let backup = try sandbox.runActionSet(
            """
            - name: backup
              blueprint: \(blueprintPath)
              object: {kind: StatefulSet, name: my-release-postgresql, namespace: pg}
              profile: {name: s3-profile, namespace: pg}
              podOverride: \(override)
            """)
        #expect(backup["state"] as? String == "complete")
        let artifacts = try #require(backup["artifacts"] as? [String: [String: Any]])
        let location = try #require((artifacts["cloudObject"]?["keyValue"] as? [String: String])?["backupLocation"])
        #expect(location.hasPrefix("pg_backups/pg/my-release-postgresql/"))
        #expect(location.hasSuffix("/backup.sql.gz"))
        // The stand-in keeps objects under the profile's bucket, as an object store would.
        let object = standIns.kandoStore.appendingPathComponent("backups/\(location)")
        let dump = try Data(contentsOf: object)
        #expect(dump.prefix(2) == Data([0x1f, 0x8b]), "the pushed dump is gzip")

        try postgres.psql(
            "DELETE FROM stock WHERE item = 'pears'; UPDATE stock SET count = 99; INSERT INTO stock VALUES ('plums', 1)",
            database: "shop")
        #expect(
            try postgres.psql("SELECT item, count FROM stock ORDER BY item", database: "shop") == "apples|99\nplums|1")

        let restore = try sandbox.runActionSet(
            """
            - name: restore
              blueprint: \(blueprintPath)
              object: {kind: StatefulSet, name: my-release-postgresql, namespace: pg}
              profile: {name: s3-profile, namespace: pg}
              artifacts: {cloudObject: {keyValue: {backupLocation: "\(location)"}}}
              podOverride: \(override)
            """)
        #expect(restore["state"] as? String == "complete")
        #expect(
            try postgres.psql("SELECT item, count FROM stock ORDER BY item", database: "shop") == "apples|3\npears|5")

        let delete = try sandbox.runActionSet(
            """
            - name: delete
              blueprint: \(blueprintPath)
              object: {kind: Namespace, name: pg}
              profile: {name: s3-profile, namespace: pg}
              artifacts: {cloudObject: {keyValue: {backupLocation: "\(location)"}}}
              podOverride: \(override)
            """)
        #expect(delete["state"] as? String == "complete")
        #expect(!FileManager.default.fileExists(atPath: object.path), "the dump was deleted from the store")
    }

    /// `postgres-task` finds the server through the Kubernetes service variables of its StatefulSet's Service
    /// and copies the dump with `aws s3 cp`.
    @Test func basicPgdumpBlueprintFindsTheServerThroughServiceVariablesAndRestores() throws {
        let sandbox = try UpstreamSandbox()
        defer { sandbox.stop() }
        let postgres = try PostgresServer(directory: sandbox.directory)
        defer { postgres.stop() }
        let standIns = try StandIns(directory: sandbox.directory)
        try postgres.psql(
            "CREATE TABLE notes (id int PRIMARY KEY, body text); INSERT INTO notes VALUES (1, 'first'), (2, 'second')")
        try sandbox.apply(
            """
            apiVersion: v1
            kind: Namespace
            metadata: {name: kanister}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: my-release-patroni, namespace: kanister}
            spec:
              selector: {app: patroni}
              ports: [{name: postgresql, port: 5432, targetPort: \(postgres.port)}]
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: my-release-patroni, namespace: kanister}
            stringData: {password_superuser: \(postgres.password)}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: aws-creds, namespace: kanister}
            stringData: {aws_access_key_id: AKIDEXAMPLE, aws_secret_access_key: secret}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: postgres-s3-location, namespace: kanister}
            data: {bucket: "s3://pg-bucket"}
            ---
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: my-release-patroni, namespace: kanister}
            spec:
              replicas: 1
              serviceName: my-release-patroni
              selector: {matchLabels: {app: patroni}}
              template:
                metadata: {labels: {app: patroni}}
                spec:
                  containers: [{name: patroni, image: patroni:15}]
            """)
        let override = standIns.podOverride([:])
        let blueprintPath = UpstreamSandbox.upstream("postgres-basic-pgdump/postgres-basic-pgdump-blueprint.yaml")
        let references = """
              configMaps: {location: {name: postgres-s3-location, namespace: kanister}}
              secrets:
                aws: {name: aws-creds, namespace: kanister}
                postgres: {name: my-release-patroni, namespace: kanister}
            """

        let backup = try sandbox.runActionSet(
            """
            - name: backup
              blueprint: \(blueprintPath)
              object: {kind: StatefulSet, name: my-release-patroni, namespace: kanister}
            \(references)
              podOverride: \(override)
            """)
        #expect(backup["state"] as? String == "complete")
        let artifacts = try #require(backup["artifacts"] as? [String: [String: Any]])
        let path = try #require((artifacts["cloudObject"]?["keyValue"] as? [String: String])?["path"])
        #expect(path.hasPrefix("s3://pg-bucket/backups/kanister/my-release-patroni/"))
        let copied = standIns.s3Store.appendingPathComponent(String(path.dropFirst("s3://".count)))
        let dump = String(decoding: try Data(contentsOf: copied), as: UTF8.self)
        #expect(dump.contains("COPY public.notes"))

        try postgres.psql("DROP TABLE notes")
        let restore = try sandbox.runActionSet(
            """
            - name: restore
              blueprint: \(blueprintPath)
              object: {kind: StatefulSet, name: my-release-patroni, namespace: kanister}
            \(references)
              artifacts: {cloudObject: {keyValue: {path: "\(path)"}}}
              podOverride: \(override)
            """)
        #expect(restore["state"] as? String == "complete")
        #expect(try postgres.psql("SELECT id, body FROM notes ORDER BY id") == "1|first\n2|second")
    }

    /// `postgresql-hooks` waits for the StatefulSet's first pod, then rewrites repmgr's node connection strings
    /// through `psql`. (Its Wait condition lacks the `{...}` around `$.status.containerStatuses[].ready`, so it
    /// holds as soon as the pod exists, in Kanister as here.)
    @Test func postgresHaHookRewritesTheRepmgrConnectionStrings() throws {
        let sandbox = try UpstreamSandbox()
        defer { sandbox.stop() }
        let postgres = try PostgresServer(directory: sandbox.directory)
        defer { postgres.stop() }
        let standIns = try StandIns(directory: sandbox.directory)
        try postgres.psql("CREATE DATABASE repmgr")
        try postgres.psql(
            """
            CREATE SCHEMA repmgr; CREATE TABLE repmgr.nodes (node_name text, type text, conninfo text);
            INSERT INTO repmgr.nodes VALUES ('pg-ha-0', 'primary', 'old'), ('pg-ha-1', 'standby', 'old')
            """, database: "repmgr")
        try sandbox.apply(
            """
            apiVersion: v1
            kind: Namespace
            metadata: {name: db}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: pg-ha, namespace: db}
            stringData: {password: \(postgres.password), repmgr-password: repl-secret}
            ---
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: pg-ha, namespace: db}
            spec:
              replicas: 1
              serviceName: pg-ha-headless
              selector: {matchLabels: {app: pg-ha}}
              template:
                metadata: {labels: {app: pg-ha}}
                spec:
                  containers: [{name: postgresql, image: bitnamilegacy/postgresql-repmgr}]
            """)
        let override = standIns.podOverride(["PGHOSTADDR": "127.0.0.1", "PGPORT": "\(postgres.port)"])
        let run = try sandbox.runActionSet(
            """
            - name: postrestorehook
              blueprint: \(UpstreamSandbox.upstream("postgres-ha-hook/postgres-ha-hook-blueprint.yaml"))
              object: {kind: StatefulSet, name: pg-ha, namespace: db}
              podOverride: \(override)
            """)
        #expect(run["state"] as? String == "complete")
        let phases = try #require(run["phases"] as? [[String: Any]])
        #expect(phases.map { $0["state"] as? String } == ["complete", "complete"])
        // `psql -t` pads the node name with a space, which upstream's script keeps in the host.
        let expected = ["primary": "pg-ha-0", "standby": "pg-ha-1"].sorted { $0.key < $1.key }.map { type, node in
            "\(type)|user=repmgr password=repl-secret host= \(node).pg-ha-headless.db.svc.cluster.local dbname=repmgr port=5432 connect_timeout=5"
        }
        #expect(
            try postgres.psql("SELECT type, conninfo FROM repmgr.nodes ORDER BY type", database: "repmgr")
                == expected.joined(separator: "\n"))
    }

    /// `k8ssandra-blueprint` creates CassandraBackup and CassandraRestore resources and waits for the operator;
    /// the test plays the operator, finishing each one it sees.
    @Test func k8ssandraBlueprintCreatesBackupAndRestoreResourcesAndWaitsForTheOperator() throws {
        let sandbox = try UpstreamSandbox()
        defer { sandbox.stop() }
        try sandbox.apply(
            [
                "cassandradatacenters.cassandra.datastax.com/v1beta1/CassandraDatacenter",
                "cassandrabackups.cassandra.k8ssandra.io/v1alpha1/CassandraBackup",
                "cassandrarestores.cassandra.k8ssandra.io/v1alpha1/CassandraRestore",
            ].map(Self.crd).joined(separator: "---\n"))
        for resource in [
            "cassandradatacenters.cassandra.datastax.com", "cassandrabackups.cassandra.k8ssandra.io",
            "cassandrarestores.cassandra.k8ssandra.io",
        ] {
            try sandbox.waitForResource(resource)
        }
        try sandbox.apply(
            """
            apiVersion: v1
            kind: Namespace
            metadata: {name: cass}
            ---
            apiVersion: cassandra.datastax.com/v1beta1
            kind: CassandraDatacenter
            metadata: {name: dc1, namespace: cass}
            spec: {clusterName: demo, size: 3}
            """)
        let blueprintPath = UpstreamSandbox.upstream("k8ssandra/k8ssandra-blueprint.yaml")
        let object =
            // As a Kanister ActionSet names a custom resource: group and version apart.
            "{apiVersion: v1beta1, group: cassandra.datastax.com, resource: cassandradatacenters, name: dc1, namespace: cass}"
        let operatorStatus =
            #"{"status":{"finishTime":"2026-01-01T00:00:00Z","finished":["dc1-rack1-sts-0"],"restoreKey":"key-1"}}"#

        let backup = try sandbox.runActionSet(
            """
            - name: backup
              blueprint: \(blueprintPath)
              object: \(object)
            """, operating: ["cassandrabackups", "cassandrarestores"], status: operatorStatus)
        #expect(backup["state"] as? String == "complete")
        let artifacts = try #require(backup["artifacts"] as? [String: [String: Any]])
        let info = try #require(artifacts["backupInfo"]?["keyValue"] as? [String: String])
        let name = try #require(info["name"])
        #expect(name.hasPrefix("kanister-demo-dc1-"))
        #expect(info["namespace"] == "cass")
        #expect(info["resource"] == "cassandrabackups")
        #expect(
            try sandbox.kubectl([
                "get", "cassandrabackup", name, "-n", "cass", "-o",
                "jsonpath={.spec.cassandraDatacenter}/{.status.finishTime}",
            ])
                == "dc1/2026-01-01T00:00:00Z")

        let restore = try sandbox.runActionSet(
            """
            - name: restore
              blueprint: \(blueprintPath)
              object: \(object)
              artifacts: {backupInfo: {keyValue: \(Self.flowMap(info))}}
            """, operating: ["cassandrabackups", "cassandrarestores"], status: operatorStatus)
        #expect(restore["state"] as? String == "complete")
        let phases = try #require(restore["phases"] as? [[String: Any]])
        #expect(phases.map { $0["state"] as? String } == ["complete", "complete", "complete"])
        let restoreName = (phases.first?["output"] as? [String: String])?["name"]
        #expect(restoreName == "restore-\(name)")
        // The restore resource is deleted by the blueprint's last phase once the operator finished it.
        #expect(try sandbox.kubectl(["get", "cassandrarestores", "-n", "cass", "-o", "name"]) == "")

        let delete = try sandbox.runActionSet(
            """
            - name: delete
              blueprint: \(blueprintPath)
              object: \(object)
              artifacts: {backupInfo: {keyValue: \(Self.flowMap(info))}}
            """)
        #expect(delete["state"] as? String == "complete")
        #expect(try sandbox.kubectl(["get", "cassandrabackups", "-n", "cass", "-o", "name"]) == "")
    }

    /// A minimal namespaced CRD from "plural.group/version/Kind", with a status subresource.
    private static func crd(_ spec: String) -> String {
        let parts = spec.split(separator: "/").map(String.init)
        let plural = String(parts[0].prefix { $0 != "." })
        let group = String(parts[0].drop { $0 != "." }.dropFirst())
        return """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: \(parts[0])}
            spec:
              group: \(group)
              scope: Namespaced
              names: {plural: \(plural), singular: \(parts[2].lowercased()), kind: \(parts[2]), listKind: \(parts[2])List}
              versions:
              - name: \(parts[1])
                served: true
                storage: true
                subresources: {status: {}}
                schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}

            """
    }

    private static func flowMap(_ map: [String: String]) -> String {
        "{" + map.sorted { $0.key < $1.key }.map { "\($0.key): \"\($0.value)\"" }.joined(separator: ", ") + "}"
    }
}

// MARK: - Sandbox

/// A sandbox started with `coffer sandbox up` in a temporary directory, with a catalog beside it.
private struct UpstreamSandbox {
    let directory: URL
    var kubeconfig: String { directory.appendingPathComponent("kubeconfig").path }
    var catalog: String { directory.appendingPathComponent("catalog.sqlite").path }

    init(sourceLocation: SourceLocation = #_sourceLocation) throws {
        directory = try Fixtures.temporaryDirectory("coffer-upstream")
        // Pods run as `nobody` under root; they must reach the stand-ins and stores below this folder.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        let up = try CofferProcess.run(["sandbox", "up", "--dir", directory.path])
        try #require(up.exitCode == 0, "sandbox up failed: \(up.stderr)", sourceLocation: sourceLocation)
    }

    static func upstream(_ file: String) -> String {
        Fixtures.upstreamBlueprintsDirectory.appendingPathComponent(file).path
    }

    func stop() {
        _ = try? CofferProcess.run(["sandbox", "down", "--dir", directory.path])
        try? FileManager.default.removeItem(at: directory)
    }

    /// kubectl's stdout; fails the test when kubectl fails or is not installed.
    @discardableResult
    func kubectl(_ arguments: [String], stdin: String? = nil, sourceLocation: SourceLocation = #_sourceLocation)
        throws -> String
    {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .map { "\($0)/kubectl" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        let result = try HostCommand.run(
            try #require(path, "kubectl is not on PATH", sourceLocation: sourceLocation), arguments, stdin: stdin,
            environment: [
                "KUBECONFIG": kubeconfig, "KUBECACHEDIR": directory.appendingPathComponent("kubecache").path,
            ])
        try #require(
            result.status == 0, "kubectl \(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        return result.stdout
    }

    func apply(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try kubectl(["apply", "-f", "-"], stdin: yaml, sourceLocation: sourceLocation)
    }

    /// Waits until discovery serves `resource` (a CRD's name), so kubectl can create its objects.
    func waitForResource(_ resource: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try kubectl(
            ["wait", "--for=condition=Established", "crd/\(resource)", "--timeout=60s"], sourceLocation: sourceLocation)
    }

    /// A Kanister Profile `s3-profile` in `namespace`, with its key-pair Secret, and the Profile CRD.
    func createProfile(namespace: String, bucket: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try apply(
            """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: profiles.cr.kanister.io}
            spec:
              group: cr.kanister.io
              scope: Namespaced
              names: {plural: profiles, singular: profile, kind: Profile, listKind: ProfileList}
              versions:
              - name: v1alpha1
                served: true
                storage: true
                schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
            """, sourceLocation: sourceLocation)
        try waitForResource("profiles.cr.kanister.io", sourceLocation: sourceLocation)
        try apply(
            """
            apiVersion: v1
            kind: Secret
            metadata: {name: s3-creds, namespace: \(namespace)}
            stringData: {aws_access_key_id: AKIDEXAMPLE, aws_secret_access_key: not-a-secret}
            ---
            apiVersion: cr.kanister.io/v1alpha1
            kind: Profile
            metadata: {name: s3-profile, namespace: \(namespace)}
            location: {type: s3Compliant, bucket: \(bucket), endpoint: "http://127.0.0.1:9", region: us-east-1}
            credential:
              type: keyPair
              keyPair:
                idField: aws_access_key_id
                secretField: aws_secret_access_key
                secret: {apiVersion: v1, kind: Secret, name: s3-creds, namespace: \(namespace)}
            skipSSLVerify: false
            """, sourceLocation: sourceLocation)
    }

    /// Runs an ActionSet with `actions` (YAML list items) through `coffer run -f`, and returns the run's record.
    ///
    /// With `operating`, the test plays an operator while the run goes on: every object of those resources
    /// in the run's namespaces without a `status` gets `status` merged into its status subresource.
    func runActionSet(
        _ actions: String, operating resources: [String] = [], status: String = "",
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> [String: Any] {
        let file = directory.appendingPathComponent("actionset-\(UUID().uuidString.prefix(8)).yaml")
        let indented = actions.split(separator: "\n", omittingEmptySubsequences: false).map { "  \($0)" }
            .joined(separator: "\n")
        try Data(
            """
            apiVersion: cr.kanister.io/v1alpha1
            kind: ActionSet
            metadata: {generateName: upstream-, namespace: kanister}
            spec:
              actions:
            \(indented)

            """.utf8
        ).write(to: file)
        let arguments = [
            "run", "-f", file.path, "--kubeconfig", kubeconfig, "--catalog", catalog, "--yes", "-o", "json",
        ]
        let result: (status: Int32, stdout: String, stderr: String)
        if resources.isEmpty {
            let run = try CofferProcess.run(arguments, timeout: 300)
            result = (run.exitCode, run.stdout, run.stderr)
        } else {
            result = try operate(resources, status: status, while: arguments, sourceLocation: sourceLocation)
        }
        try #require(result.status == 0, "coffer run failed: \(result.stderr)", sourceLocation: sourceLocation)
        let line = try #require(result.stdout.split(separator: "\n").last, "no output", sourceLocation: sourceLocation)
        let record = try #require(
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], sourceLocation: sourceLocation)
        if let id = record["id"] as? String {
            // The catalog keeps the same record.
            let described = try CofferProcess.run(["runs", "describe", id, "--catalog", catalog, "-o", "json"])
            #expect(described.exitCode == 0, "\(described.stderr)", sourceLocation: sourceLocation)
            let stored = try JSONSerialization.jsonObject(with: Data(described.stdout.utf8)) as? [String: Any]
            #expect(stored?["state"] as? String == record["state"] as? String, sourceLocation: sourceLocation)
        }
        return record
    }

    /// Runs `coffer` with `arguments` in the background and finishes every new object of `resources` until it
    /// exits (a poll, not a watch, to keep the stand-in operator small).
    private func operate(
        _ resources: [String], status: String, while arguments: [String], sourceLocation: SourceLocation
    ) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = CofferProcess.executable
        process.arguments = arguments
        let stdout = directory.appendingPathComponent("operated.out")
        let stderr = directory.appendingPathComponent("operated.err")
        for file in [stdout, stderr] { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let deadline = Date().addingTimeInterval(300)  // a hang guard
        while process.isRunning, Date() < deadline {
            for resource in resources {
                let pending = try kubectl(
                    [
                        "get", resource, "-A", "-o",
                        #"jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}/{.status.finishTime}{"\n"}{end}"#,
                    ],
                    sourceLocation: sourceLocation)
                for line in pending.split(separator: "\n") {
                    let fields = line.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
                    guard fields.count == 3, fields[2].isEmpty else { continue }
                    try kubectl(
                        [
                            "patch", resource, fields[1], "-n", fields[0], "--subresource=status", "--type=merge", "-p",
                            status,
                        ],
                        sourceLocation: sourceLocation)
                }
            }
            usleep(200_000)
        }
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: try Data(contentsOf: stdout), as: UTF8.self),
            String(decoding: try Data(contentsOf: stderr), as: UTF8.self)
        )
    }
}

// MARK: - PostgreSQL

/// A real PostgreSQL 15 server on 127.0.0.1 at a free port, with superuser `postgres` and a password; it runs
/// as `nobody` when the tests run as root (PostgreSQL refuses root).
private struct PostgresServer {
    static let binaries = "/usr/lib/postgresql/15/bin"
    let directory: URL
    let port: Int
    let password = "pg-\(UUID().uuidString.prefix(8))"
    private var data: URL { directory.appendingPathComponent("data") }

    init(directory parent: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: "\(Self.binaries)/postgres"),
            "PostgreSQL 15 is not installed (\(Self.binaries)): scripts/install-deps installs postgresql-15",
            sourceLocation: sourceLocation)
        directory = parent.appendingPathComponent("postgres")
        try FileManager.default.createDirectory(
            at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o777])
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: directory.path)
        port = try freePort()
        let passwordFile = directory.appendingPathComponent("pwfile")
        try Data(password.utf8).write(to: passwordFile)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: passwordFile.path)
        let initdb = try HostCommand.run(
            "\(Self.binaries)/initdb",
            [
                "-D", data.path, "-U", "postgres", "--pwfile", passwordFile.path, "--auth", "scram-sha-256",
                "-E", "UTF8", "--locale", "C",
            ],
            asPodUser: true)
        try #require(initdb.status == 0, "initdb failed: \(initdb.stderr)", sourceLocation: sourceLocation)
        let options = "-c listen_addresses=127.0.0.1 -p \(port) -k \(directory.path)"
        // pg_ctl -w returns once the server accepts connections (it polls as pg_isready does).
        let start = try HostCommand.run(
            "\(Self.binaries)/pg_ctl",
            [
                "start", "-w", "-t", "60", "-D", data.path, "-o", options, "-l",
                directory.appendingPathComponent("log").path,
            ],
            asPodUser: true, outputFile: directory.appendingPathComponent("pg_ctl.out"))
        try #require(start.status == 0, "postgres did not start: \(start.stdout)", sourceLocation: sourceLocation)
        let ready = try HostCommand.run("\(Self.binaries)/pg_isready", ["-h", "127.0.0.1", "-p", "\(port)"])
        try #require(ready.status == 0, "postgres is not ready: \(ready.stdout)", sourceLocation: sourceLocation)
    }

    /// Runs `sql` over TCP as `postgres` and returns unaligned rows, `|`-separated, without the final newline.
    @discardableResult
    func psql(_ sql: String, database: String = "postgres", sourceLocation: SourceLocation = #_sourceLocation) throws
        -> String
    {
        let result = try HostCommand.run(
            "\(Self.binaries)/psql",
            [
                "-h", "127.0.0.1", "-p", "\(port)", "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-X",
                "-A", "-t", "-q", "-c", sql,
            ],
            environment: ["PGPASSWORD": password])
        try #require(result.status == 0, "psql \(sql): \(result.stderr)", sourceLocation: sourceLocation)
        return String(result.stdout.dropLast(result.stdout.hasSuffix("\n") ? 1 : 0))
    }

    func stop() {
        _ = try? HostCommand.run("\(Self.binaries)/pg_ctl", ["stop", "-m", "fast", "-D", data.path], asPodUser: true)
    }
}

/// A port nothing listens on at the moment, on 127.0.0.1.
private func freePort() throws -> Int {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socket >= 0 else { throw POSIXError(.EMFILE) }
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0
        }
    }
    guard bound else { throw POSIXError(.EADDRINUSE) }
    return Int(UInt16(bigEndian: address.sin_port))
}

// MARK: - Stand-ins

/// `kando` and `aws` as shell scripts, and the folders they keep objects in.
///
/// `kando location push|pull|delete` keeps objects under `$KANDO_STORE/<profile bucket>/<prefix>/<path>`;
/// `aws s3 cp` maps `s3://bucket/key` to `$AWS_S3_STORE/bucket/key`.
private struct StandIns {
    let bin: URL
    let kandoStore: URL
    let s3Store: URL

    static let kando = #"""
        #!/bin/sh
        # Stand-in for Kanister's kando: `output KEY VALUE`, and `location push|pull|delete` on a local folder.
        set -eu
        escape() { printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\t/\\t/g' | awk 'NR > 1 { printf "\\n" } { printf "%s", $0 }'; }
        field() { printf '%s' "$profile" | sed -n "s/.*\"$1\": *\"\([^\"]*\)\".*/\1/Ip"; }
        case "${1:-}" in
        output)
            [ $# -eq 3 ] || { echo "usage: kando output KEY VALUE" >&2; exit 1; }
            printf '###Phase-output###: {"key":"%s","value":"%s"}\n' "$(escape "$2")" "$(escape "$3")" ;;
        location)
            verb=$2; shift 2; profile=""; path=""; file=""
            while [ $# -gt 0 ]; do
                case "$1" in
                --profile) profile=$2; shift 2 ;;
                --path) path=$2; shift 2 ;;
                *) file=$1; shift ;;
                esac
            done
            bucket=$(field bucket)
            [ -n "$bucket" ] && [ -n "$path" ] || { echo "kando: a profile with a bucket and --path are required" >&2; exit 1; }
            object="$KANDO_STORE/$bucket/$(field prefix)/$path"
            case "$verb" in
            push) mkdir -p "$(dirname "$object")"; if [ "$file" = - ]; then cat >"$object"; else cp "$file" "$object"; fi ;;
            pull) if [ "$file" = - ]; then cat "$object"; else cp "$object" "$file"; fi ;;
            delete) rm "$object" ;;
            *) echo "kando: unknown location command $verb" >&2; exit 1 ;;
            esac ;;
        *) echo "kando: unsupported command ${1:-}" >&2; exit 1 ;;
        esac
        """#

    static let aws = #"""
        #!/bin/sh
        # Stand-in for `aws s3 cp SOURCE DESTINATION`, with s3://bucket/key kept under $AWS_S3_STORE.
        set -eu
        [ "${1:-} ${2:-}" = "s3 cp" ] && [ $# -eq 4 ] || { echo "aws stand-in: only 's3 cp SOURCE DESTINATION'" >&2; exit 1; }
        [ -n "${AWS_ACCESS_KEY_ID:-}" ] && [ -n "${AWS_SECRET_ACCESS_KEY:-}" ] || { echo "aws: no credentials" >&2; exit 1; }
        mapped() { case "$1" in s3://*) printf '%s/%s' "$AWS_S3_STORE" "${1#s3://}" ;; *) printf '%s' "$1" ;; esac; }
        source=$(mapped "$3"); destination=$(mapped "$4")
        mkdir -p "$(dirname "$destination")"
        cp "$source" "$destination"
        """#

    init(directory: URL) throws {
        bin = directory.appendingPathComponent("standins")
        kandoStore = directory.appendingPathComponent("kando-store")
        s3Store = directory.appendingPathComponent("s3-store")
        for (folder, mode) in [(bin, 0o755), (kandoStore, 0o777), (s3Store, 0o777)] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: folder.path)
        }
        for (name, script) in [("kando", Self.kando), ("aws", Self.aws)] {
            let file = bin.appendingPathComponent(name)
            try Data((script + "\n").utf8).write(to: file)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path)
        }
    }

    /// A `podOverride` (JSON, which YAML reads) for KubeTask's container `container`: the stand-ins and
    /// PostgreSQL 15 first on `PATH`, the stores, and `extra`.
    func podOverride(_ extra: [String: String]) -> String {
        var environment = extra
        environment["PATH"] = "\(bin.path):\(PostgresServer.binaries):/usr/local/bin:/usr/bin:/bin"
        environment["KANDO_STORE"] = kandoStore.path
        environment["AWS_S3_STORE"] = s3Store.path
        let env = environment.sorted { $0.key < $1.key }.map { #"{"name":"\#($0.key)","value":"\#($0.value)"}"# }
        return #"{"containers":[{"name":"container","env":[\#(env.joined(separator: ","))]}]}"#
    }
}

// MARK: - Host commands

private enum HostCommand {
    /// Runs `executable` and waits; with `asPodUser`, as the user the sandbox runs pods as (`nobody` under root).
    ///
    /// With `outputFile`, both streams go to that file (returned as stdout): a command that leaves a daemon
    /// behind holding them (pg_ctl start) must not be read to end-of-file.
    static func run(
        _ executable: String, _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
        asPodUser: Bool = false, outputFile: URL? = nil
    ) throws -> (status: Int32, stdout: String, stderr: String) {
        let command =
            asPodUser && getuid() == 0 ? ["/usr/sbin/runuser", "-u", "nobody", "--", executable] : [executable]
        let fullEnvironment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        if let outputFile {
            let status = try spawnAndWait(command + arguments, environment: fullEnvironment, outputFile: outputFile)
            return (status, String(decoding: try Data(contentsOf: outputFile), as: UTF8.self), "")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst()) + arguments
        process.environment = fullEnvironment
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        let output = Pipe()
        let errors = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Both pipes drain concurrently so a chatty command never blocks on a full pipe.
        let collected = Collected()
        let group = DispatchGroup()
        for (pipe, isError) in [(output, false), (errors, true)] {
            group.enter()
            DispatchQueue.global().async {
                collected.store(pipe.fileHandleForReading.readDataToEndOfFile(), isError: isError)
                group.leave()
            }
        }
        group.wait()
        process.waitUntilExit()
        return (process.terminationStatus, collected.text(isError: false), collected.text(isError: true))
    }

    /// Runs `arguments` with `posix_spawn` and `waitpid`, output to `outputFile`.
    ///
    /// Foundation's `Process` notices an exit only once every inheritor of its notification socket closed it,
    /// which a daemon the command leaves behind (postmaster, started by `pg_ctl start`) never does.
    private static func spawnAndWait(_ arguments: [String], environment: [String: String], outputFile: URL) throws
        -> Int32
    {
        let environment = environment.map { "\($0.key)=\($0.value)" }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, argv, envp)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EINVAL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS, which Swift cannot import (they are macros).
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    private final class Collected: @unchecked Sendable {
        // @unchecked: both fields are written under `lock` and read after every writer finished.
        private let lock = NSLock()
        private var stdout = Data()
        private var stderr = Data()

        func store(_ data: Data, isError: Bool) {
            lock.withLock { if isError { stderr = data } else { stdout = data } }
        }

        func text(isError: Bool) -> String {
            lock.withLock { String(decoding: isError ? stderr : stdout, as: UTF8.self) }
        }
    }
}
