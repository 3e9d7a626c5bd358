import CofferCore
import CofferKubeAPI
import CofferTestSupport
import Foundation
import NIOConcurrencyHelpers
import Testing

@testable import CofferSandbox

@Suite struct ObjectStoreTests {
    static let configMaps = GroupResource(group: "", resource: "configmaps")

    private func put(_ store: ObjectStore, _ name: String, _ data: Value = [:]) throws {
        try store.mutate(Self.configMaps, ObjectKey(namespace: "default", name: name)) { _ throws(APIError) in
            .put(["kind": "ConfigMap", "metadata": ["name": .string(name), "namespace": "default"], "data": data])
        }
    }

    @Test func everyCommitGetsTheNextResourceVersion() throws {
        let store = ObjectStore()
        try put(store, "a")
        try put(store, "b")
        let object = try #require(store.get(Self.configMaps, ObjectKey(namespace: "default", name: "b")))
        #expect(object.value.string("metadata", "resourceVersion") == "2")
        #expect(store.resourceVersion == 2)
    }

    @Test func concurrentReadModifyWritesLoseNoUpdate() async throws {
        let store = ObjectStore()
        try put(store, "counter", ["n": 0])
        let key = ObjectKey(namespace: "default", name: "counter")
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<200 {
                group.addTask {
                    _ = try? store.mutate(Self.configMaps, key) { current throws(APIError) in
                        var next = current!.value  // created above
                        next.set("data", "n", to: .int((next["data"]?["n"]?.intValue ?? 0) + 1))
                        return .put(next)
                    }
                }
            }
        }
        #expect(store.get(Self.configMaps, key)?.value["data"]?["n"] == 200)
    }

    @Test func watchReplaysChangesAfterTheGivenResourceVersionInOrder() throws {
        let store = ObjectStore()
        try put(store, "a")
        try put(store, "b")
        try put(store, "a", ["x": "1"])
        let seen = NIOLockedValueBox<[String]>([])
        let id = try store.watch(Self.configMaps, namespace: "default", from: 1) { event in
            seen.withLockedValue { $0.append("\(event.kind.rawValue) \(event.key.name)") }
        }
        try store.mutate(Self.configMaps, ObjectKey(namespace: "default", name: "b")) { _ throws(APIError) in .remove }
        store.cancelWatch(id)
        #expect(seen.withLockedValue { $0 } == ["ADDED b", "MODIFIED a", "DELETED b"])
    }

    @Test func watchFromBeforeTheRetainedHistoryIsExpired() throws {
        let store = ObjectStore(historyCapacity: 2)
        for name in ["a", "b", "c", "d"] { try put(store, name) }
        let error = #expect(throws: KubeStatus.self) {
            try store.watch(Self.configMaps, namespace: nil, from: 1) { _ in }
        }
        #expect(error?.code == 410)
        #expect(error?.reason == .expired)
        #expect(error?.message == "too old resource version: 1 (3)")
    }

    @Test func journalRestoresLiveObjectsAndForgetsDeletedOnes() throws {
        let directory = try Fixtures.temporaryDirectory("coffer-store")
        let path = directory.appendingPathComponent("objects.jsonl").path
        do {
            let store = try ObjectStore(journalPath: path)
            try put(store, "kept", ["k": "v"])
            try put(store, "gone")
            try store.mutate(Self.configMaps, ObjectKey(namespace: "default", name: "gone")) { _ throws(APIError) in
                .remove
            }
        }
        let reopened = try ObjectStore(journalPath: path)
        #expect(
            reopened.get(Self.configMaps, ObjectKey(namespace: "default", name: "kept"))?.value["data"] == ["k": "v"])
        #expect(reopened.get(Self.configMaps, ObjectKey(namespace: "default", name: "gone")) == nil)
        #expect(reopened.resourceVersion == 3)
    }

    @Test func journalIsCompactedWhileRunningAndStillRestoresEverything() throws {
        let directory = try Fixtures.temporaryDirectory("coffer-store")
        let path = directory.appendingPathComponent("objects.jsonl").path
        do {
            let store = try ObjectStore(journalPath: path)
            for round in 0..<12_000 { try put(store, "c\(round % 3)", ["round": .string(String(round))]) }
        }
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count
        #expect(lines < 12_000)
        let reopened = try ObjectStore(journalPath: path)
        #expect(reopened.resourceVersion == 12_000)
        #expect(
            reopened.get(Self.configMaps, ObjectKey(namespace: "default", name: "c2"))?.value["data"] == [
                "round": "11999"
            ])
    }
}
