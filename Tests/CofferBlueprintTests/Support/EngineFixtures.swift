import CofferCore
import CofferTemplate
import CofferYAML
import Synchronization
import Testing

@testable import CofferBlueprint

/// Progress events of a run, kept in order and observable while the run goes on.
final class EventLog: Sendable {
    private let events = Mutex<[RunEvent]>([])
    let stream: AsyncStream<RunEvent>
    private let continuation: AsyncStream<RunEvent>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream(of: RunEvent.self)
    }

    func record(_ event: RunEvent) {
        events.withLock { $0.append(event) }
        continuation.yield(event)
    }

    var all: [RunEvent] { events.withLock { $0 } }

    /// Returns once an event matching `predicate` has been recorded.
    func first(where predicate: (RunEvent) -> Bool) async {
        for await event in stream where predicate(event) { return }
    }
}

/// A journal that stops working after `saves` saves, like a process killed mid-run.
actor CrashingJournal: RunJournal {
    let inner = MemoryRunJournal()
    private var left: Int

    init(crashAfter saves: Int) { left = saves }

    func save(_ record: RunRecord) async throws {
        guard left > 0 else { throw FakeCluster.FakeError(description: "process killed") }
        left -= 1
        await inner.save(record)
    }

    func load(_ id: String) async throws -> RunRecord? { await inner.load(id) }

    func appendLog(_ id: String, _ lines: [RunLogLine]) async throws {
        guard left > 0 else { throw FakeCluster.FakeError(description: "process killed") }
        await inner.appendLog(id, lines)
    }

    func log(_ id: String) async throws -> [RunLogLine] { await inner.log(id) }
}

/// Records the delays a runner asked to sleep, without sleeping.
final class SleepLog: Sendable {
    private let delays = Mutex<[Duration]>([])
    var all: [Duration] { delays.withLock { $0 } }
    func sleep(_ duration: Duration) { delays.withLock { $0.append(duration) } }
}

enum EngineFixtures {
    static let time = GoTime(seconds: 1_767_225_600)  // 2026-01-01T00:00:00Z

    static func blueprint(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Blueprint {
        try Blueprint(document: YAMLLoader.loadSingle(yaml, file: "bp.yaml"))
    }

    static func runner(
        _ blueprint: Blueprint, _ cluster: FakeCluster, journal: (any RunJournal)? = nil, events: EventLog = EventLog(),
        sleeps: SleepLog = SleepLog()
    ) -> ActionRunner {
        let ids = Mutex(0)
        return ActionRunner(
            blueprint: blueprint, kube: cluster, journal: journal, events: { events.record($0) }, now: { time },
            sleep: { sleeps.sleep($0) },
            makeRunID: {
                let id = ids.withLock { id in
                    id += 1
                    return id
                }
                return "run-\(id)"
            })
    }

    static let statefulSetTarget = ObjectReference(kind: "StatefulSet", name: "db", namespace: "prod")

    static func base64(_ text: String) -> String { Base64.encode(Array(text.utf8)) }

    /// A StatefulSet `prod/db` with two running pods mounting a PVC each, its Secret and ConfigMap,
    /// and a PostgresCluster `prod/hippo`.
    static var objects: [Value] {
        func pod(_ index: Int) -> Value {
            [
                "kind": "Pod",
                "metadata": [
                    "name": .string("db-\(index)"), "namespace": "prod", "labels": ["app": "db"],
                    "ownerReferences": [["kind": "StatefulSet", "name": "db", "uid": "uid-db"]],
                ],
                "spec": [
                    "containers": [
                        ["name": "postgres", "volumeMounts": [["name": "data", "mountPath": "/var/lib/pg"]]],
                        ["name": "exporter"],
                    ],
                    "volumes": [["name": "data", "persistentVolumeClaim": ["claimName": .string("data-db-\(index)")]]],
                ],
                "status": ["phase": "Running"],
            ]
        }
        return [
            [
                "kind": "StatefulSet",
                "metadata": ["name": "db", "namespace": "prod", "uid": "uid-db", "labels": ["app": "db"]],
                "spec": ["replicas": 2, "selector": ["matchLabels": ["app": "db"]]],
                "status": ["replicas": 2, "readyReplicas": 2],
            ],
            pod(0), pod(1),
            [
                "kind": "Pod",
                "metadata": ["name": "stranger", "namespace": "prod", "labels": ["app": "db"]],
                "status": ["phase": "Running"],
            ],
            [
                "kind": "Secret", "metadata": ["name": "db-creds", "namespace": "prod"],
                "data": ["password": .string(base64("s3cret-pass"))],
            ],
            ["kind": "ConfigMap", "metadata": ["name": "db-config", "namespace": "prod"], "data": ["mode": "full"]],
            [
                "apiVersion": "postgres-operator.crunchydata.com/v1beta1", "kind": "PostgresCluster",
                "metadata": ["name": "hippo", "namespace": "prod", "annotations": [:]],
            ],
        ]
    }
}
