public import CofferBlueprint
import CofferCore

/// Coffer's local catalog: an embedded SQLite file holding run journals (and, later, restore points).
///
/// Safe to share between tasks: every statement runs on the connection's own serial queue.
public struct CatalogStore: Sendable, RunJournal {
    /// The schema version this Coffer writes; files with a newer one are refused.
    static let schemaVersion: Int64 = 1
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
        guard version < 1 else { return }
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

    /// Every run, most recent first.
    public func runs() async throws -> [RunRecord] {
        let texts = try await connection.run { db in
            try db.query("SELECT record FROM runs ORDER BY started_at DESC, id").compactMap { $0.first?.text }
        }
        return try texts.map { try RunRecord(value: Value(json: $0)) }
    }
}
