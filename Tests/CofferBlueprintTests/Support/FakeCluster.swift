import CofferCore
import Synchronization

@testable import CofferBlueprint

/// An in-memory cluster for engine tests: objects by resource, namespace and name, resource versions,
/// watches that see every later change, scripted execs and pods, and injected failures.
final class FakeCluster: KubeAccess, Sendable {
    struct FakeError: Error, CustomStringConvertible {
        var description: String
    }

    /// What a created pod does: its log (per container) and exit code, or it runs until deleted.
    struct PodScript: Sendable {
        var log: String = ""
        var exitCode: Int = 0
        var runsForever = false
        /// Keeps the first container waiting with this reason (`ImagePullBackOff`).
        var waitingReason: String?
    }

    /// What an exec does.
    struct ExecScript: Sendable {
        var stdout: String = ""
        var stderr: String = ""
        var exitCode: Int32 = 0
    }

    private struct Key: Hashable {
        var resource: String
        var namespace: String
        var name: String
    }

    private struct Event {
        var key: Key
        var version: Int
        var event: WatchEvent
    }

    private struct State {
        var objects: [Key: Value] = [:]
        var version = 100
        var log: [Event] = []
        var watchers: [Int: (Key, AsyncThrowingStream<WatchEvent, any Error>.Continuation)] = [:]
        var nextWatcher = 0
        var calls: [String] = []
        var patches: [(resource: String, name: String, type: PatchType, patch: Value)] = []
        var execFailures = 0
        var suffix = 0
    }

    private let state = Mutex(State())
    private let resources: [ResourceRef]
    let podScript: @Sendable (Value) -> PodScript
    let execScript: @Sendable (_ pod: String, _ container: String?, _ command: [String]) -> ExecScript
    /// Whether `scale` also makes the workload report the new replica count as ready.
    let scaledWorkloadsBecomeReady: Bool

    static let postgresClusters = ResourceRef(
        group: "postgres-operator.crunchydata.com", version: "v1beta1", resource: "postgresclusters",
        kind: "PostgresCluster")
    static let profiles = ResourceRef(
        group: "cr.kanister.io", version: "v1alpha1", resource: "profiles", kind: "Profile")

    init(
        objects: [Value] = [], extraResources: [ResourceRef] = [FakeCluster.postgresClusters, FakeCluster.profiles],
        scaledWorkloadsBecomeReady: Bool = true,
        podScript: @escaping @Sendable (Value) -> PodScript = { _ in PodScript() },
        execScript: @escaping @Sendable (String, String?, [String]) -> ExecScript = { _, _, _ in ExecScript() }
    ) {
        resources =
            [
                .pods, .secrets, .configMaps, .namespaces, .persistentVolumeClaims, .statefulSets, .deployments,
                .replicaSets, .deploymentConfigs,
            ] + extraResources
        self.podScript = podScript
        self.execScript = execScript
        self.scaledWorkloadsBecomeReady = scaledWorkloadsBecomeReady
        for object in objects { add(object) }
    }

    // MARK: - Test controls

    /// Stores `object` as is (its `kind` picks the resource), as if another client created it.
    func add(_ object: Value) {
        let kind = object["kind"]?.stringValue ?? ""
        let resource = resources.first { $0.kind == kind }!  // tests only add known kinds
        let namespace = resource.namespaced ? object["metadata"]?["namespace"]?.stringValue ?? "default" : ""
        store(resource, namespace, object["metadata"]?["name"]?.stringValue ?? "", object, .added)
    }

    /// Replaces the object at `path` in a stored object, as a controller would.
    func update(_ resource: ResourceRef, namespace: String, name: String, _ change: (inout ValueMap) -> Void) {
        let key = Key(resource: resource.resource, namespace: resource.namespaced ? namespace : "", name: name)
        guard var object = state.withLock({ $0.objects[key] })?.objectValue else { return }
        change(&object)
        store(resource, key.namespace, name, .object(object), .modified)
    }

    /// The next `count` execs fail with a transport error.
    func failNextExecs(_ count: Int) { state.withLock { $0.execFailures = count } }

    var calls: [String] { state.withLock { $0.calls } }
    var patches: [(resource: String, name: String, type: PatchType, patch: Value)] { state.withLock { $0.patches } }
    var activeWatches: Int { state.withLock { $0.watchers.count } }

    func object(_ resource: ResourceRef, namespace: String, name: String) -> Value? {
        state.withLock {
            $0.objects[Key(resource: resource.resource, namespace: resource.namespaced ? namespace : "", name: name)]
        }
    }

