import CofferCore
import CofferKubeAPI
import NIOConcurrencyHelpers

/// Every object of every resource, a global resourceVersion, and the recent changes watchers replay.
///
/// All state sits behind one lock, held only for in-memory work and one journal append, so a read-modify-write
/// (an update, a patch) is atomic: concurrent clients never lose an update, and a stale resourceVersion is
/// detected under the same lock that commits.
final class ObjectStore: @unchecked Sendable {
    // @unchecked: every stored property below `lock` is read and written only while holding `lock`.
    private let lock = NIOLock()
    private var tables: [GroupResource: [ObjectKey: StoredObject]] = [:]
    private var currentResourceVersion: Int64 = 0
    private var history: [WatchEvent] = []
    private var historyStart = 0
    /// The newest resourceVersion no longer in `history`: a watch from before it gets 410 Gone.
    private var compactedThrough: Int64 = 0
    private let historyCapacity: Int
    private var watchers: [Int: Watcher] = [:]
    private var nextWatcherID = 0
    private var journal: Journal?
    private let journalPath: String?
    /// Appends since the journal was last rewritten as a snapshot.
    private var appendsSinceCompaction = 0

    /// What a mutation decides to do with the object it was shown.
    enum Mutation {
        case keep
        case put(Value)
        case remove
    }

    struct Watcher {
        var resource: GroupResource
        var namespace: String?
        var sink: @Sendable (WatchEvent) -> Void
    }

    /// A store kept in memory only.
    init(historyCapacity: Int = 10_000) {
        self.historyCapacity = historyCapacity
        journal = nil
        journalPath = nil
    }

    /// A store persisted in `journalPath`, loaded from it first.
    init(journalPath: String, historyCapacity: Int = 10_000) throws {
        self.historyCapacity = historyCapacity
        self.journalPath = journalPath
        var live: [GroupResource: [ObjectKey: StoredObject]] = [:]
        var newest: Int64 = 0
        for record in try Journal.read(path: journalPath) {
            newest = max(newest, record.resourceVersion)
            if let object = record.object {
                live[record.resource, default: [:]][record.key] = StoredObject(
                    value: object, resourceVersion: record.resourceVersion)
            } else {
                live[record.resource]?[record.key] = nil
            }
        }
        try Journal.rewrite(path: journalPath, records: Self.snapshot(live, newest: newest))
        tables = live
        currentResourceVersion = newest
        compactedThrough = newest
        journal = try Journal(path: journalPath)
    }

    /// The live objects as journal records, oldest first, ending at `newest`.
    private static func snapshot(_ live: [GroupResource: [ObjectKey: StoredObject]], newest: Int64) -> [Journal.Record]
    {
        var snapshot: [Journal.Record] = []
        for (resource, table) in live {
            for (key, object) in table {
                snapshot.append(
                    .init(resource: resource, key: key, resourceVersion: object.resourceVersion, object: object.value))
            }
        }
        snapshot.sort { $0.resourceVersion < $1.resourceVersion }
        if let last = snapshot.last, last.resourceVersion < newest {
            // Keep the newest resourceVersion even when its change was a deletion, so versions never repeat.
            snapshot.append(.init(resource: last.resource, key: last.key, resourceVersion: newest, object: last.object))
        }
        return snapshot
    }

    /// Rewrites the journal as a snapshot once appends outnumber live objects several times over, so a
    /// long-running sandbox's journal stays proportional to what it holds. Atomic (write, then rename).
    private func compactIfNeeded() {
        guard let journalPath else { return }
        appendsSinceCompaction += 1
        let live = tables.values.reduce(0) { $0 + $1.count }
        guard appendsSinceCompaction > max(10_000, 4 * live) else { return }
        do {
            try Journal.rewrite(path: journalPath, records: Self.snapshot(tables, newest: currentResourceVersion))
            journal = try Journal(path: journalPath)
            appendsSinceCompaction = 0
        } catch {
            // The old journal is intact (rename is atomic); try again at the next change.
        }
    }

    /// The newest resourceVersion.
    var resourceVersion: Int64 { lock.withLock { currentResourceVersion } }

    func get(_ resource: GroupResource, _ key: ObjectKey) -> StoredObject? {
        lock.withLock { tables[resource]?[key] }
    }

