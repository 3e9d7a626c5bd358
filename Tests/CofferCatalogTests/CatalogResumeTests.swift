import CofferBlueprint
import CofferCore
import CofferYAML
import Foundation
import Synchronization
import Testing

@testable import CofferCatalog

/// The engine's journal on disk: a run interrupted in one process resumes from the file in the next.
@Suite struct CatalogResumeTests {
    /// Just enough cluster for KubeExec phases: one namespace target, execs echoing their command as output.
    final class ExecOnlyCluster: KubeAccess, Sendable {
        private let commands = Mutex<[[String]]>([])
        /// Makes the exec of this command fail, as a dying process would.
        let failing: String?

        init(failing: String? = nil) { self.failing = failing }

        var executed: [[String]] { commands.withLock { $0 } }

        func resolve(_ name: String, apiVersion: String?) async throws -> ResourceRef { .namespaces }
        func get(_ resource: ResourceRef, namespace: String?, name: String) async throws -> Value? {
            ["kind": "Namespace", "metadata": ["name": .string(name)]]
        }
        func list(_ resource: ResourceRef, namespace: String?, labelSelector: String?) async throws -> [Value] { [] }
        func create(_ resource: ResourceRef, namespace: String?, object: Value, dryRun: Bool) async throws -> Value {
            object
        }
        func patch(
            _ resource: ResourceRef, namespace: String?, name: String, patch: Value, type: PatchType, dryRun: Bool
        ) async throws -> Value { patch }
        func delete(_ resource: ResourceRef, namespace: String?, name: String, propagation: DeletePropagation)
            async throws -> Bool
        { true }
        func scale(_ resource: ResourceRef, namespace: String, name: String, replicas: Int) async throws -> Int { 0 }
        func watch(_ resource: ResourceRef, namespace: String?, name: String, resourceVersion: String?)
            -> AsyncThrowingStream<WatchEvent, any Error>
        { AsyncThrowingStream { $0.finish() } }
        func logs(namespace: String, pod: String, container: String?, follow: Bool)
            -> AsyncThrowingStream<[UInt8], any Error>
        { AsyncThrowingStream { $0.finish() } }

        func exec(
            namespace: String, pod: String, container: String?, command: [String], stdin: [UInt8]?,
            output: @escaping @Sendable (ExecStream, [UInt8]) -> Void
        ) async throws -> Int32 {
            commands.withLock { $0.append(command) }
            if command.first == failing { return 137 }
            output(
                .stdout,
                Array("###Phase-output###: {\"key\":\"id\",\"value\":\"\(command.joined(separator: "-"))\"}\n".utf8))
            return 0
        }
    }

    static let blueprint = """
        apiVersion: cr.kanister.io/v1alpha1
        kind: Blueprint
        metadata: {name: bp}
        actions:
          backup:
            phases:
            - func: KubeExec
              name: first
              args: {namespace: ns, pod: p, command: [first]}
            - func: KubeExec
              name: second
              args: {namespace: ns, pod: p, command: [second, "{{ .Phases.first.Output.id }}"]}
        """

    @Test func aRunResumedFromTheCatalogFileSkipsCompletedPhases() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("coffer-\(UUID().uuidString).db").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let blueprint = try Blueprint(document: YAMLLoader.loadSingle(Self.blueprint, file: "bp.yaml"))
        let request = RunRequest(action: "backup", object: ObjectReference(kind: "Namespace", name: "ns"))

        // First process: `second` fails; then the record is put back to how a crash mid-phase leaves it.
        let first = try await ActionRunner(
            blueprint: blueprint, kube: ExecOnlyCluster(failing: "second"), journal: CatalogStore(path: path),
            makeRunID: { "run-a" }
        ).run(request)
        #expect(first.state == .failed)
        var crashed = first
        crashed.state = .running
        crashed.phases[1].state = .running
        crashed.error = nil
        try await CatalogStore(path: path).save(crashed)

        // Second process.
        let cluster = ExecOnlyCluster()
        let resumed = try await ActionRunner(blueprint: blueprint, kube: cluster, journal: CatalogStore(path: path))
            .resume("run-a")

        #expect(resumed.state == .complete)
        #expect(cluster.executed == [["second", "first"]])
        #expect(resumed.phases[1].output == ["id": "second-first"])
        #expect(try await CatalogStore(path: path).load("run-a")?.state == .complete)
    }
}
