public import CofferBlueprint
import CofferCore

/// Coffer's local catalog: an embedded SQLite file holding run journals (and, later, restore points).
///
/// Safe to share between tasks: every statement runs on the connection's own serial queue.
public struct CatalogStore: Sendable, RunJournal {
    /// The schema version this Coffer writes; files with a newer one are refused.
    static let schemaVersion: Int64 = 2
    private let connection: Confined<SQLiteConnection>

    /// Opens or creates the catalog at `path` (`:memory:` for a private in-memory one).
    ///
    /// Opening a local file is quick, so this runs on the caller's thread.
    /// - Throws: ``CatalogError`` with code `open` or `schema`.
    public init(path: String) throws {
        let connection = try SQLiteConnection(path: path)
        try Self.migrate(connection)
        self.connection = Confined(label: "coffer.catalog", connection)
    }

    private static func migrate(_ db: SQLiteConnection) throws(CatalogError) {
        let version = try db.query("PRAGMA user_version").first?.first?.int ?? 0
        guard version <= schemaVersion else {
            throw CatalogError(
                .schema,
                "catalog \"\(db.path)\" has schema version \(version); this Coffer reads up to \(schemaVersion)")
        }
        if version < 1 { try createRuns(db) }
        if version < 2 { try createRunLogs(db) }
    }

    private static func createRuns(_ db: SQLiteConnection) throws(CatalogError) {
        try db.transaction { () throws(CatalogError) in
            try db.execute(
                """
                CREATE TABLE runs (
                    id TEXT PRIMARY KEY, action TEXT NOT NULL, blueprint TEXT NOT NULL, object TEXT NOT NULL,
                    state TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT, error TEXT,
                    record TEXT NOT NULL);
                CREATE TABLE run_phases (
                    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, position INTEGER NOT NULL,
                    is_defer INTEGER NOT NULL, name TEXT NOT NULL, func TEXT NOT NULL, state TEXT NOT NULL,
                    attempts INTEGER NOT NULL, started_at TEXT, finished_at TEXT, error TEXT, output TEXT NOT NULL,
                    PRIMARY KEY (run_id, position));
                CREATE INDEX runs_by_start ON runs(started_at);
                PRAGMA user_version = 1;
                """)
        }
    }

    /// Version 2: what phases printed and what the engine did, line by line, in the order it happened.
    private static func createRunLogs(_ db: SQLiteConnection) throws(CatalogError) {
        try db.transaction { () throws(CatalogError) in
            try db.execute(
                """
                CREATE TABLE run_logs (
                    line INTEGER PRIMARY KEY, run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    time TEXT NOT NULL, phase TEXT NOT NULL, attempt INTEGER NOT NULL, stream TEXT NOT NULL,
                    source TEXT, text TEXT NOT NULL);
                CREATE INDEX run_logs_by_run ON run_logs(run_id, line);
                PRAGMA user_version = 2;
                """)
        }
    }

    /// Stores `record` and its phases, replacing the run's earlier state, in one transaction.
    public func save(_ record: RunRecord) async throws {
        let json = record.value.jsonString(sortedKeys: true)
        let object = "\(record.request.object.kind)/\(record.request.object.namespace)/\(record.request.object.name)"
        let phases = record.phases.map { ($0, false) } + (record.deferPhase.map { [($0, true)] } ?? [])
        let rows: [[SQLiteConnection.Datum]] = phases.enumerated().map { position, entry in
            let (phase, isDefer) = entry
            let output = Value.object(ValueMap(phase.output.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
            return [
                .text(record.id), .int(Int64(position)), .int(isDefer ? 1 : 0), .text(phase.name),
                .text(phase.function),
                .text(phase.state.rawValue), .int(Int64(phase.attempts)), phase.startedAt.map { .text($0) } ?? .null,
                phase.finishedAt.map { .text($0) } ?? .null, phase.error.map { .text($0) } ?? .null,
                .text(output.jsonString(sortedKeys: true)),
            ]
        }
        let run: [SQLiteConnection.Datum] = [
            .text(record.id), .text(record.action), .text(record.blueprint), .text(object),
            .text(record.state.rawValue),
            .text(record.startedAt), record.finishedAt.map { .text($0) } ?? .null,
            record.error.map { .text($0) } ?? .null,
            .text(json),
        ]
        try await connection.run { db in
            try db.transaction { () throws(CatalogError) in
                try db.query(
                    """
                    INSERT INTO runs (id, action, blueprint, object, state, started_at, finished_at, error, record)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET state = excluded.state, finished_at = excluded.finished_at,
                        error = excluded.error, record = excluded.record
                    """, run)
                try db.query("DELETE FROM run_phases WHERE run_id = ?", [.text(record.id)])
                for row in rows {
                    try db.query(
                        """
                        INSERT INTO run_phases (run_id, position, is_defer, name, func, state, attempts, started_at,
                            finished_at, error, output) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, row)
                }
            }
        }
    }

    /// The run with `id`, or `nil`.
    ///
    /// - Throws: ``CatalogError`` with code `query`, or `corrupt` when the stored record cannot be read.
    public func load(_ id: String) async throws -> RunRecord? {
        let text = try await connection.run { db in
            try db.query("SELECT record FROM runs WHERE id = ?", [.text(id)]).first?.first?.text
        }
        guard let text else { return nil }
        do {
            return try RunRecord(value: Value(json: text))
        } catch {
            throw CatalogError(.corrupt, "run \"\(id)\" in the catalog cannot be read: \(error)")
        }
    }

    /// Adds `lines` to the end of the run's log, in one transaction.
    public func appendLog(_ id: String, _ lines: [RunLogLine]) async throws {
        guard !lines.isEmpty else { return }
        try await connection.run { db in
            try db.transaction { () throws(CatalogError) in
                for line in lines {
                    try db.query(
                        """
                        INSERT INTO run_logs (run_id, time, phase, attempt, stream, source, text)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                        [
                            .text(id), .text(line.time), .text(line.phase), .int(Int64(line.attempt)),
                            .text(line.stream.rawValue), line.source.map { .text($0) } ?? .null, .text(line.text),
                        ])
                }
            }
        }
    }

    /// The run's log, oldest line first.
    public func log(_ id: String) async throws -> [RunLogLine] {
        try await log(id, after: 0).lines
    }

    /// The run's log lines stored after line number `after`, and the number of the last one (for following).
    public func log(_ id: String, after: Int64) async throws -> (lines: [RunLogLine], last: Int64) {
        let rows = try await connection.run { db in
            try db.query(
                """
                SELECT line, time, phase, attempt, stream, source, text FROM run_logs
                WHERE run_id = ? AND line > ? ORDER BY line
                """, [.text(id), .int(after)])
        }
        var last = after
        let lines = rows.map { row in
            last = row[0].int ?? last
            return RunLogLine(
                time: row[1].text ?? "", phase: row[2].text ?? "", attempt: Int(row[3].int ?? 0),
                stream: RunLogLine.Stream(rawValue: row[4].text ?? "") ?? .stdout, source: row[5].text,
                text: row[6].text ?? "")
        }
        return (lines, last)
    }

    /// Every run, most recent first.
    public func runs() async throws -> [RunRecord] {
        let texts = try await connection.run { db in
            try db.query("SELECT record FROM runs ORDER BY started_at DESC, id").compactMap { $0.first?.text }
        }
        return try texts.map { try RunRecord(value: Value(json: $0)) }
    }
}
