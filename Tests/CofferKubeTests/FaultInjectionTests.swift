import CofferCore
import CofferTestSupport
import Synchronization
import Testing

@testable import CofferKube

/// A ConfigMap store behind injected faults: 10% 500/503, 5% 429, 2% connection resets, all before the
/// request is acted on, drawn from a seeded generator so every run sees the same faults.
final class FaultyConfigMapStore: Sendable {
    private struct State {
        var random = SplitMix64(seed: 0x5EED)
        var objects: [String: Value] = [:]
        var version = 0
        var createsApplied: [String: Int] = [:]
        var faults = 0
    }
    private let state = Mutex(State())

    var createsApplied: [String: Int] { state.withLock { $0.createsApplied } }
    var faults: Int { state.withLock { $0.faults } }

    func handle(_ request: LoopbackServer.Request) -> LoopbackServer.Response {
        state.withLock { state in
            let roll = state.random.next() % 100
            switch roll {
            case 0..<10:
                state.faults += 1
                return .json(roll < 5 ? 500 : 503, statusJSON(500, "InternalError", "injected"))
            case 10..<15:
                state.faults += 1
                return .json(429, statusJSON(429, "TooManyRequests", "injected"), headers: [("Retry-After", "0")])
            case 15..<17:
                state.faults += 1
                return .reset
            default:
                return Self.apply(request, to: &state)
            }
        }
    }

    private static func apply(_ request: LoopbackServer.Request, to state: inout State) -> LoopbackServer.Response {
        let name = request.path.split(separator: "/").count == 6 ? String(request.path.split(separator: "/")[5]) : nil
        state.version += 1
        func stamped(_ object: Value) -> Value {
            var object = object
            if case .object(var map) = object, case .object(var metadata)? = map["metadata"] {
                metadata["resourceVersion"] = .string(String(state.version))
                map["metadata"] = .object(metadata)
                object = .object(map)
            }
            return object
        }
        switch (request.method, name) {
        case ("GET", let name?):
            guard let object = state.objects[name] else { return .json(404, statusJSON(404, "NotFound", "not found")) }
            return .json(200, object.jsonString())
        case ("GET", nil):
            let items = state.objects.keys.sorted().compactMap { state.objects[$0] }
            let list: Value = ["metadata": ["resourceVersion": .string(String(state.version))], "items": .array(items)]
            return .json(200, list.jsonString())
        case ("POST", nil):
            guard let object = try? Value(json: request.body), let name = object["metadata"]?["name"]?.stringValue
            else {
                return .json(400, statusJSON(400, "BadRequest", "bad"))
            }
            if state.objects[name] != nil { return .json(409, statusJSON(409, "AlreadyExists", "exists")) }
            state.createsApplied[name, default: 0] += 1
            state.objects[name] = stamped(object)
            return .json(201, state.objects[name]!.jsonString())
        case ("PUT", let name?):
            guard let object = try? Value(json: request.body), let current = state.objects[name] else {
                return .json(404, statusJSON(404, "NotFound", "not found"))
            }
            guard object["metadata"]?["resourceVersion"] == current["metadata"]?["resourceVersion"] else {
                return .json(409, statusJSON(409, "Conflict", "stale"))
            }
            state.objects[name] = stamped(object)
            return .json(200, state.objects[name]!.jsonString())
        case ("DELETE", let name?):
            guard state.objects.removeValue(forKey: name) != nil else {
                return .json(404, statusJSON(404, "NotFound", "gone"))
            }
            return .json(200, #"{"kind":"Status","status":"Success"}"#)
        default:
            return .json(405, statusJSON(405, "MethodNotAllowed", "no"))
        }
    }
}

/// A small deterministic generator (SplitMix64), so fault sequences repeat.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct FaultInjectionTests {
    @Test func fiveHundredMixedCallsSurviveInjectedFaultsWithoutDuplicateCreates() async throws {
        let store = FaultyConfigMapStore()
        let server = try LoopbackServer(handler: store.handle)
        defer { server.stop() }
        let client = makeClient(server, retries: 12)
        let resource = GroupVersionResource.configMaps
        var idempotentFailures: [String] = []
        var createdNames: Set<String> = []
        for index in 0..<500 {
            let name = "cm-\(index / 5)"
            do {
                switch index % 5 {
                case 0:
                    // Creates are not retried after a 5xx or a reset; some fail, none may apply twice.
                    if (try? await client.create(
                        resource, namespace: "ns", ["metadata": ["name": .string(name)], "data": ["n": "0"]])) != nil
                    {
                        createdNames.insert(name)
                    }
                case 1:
                    _ = try await client.get(resource, namespace: "ns", name: name)
                case 2:
                    _ = try await client.list(resource, namespace: "ns")
                case 3:
                    if var object = try await client.get(resource, namespace: "ns", name: name),
                        case .object(var map) = object
                    {
                        map["data"] = ["n": "1"]
                        object = .object(map)
                        _ = try await client.update(resource, namespace: "ns", object)
                    }
                default:
                    _ = try await client.delete(resource, namespace: "ns", name: name)
                }
            } catch let error as KubeError where error.isConflict || error.isNotFound {
                // A retried PUT can find its own earlier attempt applied; that is the optimistic-concurrency answer.
            } catch {
                idempotentFailures.append("\(index): \(error)")
            }
        }
        #expect(idempotentFailures == [])
        #expect(store.faults > 50)
        #expect(store.createsApplied.values.allSatisfy { $0 == 1 })
        #expect(createdNames.isSubset(of: Set(store.createsApplied.keys)))
    }
}
