import CofferCore
import CofferKube
import CofferTestSupport
import Foundation
import Synchronization
import Testing

/// 500 mixed calls against a sandbox injecting 10% 500s, 5% 429s and 2% connection resets.
@Suite(.serialized)
struct SandboxFaultLoopTests {
    /// What the loop saw, shared by its workers.
    final class Outcomes: Sendable {
        struct State {
            var idempotentFailures: [String] = []
            /// Creates answered 201: each must exist exactly once at the end (unless deleted).
            var created: Set<String> = []
            /// Creates answered with an injected fault: the server may or may not have stored them.
            var uncertainCreates: Set<String> = []
            var deleted: Set<String> = []
            /// Non-idempotent calls (create, patch) failing for any reason other than an injected fault.
            var unexpectedFailures: [String] = []
            var patchesApplied = 0
            var patchesFailedByFault = 0
        }
        let state = Mutex(State())
    }

    static let workers = 10
    static let callsPerWorker = 50
    static let seeds = 5

    /// Retries generous enough that an idempotent call succeeds through any run of faults the rates allow.
    static let retries = RetryPolicy(maxRetries: 15, baseDelay: .milliseconds(5), maxDelay: .milliseconds(100))

    @Test func mixedCallsSucceedWhenIdempotentAndNoCreateIsAppliedTwice() async throws {
        let sandbox = try await ClientSandbox.start(faults: "500:0.1,429:0.05,reset:0.02")
        defer { Task { try? await sandbox.stop() } }
        let client = try sandbox.client(retry: Self.retries)
        // Seed objects for get and patch; creates are not retried by the client, so the test retries them.
        for index in 0..<Self.seeds { try await Self.createEventually(client, "seed-\(index)") }

        let outcomes = Outcomes()
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<Self.workers {
                group.addTask { await Self.work(worker: worker, client: client, outcomes: outcomes) }
            }
        }

