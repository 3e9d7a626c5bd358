import CofferBlueprint
import CofferCore
import Foundation
import Testing

@testable import CofferCatalog

@Suite struct CatalogStoreTests {
    /// A fresh database file, removed with its WAL files when the test ends.
    final class TemporaryFile {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("coffer-\(UUID().uuidString).db").path
        deinit {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
    }

    static func record(state: RunState = .running) -> RunRecord {
        var record = RunRecord(
            id: "run-1", blueprint: "bp",
            request: RunRequest(
                action: "backup", object: ObjectReference(kind: "StatefulSet", name: "db", namespace: "prod"),
                options: ["mode": "full"], secrets: ["creds": ObjectReference(name: "db-creds", namespace: "prod")]),
            time: "2026-01-01T00:00:00Z",
            phases: [
                PhaseRecord(name: "dump", function: "KubeExec"), PhaseRecord(name: "upload", function: "KubeTask"),
            ],
            deferPhase: PhaseRecord(name: "cleanup", function: "KubeExec"))
        record.phases[0].state = .complete
        record.phases[0].output = ["path": "/backups/db.sql"]
        record.phases[0].attempts = 2
        record.phases[0].startedAt = "2026-01-01T00:00:01Z"
        record.state = state
        return record
    }

    @Test func savedRunsReadBackWhenTheFileIsOpenedAgain() async throws {
        let file = TemporaryFile()
        try await CatalogStore(path: file.path).save(Self.record())

        let loaded = try await CatalogStore(path: file.path).load("run-1")

        #expect(loaded == Self.record())
        #expect(loaded?.request.secrets["creds"]?.name == "db-creds")
    }

    @Test func savingAgainReplacesTheRunsState() async throws {
        let store = try CatalogStore(path: ":memory:")
        try await store.save(Self.record())
        try await store.save(Self.record(state: .complete))

        #expect(try await store.load("run-1")?.state == .complete)
        #expect(try await store.runs().count == 1)
    }

    @Test func unknownRunIsNil() async throws {
        #expect(try await CatalogStore(path: ":memory:").load("nope") == nil)
    }

    @Test func aCatalogFromANewerCofferIsRefused() throws {
        let file = TemporaryFile()
        _ = try CatalogStore(path: file.path)
        let connection = try SQLiteConnection(path: file.path)
        try connection.execute("PRAGMA user_version = 99")

        let error = try #require(throws: CatalogError.self) { try CatalogStore(path: file.path) }

        #expect(error.code == .schema)
        #expect(error.description == "catalog \"\(file.path)\" has schema version 99; this Coffer reads up to 2")
    }

    @Test func logLinesReadBackInOrderAndFollowFromTheLastOneSeen() async throws {
        let store = try CatalogStore(path: ":memory:")
        try await store.save(Self.record())
        func line(_ text: String, _ stream: RunLogLine.Stream = .stdout) -> RunLogLine {
            RunLogLine(time: "2026-01-01T00:00:02Z", phase: "dump", attempt: 1, stream: stream, source: "db-0/pg", text: text)
        }
        try await store.appendLog("run-1", [line("one"), line("two", .stderr)])
        let first = try await store.log("run-1", after: 0)
        try await store.appendLog("run-1", [line("three")])

        #expect(first.lines == [line("one"), line("two", .stderr)])
        #expect(try await store.log("run-1", after: first.last).lines == [line("three")])
        #expect(try await store.log("run-1").map(\.text) == ["one", "two", "three"])
        #expect(try await store.log("run-2").isEmpty)
    }

    @Test func aVersion1CatalogGainsRunLogsAndKeepsItsRuns() async throws {
        let file = TemporaryFile()
        do {
            let connection = try SQLiteConnection(path: file.path)
            try connection.execute(
                """
                CREATE TABLE runs (
                    id TEXT PRIMARY KEY, action TEXT NOT NULL, blueprint TEXT NOT NULL, object TEXT NOT NULL,
                    state TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT, error TEXT, record TEXT NOT NULL);
                CREATE TABLE run_phases (
                    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, position INTEGER NOT NULL,
                    is_defer INTEGER NOT NULL, name TEXT NOT NULL, func TEXT NOT NULL, state TEXT NOT NULL,
                    attempts INTEGER NOT NULL, started_at TEXT, finished_at TEXT, error TEXT, output TEXT NOT NULL,
                    PRIMARY KEY (run_id, position));
                PRAGMA user_version = 1;
                """)
            try connection.query(
                "INSERT INTO runs VALUES ('run-1', 'backup', 'bp', 'x', 'running', 't', NULL, NULL, ?)",
                [.text(Self.record().value.jsonString(sortedKeys: true))])
        }

        let store = try CatalogStore(path: file.path)
        try await store.appendLog(
            "run-1", [RunLogLine(time: "t", phase: "", attempt: 0, stream: .coffer, text: "run resumed")])

        #expect(try await store.load("run-1") == Self.record())
        #expect(try await store.log("run-1").map(\.text) == ["run resumed"])
        #expect(try SQLiteConnection(path: file.path).query("PRAGMA user_version").first?.first?.int == 2)
    }

    @Test func theFileUsesWriteAheadLogging() throws {
        let file = TemporaryFile()
        _ = try CatalogStore(path: file.path)
        let mode = try SQLiteConnection(path: file.path).query("PRAGMA journal_mode").first?.first?.text
        #expect(mode == "wal")
    }

    @Test func phasesAreStoredAsRowsToo() async throws {
        let file = TemporaryFile()
        try await CatalogStore(path: file.path).save(Self.record())

        let rows = try SQLiteConnection(path: file.path).query(
            "SELECT position, is_defer, name, state, attempts, output FROM run_phases WHERE run_id = 'run-1' ORDER BY position"
        )

        #expect(rows.map { $0[2].text } == ["dump", "upload", "cleanup"])
        #expect(rows.map { $0[1].int } == [0, 0, 1])
        #expect(rows[0][5].text == #"{"path":"/backups/db.sql"}"#)
        #expect(rows[0][4].int == 2)
    }
}