    func objects(_ resource: ResourceRef) -> [Value] {
        state.withLock { state in state.objects.filter { $0.key.resource == resource.resource }.map(\.value) }
    }

    // MARK: - KubeAccess

    func resolve(_ name: String, apiVersion: String?) async throws -> ResourceRef {
        let lower = name.lowercased()
        let match = resources.first { resource in
            (resource.kind.lowercased() == lower || resource.resource == lower || resource.description == lower
                || (lower == "pvc" && resource.resource == "persistentvolumeclaims"))
                && (apiVersion == nil || apiVersion == resource.apiVersion)
        }
        guard let match else { throw FakeError(description: "the server doesn't have a resource type \"\(name)\"") }
        return match
    }

    func get(_ resource: ResourceRef, namespace: String?, name: String) async throws -> Value? {
        object(resource, namespace: namespace ?? "", name: name)
    }

    func list(_ resource: ResourceRef, namespace: String?, labelSelector: String?) async throws -> [Value] {
        let wanted = (labelSelector ?? "").split(separator: ",").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            return (parts[0], parts.count > 1 ? parts[1] : "")
        }
        return state.withLock { state in
            state.objects.filter { key, object in
                key.resource == resource.resource && (namespace == nil || key.namespace == namespace)
                    && wanted.allSatisfy { object["metadata"]?["labels"]?[$0.0]?.stringValue == $0.1 }
            }.sorted { $0.key.name < $1.key.name }.map(\.value)
        }
    }

    func create(_ resource: ResourceRef, namespace: String?, object: Value, dryRun: Bool) async throws -> Value {
        guard var map = object.objectValue else { throw FakeError(description: "object is not a map") }
        var metadata = map["metadata"]?.objectValue ?? ValueMap()
        if metadata["name"] == nil {
            let suffix = state.withLock { state in
                state.suffix += 1
                return state.suffix
            }
            metadata["name"] = .string((metadata["generateName"]?.stringValue ?? "") + "x\(suffix)")
        }
        let name = metadata["name"]!.stringValue ?? ""
        if let namespace { metadata["namespace"] = .string(namespace) }
        map["metadata"] = .object(metadata)
        if resource == .pods {
            let script = podScript(.object(map))
            map["status"] = Self.podStatus(map, script)
        }
        let key = Key(resource: resource.resource, namespace: namespace ?? "", name: name)
        state.withLock { $0.calls.append("create \(resource.resource) \(namespace ?? "")/\(name)") }
        if state.withLock({ $0.objects[key] }) != nil {
            throw FakeError(description: "\(resource.resource) \"\(name)\" already exists")
        }
        return store(resource, namespace ?? "", name, .object(map), .added)
    }

    func patch(
        _ resource: ResourceRef, namespace: String?, name: String, patch: Value, type: PatchType, dryRun: Bool
    ) async throws -> Value {
        let key = Key(resource: resource.resource, namespace: namespace ?? "", name: name)
        guard let object = state.withLock({ $0.objects[key] }) else {
            throw FakeError(description: "\(resource.resource) \"\(name)\" not found")
        }
        state.withLock {
            $0.calls.append("patch \(resource.resource) \(namespace ?? "")/\(name)")
            $0.patches.append((resource.resource, name, type, patch))
        }
        return store(resource, key.namespace, name, Self.mergePatch(object, patch), .modified)
    }

    func delete(_ resource: ResourceRef, namespace: String?, name: String, propagation: DeletePropagation)
        async throws -> Bool
    {
        let key = Key(resource: resource.resource, namespace: namespace ?? "", name: name)
        state.withLock { $0.calls.append("delete \(resource.resource) \(namespace ?? "")/\(name)") }
        guard let object = state.withLock({ $0.objects[key] }) else { return false }
        store(resource, key.namespace, name, object, .deleted)
        return true
    }

    func scale(_ resource: ResourceRef, namespace: String, name: String, replicas: Int) async throws -> Int {
        let key = Key(resource: resource.resource, namespace: namespace, name: name)
        guard let object = state.withLock({ $0.objects[key] }) else {
            throw FakeError(description: "\(resource.resource) \"\(name)\" not found")
        }
        state.withLock { $0.calls.append("scale \(resource.resource) \(namespace)/\(name) \(replicas)") }
        let before = Int(object["spec"]?["replicas"]?.intValue ?? 1)
        var patch: Value = ["spec": ["replicas": .int(Int64(replicas))]]
        if scaledWorkloadsBecomeReady {
            patch = [
                "spec": ["replicas": .int(Int64(replicas))],
                "status": ["replicas": .int(Int64(replicas)), "readyReplicas": .int(Int64(replicas))],
            ]
        }
        store(resource, namespace, name, Self.mergePatch(object, patch), .modified)
        return before
    }

    func watch(_ resource: ResourceRef, namespace: String?, name: String, resourceVersion: String?)
        -> AsyncThrowingStream<WatchEvent, any Error>
    {
        let key = Key(resource: resource.resource, namespace: namespace ?? "", name: name)
        let after = resourceVersion.flatMap { Int($0) } ?? Int.max
        let (stream, continuation) = AsyncThrowingStream<WatchEvent, any Error>.makeStream()
        let id = state.withLock { state in
            for event in state.log where event.key == key && event.version > after { continuation.yield(event.event) }
            let id = state.nextWatcher
            state.nextWatcher += 1
            state.watchers[id] = (key, continuation)
            return id
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { _ = $0.watchers.removeValue(forKey: id) }
        }
        return stream
    }

    func exec(
        namespace: String, pod: String, container: String?, command: [String], stdin: [UInt8]?,
        output: @escaping @Sendable (ExecStream, [UInt8]) -> Void
    ) async throws -> Int32 {
        let failing = state.withLock { state in
            state.calls.append("exec \(namespace)/\(pod)/\(container ?? "") \(command.joined(separator: " "))")
            guard state.execFailures > 0 else { return false }
            state.execFailures -= 1
            return true
        }
        if failing { throw FakeError(description: "connection reset by peer") }
        let script = execScript(pod, container, command)
        // Deliver in small chunks, so parsers see lines split across chunks.
        for chunk in Array(script.stdout.utf8).chunks(of: 1000) { output(.stdout, chunk) }
        if !script.stderr.isEmpty { output(.stderr, Array(script.stderr.utf8)) }
        return script.exitCode
    }

    func logs(namespace: String, pod: String, container: String?, follow: Bool)
        -> AsyncThrowingStream<[UInt8], any Error>
    {
        let object = self.object(.pods, namespace: namespace, name: pod)
        let script = object.map(podScript) ?? PodScript()
        return AsyncThrowingStream { continuation in
            for chunk in Array(script.log.utf8).chunks(of: 1000) { continuation.yield(chunk) }
            if !script.runsForever { continuation.finish() }
        }
    }

    // MARK: - Helpers

    @discardableResult
    private func store(
        _ resource: ResourceRef, _ namespace: String, _ name: String, _ object: Value, _ kind: WatchEvent.Kind
    )
        -> Value
    {
        let key = Key(resource: resource.resource, namespace: namespace, name: name)
        return state.withLock { state in
            state.version += 1
            var map = object.objectValue ?? ValueMap()
            var metadata = map["metadata"]?.objectValue ?? ValueMap()
            metadata["resourceVersion"] = .string(String(state.version))
            if metadata["uid"] == nil { metadata["uid"] = .string("uid-\(resource.resource)-\(name)") }
            map["metadata"] = .object(metadata)
            let stored = Value.object(map)
            if kind == .deleted { state.objects[key] = nil } else { state.objects[key] = stored }
            let event = WatchEvent(kind, stored)
            state.log.append(Event(key: key, version: state.version, event: event))
            for (watched, continuation) in state.watchers.values where watched == key { continuation.yield(event) }
            return stored
        }
    }

    static func podStatus(_ pod: ValueMap, _ script: PodScript) -> Value {
        let containers = (pod["spec"]?["containers"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        if let reason = script.waitingReason {
            return [
                "phase": "Pending",
                "containerStatuses": .array(
                    containers.map {
                        [
                            "name": .string($0),
                            "state": ["waiting": ["reason": .string(reason), "message": "no such image"]],
                        ]
                    }),
            ]
        }
        if script.runsForever {
            return [
                "phase": "Running",
                "containerStatuses": .array(containers.map { ["name": .string($0), "state": ["running": [:]]] }),
            ]
        }
        return [
            "phase": script.exitCode == 0 ? "Succeeded" : "Failed",
            "containerStatuses": .array(
                containers.map {
                    ["name": .string($0), "state": ["terminated": ["exitCode": .int(Int64(script.exitCode))]]]
                }),
        ]
    }

    /// RFC 7386.
    static func mergePatch(_ target: Value, _ patch: Value) -> Value {
        guard case .object(let changes) = patch else { return patch }
        var map = target.objectValue ?? ValueMap()
        for (key, change) in changes {
            map[key] = change.isNull ? Value?.none : mergePatch(map[key] ?? .null, change)
        }
        return .object(map)
    }
}

extension Array {
    func chunks(of size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
