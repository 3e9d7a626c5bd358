/// Where a run's record is kept as it progresses, so an interrupted run can be resumed.
public protocol RunJournal: Sendable {
    /// Stores `record`, replacing an earlier version of the same run.
    func save(_ record: RunRecord) async throws
    /// The run with `id`, or `nil` when there is none.
    func load(_ id: String) async throws -> RunRecord?
    /// Adds `lines` to the end of the run's log.
    func appendLog(_ id: String, _ lines: [RunLogLine]) async throws
    /// The run's log, oldest line first.
    func log(_ id: String) async throws -> [RunLogLine]
}

/// A journal that keeps runs in memory: for dry runs and tests.
public actor MemoryRunJournal: RunJournal {
    private var records: [String: RunRecord] = [:]
    private var logs: [String: [RunLogLine]] = [:]
    /// How many times ``save(_:)`` was called.
    public private(set) var saves = 0

    /// An empty journal.
    public init() {}

    public func save(_ record: RunRecord) {
        records[record.id] = record
        saves += 1
    }

    public func load(_ id: String) -> RunRecord? { records[id] }

    public func appendLog(_ id: String, _ lines: [RunLogLine]) { logs[id, default: []] += lines }

    public func log(_ id: String) -> [RunLogLine] { logs[id] ?? [] }
}
