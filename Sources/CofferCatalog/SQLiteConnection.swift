internal import CCofferSQLite

/// One open SQLite database; closed when released. Used only through ``Confined``.
final class SQLiteConnection {
    private let handle: OpaquePointer
    let path: String

    /// Opens (creating if needed) the database at `path`, in WAL mode with a busy timeout.
    init(path: String) throws(CatalogError) {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(handle)
            throw CatalogError(.open, "cannot open catalog \"\(path)\": \(message)")
        }
        self.handle = handle
        self.path = path
        sqlite3_busy_timeout(handle, 5000)
        try execute("PRAGMA journal_mode=WAL")
        try execute("PRAGMA foreign_keys=ON")
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Runs SQL without parameters or results (several statements allowed).
    func execute(_ sql: String) throws(CatalogError) {
        var error: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &error) == SQLITE_OK else {
            let message = error.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(error)
            throw CatalogError(.query, "catalog \"\(path)\": \(message)")
        }
    }

    /// A value bound to a `?` parameter or read from a column.
    enum Datum: Equatable {
        case null
        case int(Int64)
        case text(String)

        var text: String? {
            if case .text(let text) = self { return text }
            return nil
        }
        var int: Int64? {
            if case .int(let int) = self { return int }
            return nil
        }
    }

    /// Runs one statement with `parameters`; returns its rows.
    @discardableResult
    func query(_ sql: String, _ parameters: [Datum] = []) throws(CatalogError) -> [[Datum]] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw failure()
        }
        defer { sqlite3_finalize(statement) }
        // SQLITE_TRANSIENT: SQLite copies the bytes before `bind` returns; the macro is not imported.
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (index, parameter) in parameters.enumerated() {
            let position = Int32(index + 1)
            switch parameter {
            case .null: sqlite3_bind_null(statement, position)
            case .int(let int): sqlite3_bind_int64(statement, position, int)
            case .text(let text): sqlite3_bind_text(statement, position, text, -1, transient)
            }
        }
        var rows: [[Datum]] = []
        while true {
            switch sqlite3_step(statement) {
            case SQLITE_ROW:
                var row: [Datum] = []
                for column in 0..<sqlite3_column_count(statement) {
                    switch sqlite3_column_type(statement, column) {
                    case SQLITE_NULL: row.append(.null)
                    case SQLITE_INTEGER: row.append(.int(sqlite3_column_int64(statement, column)))
                    default:
                        row.append(.text(sqlite3_column_text(statement, column).map { String(cString: $0) } ?? ""))
                    }
                }
                rows.append(row)
            case SQLITE_DONE:
                return rows
            default:
                throw failure()
            }
        }
    }

    /// Runs `body` in a transaction, rolled back if it throws.
    func transaction<T>(_ body: () throws(CatalogError) -> T) throws(CatalogError) -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    private func failure() -> CatalogError {
        CatalogError(.query, "catalog \"\(path)\": \(String(cString: sqlite3_errmsg(handle)))")
    }
}

@available(*, unavailable)
extension SQLiteConnection: Sendable {}