    /// The objects of `resource`, in `namespace` or in all of them, sorted by namespace and name.
    func list(_ resource: GroupResource, namespace: String?) -> (objects: [StoredObject], resourceVersion: Int64) {
        lock.withLock {
            let table = tables[resource] ?? [:]
            let keys = table.keys.filter { namespace == nil || $0.namespace == namespace }.sorted()
            return (keys.map { table[$0]! }, currentResourceVersion)  // keys come from `table`
        }
    }

    /// Runs `body` on the current object (nil when absent) under the lock and commits what it decides.
    ///
    /// The store stamps `metadata.resourceVersion` on what is put. Returns the committed object (for a
    /// removal, the last state) and the event kind, or nil when nothing changed.
    @discardableResult
    func mutate(
        _ resource: GroupResource, _ key: ObjectKey,
        _ body: (StoredObject?) throws(APIError) -> Mutation
    ) throws(APIError) -> (object: StoredObject, kind: WatchEvent.Kind)? {
        lock.lock()
        defer { lock.unlock() }
        let current = tables[resource]?[key]
        let mutation = try body(current)
        let next = currentResourceVersion + 1
        let event: WatchEvent
        switch mutation {
        case .keep:
            return nil
        case .put(var value):
            value.setMetadata("resourceVersion", .string(String(next)))
            let stored = StoredObject(value: value, resourceVersion: next)
            event = WatchEvent(
                kind: current == nil ? .added : .modified, resource: resource, key: key, object: stored)
        case .remove:
            guard var value = current?.value else { return nil }
            value.setMetadata("resourceVersion", .string(String(next)))
            event = WatchEvent(
                kind: .deleted, resource: resource, key: key,
                object: StoredObject(value: value, resourceVersion: next))
        }
        do {
            try journal?.append(
                .init(
                    resource: resource, key: key, resourceVersion: next,
                    object: event.kind == .deleted ? Optional<Value>.none : event.object.value))
        } catch {
            throw APIError.internalError("cannot persist the change: \(error)")
        }
        currentResourceVersion = next
        if event.kind == .deleted {
            tables[resource]?[key] = nil
        } else {
            tables[resource, default: [:]][key] = event.object
        }
        record(event)
        compactIfNeeded()
        return (event.object, event.kind)
    }

    private func record(_ event: WatchEvent) {
        history.append(event)
        if history.count - historyStart > historyCapacity {
            compactedThrough = history[historyStart].resourceVersion
            historyStart += 1
            if historyStart > historyCapacity / 2 {
                history.removeFirst(historyStart)
                historyStart = 0
            }
        }
        for watcher in watchers.values
        where watcher.resource == event.resource
            && (watcher.namespace == nil || watcher.namespace == event.key.namespace)
        {
            watcher.sink(event)
        }
    }

    /// Starts a watch: replays what changed after `resourceVersion` (or, when nil, the current objects as
    /// ADDED) and then delivers every change, in order, until ``cancelWatch(_:)``.
    ///
    /// `sink` runs under the store's lock: it must only hand the event on (to an event loop, say).
    /// - Throws: ``APIError`` 410 Gone when `resourceVersion` is older than the retained history.
    func watch(
        _ resource: GroupResource, namespace: String?, from resourceVersion: Int64?,
        sink: @escaping @Sendable (WatchEvent) -> Void
    ) throws(APIError) -> Int {
        lock.lock()
        defer { lock.unlock() }
        if let resourceVersion, resourceVersion > 0 {
            guard resourceVersion >= compactedThrough else {
                throw APIError.expired(requested: String(resourceVersion), current: String(compactedThrough + 1))
            }
            for event in history[historyStart...]
            where event.resourceVersion > resourceVersion && event.resource == resource
                && (namespace == nil || namespace == event.key.namespace)
            {
                sink(event)
            }
        } else {
            let table = tables[resource] ?? [:]
            for key in table.keys.sorted() where namespace == nil || key.namespace == namespace {
                sink(WatchEvent(kind: .added, resource: resource, key: key, object: table[key]!))  // key from table
            }
        }
        let id = nextWatcherID
        nextWatcherID += 1
        watchers[id] = Watcher(resource: resource, namespace: namespace, sink: sink)
        return id
    }

    func cancelWatch(_ id: Int) {
        lock.withLock { _ = watchers.removeValue(forKey: id) }
    }

    /// How many watches are open.
    var watcherCount: Int { lock.withLock { watchers.count } }
}