        let state = outcomes.state.withLock { $0 }
        #expect(state.idempotentFailures == [])
        #expect(state.unexpectedFailures == [])
        #expect(state.patchesApplied > 0)
        #expect(state.patchesFailedByFault + state.uncertainCreates.count > 0, "no fault reached a non-idempotent call")
        let listed = try await client.list(.configMaps, namespace: "default", labelSelector: "loop=yes")
        let names = listed.items.compactMap { $0["metadata"]?["name"]?.stringValue }
        var counts: [String: Int] = [:]
        for name in names { counts[name, default: 0] += 1 }
        #expect(counts.values.allSatisfy { $0 == 1 })
        let expected = state.created.subtracting(state.deleted)
        #expect(expected.subtracting(counts.keys).sorted() == [], "successful creates missing at the end")
        #expect(state.deleted.intersection(counts.keys).sorted() == [], "deleted objects still present")
        let unaccounted = Set(counts.keys).subtracting(state.created).subtracting(state.uncertainCreates)
        #expect(unaccounted.sorted() == [], "objects nobody created")
        // The calls happened: every worker made all its calls, most creates landed.
        #expect(state.created.count + state.uncertainCreates.count == Self.workers * Self.callsPerWorker / 5)
        #expect(state.created.count > state.uncertainCreates.count)
    }

    @Test func watchStartedThroughFaultsSeesEachObjectAddedOnce() async throws {
        let sandbox = try await ClientSandbox.start(faults: "500:0.1,429:0.05,reset:0.02")
        defer { Task { try? await sandbox.stop() } }
        let client = try sandbox.client(retry: Self.retries)
        let recorder = WatchRecorder(client.watch(.configMaps, namespace: "default", labelSelector: "seed=yes"))
        defer { recorder.cancel() }
        let names = (0..<10).map { "seed-\($0)" }
        for name in names { try await Self.createEventually(client, name) }
        try await recorder.waitFor("ADDED seed-9") { $0 == "ADDED seed-9" }
        #expect(recorder.summary == names.map { "ADDED \($0)" })
    }

    @Test(arguments: ["500:1", "reset:1"])
    func createIsSentOnceWhenEveryRequestFails(faults: String) async throws {
        let sandbox = try await ClientSandbox.start(faults: faults)
        defer { Task { try? await sandbox.stop() } }
        let lines = Mutex<[String]>([])
        let client = try sandbox.client(
            retry: RetryPolicy(maxRetries: 3, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5)),
            logger: KubeLogger { line in lines.withLock { $0.append(line) } })
        let error = await #expect(throws: KubeError.self) {
            try await client.create(.configMaps, namespace: "default", configMap("once"))
        }
        #expect(error.map(Self.isInjectedFault) == true)
        #expect(lines.withLock { $0.filter { $0.hasPrefix("POST ") } }.count == 1)
    }

    @Test func getIsRetriedAfter500UntilItsRetriesRunOut() async throws {
        let sandbox = try await ClientSandbox.start(faults: "500:1")
        defer { Task { try? await sandbox.stop() } }
        let lines = Mutex<[String]>([])
        let client = try sandbox.client(
            retry: RetryPolicy(maxRetries: 3, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5)),
            logger: KubeLogger { line in lines.withLock { $0.append(line) } })
        let error = await #expect(throws: KubeError.self) {
            try await client.get(.configMaps, namespace: "default", name: "any")
        }
        #expect(error?.statusCode == 500)
        #expect(lines.withLock { $0.filter { $0.hasPrefix("GET ") } }.count == 4)
    }

    /// One worker's calls: per five calls a get, a list, a merge patch, a create and (every other round) a delete.
    static func work(worker: Int, client: KubeClient, outcomes: Outcomes) async {
        var mine: [String] = []
        for call in 0..<callsPerWorker {
            let seed = "seed-\((worker + call) % seeds)"
            switch call % 5 {
            case 0:
                do {
                    let object = try await client.get(.configMaps, namespace: "default", name: seed)
                    if object == nil { outcomes.record(idempotent: "get \(seed): missing") }
                } catch {
                    outcomes.record(idempotent: "get \(seed): \(error)")
                }
            case 1:
                do {
                    let list = try await client.list(.configMaps, namespace: "default", labelSelector: "seed=yes")
                    if list.items.count != seeds { outcomes.record(idempotent: "list: \(list.items.count) seeds") }
                } catch {
                    outcomes.record(idempotent: "list: \(error)")
                }
            case 2:
                do {
                    let patch: Value = ["data": ["worker": .string(String(worker))]]
                    _ = try await client.patch(.configMaps, namespace: "default", name: seed, patch, type: .merge)
                    outcomes.state.withLock { $0.patchesApplied += 1 }
                } catch let error as KubeError where isInjectedFault(error) {
                    outcomes.state.withLock { $0.patchesFailedByFault += 1 }
                } catch {
                    outcomes.state.withLock { $0.unexpectedFailures.append("patch \(seed): \(error)") }
                }
            case 3:
                let name = "loop-\(worker)-\(call)"
                do {
                    _ = try await client.create(
                        .configMaps, namespace: "default", configMap(name, labels: ["loop": "yes"]))
                    mine.append(name)
                    outcomes.state.withLock { _ = $0.created.insert(name) }
                } catch let error as KubeError where isInjectedFault(error) {
                    outcomes.state.withLock { _ = $0.uncertainCreates.insert(name) }
                } catch {
                    // AlreadyExists here would mean a create was sent twice.
                    outcomes.state.withLock { $0.unexpectedFailures.append("create \(name): \(error)") }
                }
            default:
                guard call % 10 == 9, let name = mine.first else { continue }
                mine.removeFirst()
                do {
                    try await client.delete(.configMaps, namespace: "default", name: name)
                    outcomes.state.withLock { _ = $0.deleted.insert(name) }
                } catch {
                    outcomes.record(idempotent: "delete \(name): \(error)")
                }
            }
        }
    }

    /// A 5xx or 429 answer, or a dropped connection: what the sandbox injects.
    static func isInjectedFault(_ error: KubeError) -> Bool {
        if error.code == .transport { return true }
        guard error.code == .server, let status = error.statusCode else { return false }
        return status == 429 || (500...599).contains(status)
    }

    /// Creates a seed object, trying again after injected faults; AlreadyExists means an earlier try landed.
    static func createEventually(_ client: KubeClient, _ name: String) async throws {
        for _ in 0..<50 {
            do {
                _ = try await client.create(.configMaps, namespace: "default", configMap(name, labels: ["seed": "yes"]))
                return
            } catch let error as KubeError where error.isAlreadyExists {
                return
            } catch let error as KubeError where isInjectedFault(error) {
                continue
            }
        }
        Issue.record("could not create \(name) through the faults")
    }
}

extension SandboxFaultLoopTests.Outcomes {
    func record(idempotent failure: String) { state.withLock { $0.idempotentFailures.append(failure) } }
}
