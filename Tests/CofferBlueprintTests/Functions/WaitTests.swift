import CofferCore
import Testing

@testable import CofferBlueprint

@Suite(.timeLimit(.minutes(1)))  // hang guard only
struct WaitTests {
    static func context(_ cluster: FakeCluster, events: EventLog = EventLog()) -> PhaseContext {
        PhaseContext(
            kube: cluster, phase: "wait", parameters: TemplateParameters(object: .null, time: ""),
            report: { events.record($0) })
    }

    static func args(_ condition: String, timeout: String = "1m", mode: String = "anyOf") -> ArgumentValues {
        let reference: Value = [
            "apiVersion": "v1", "group": "apps", "resource": "statefulsets", "name": "db", "namespace": "prod",
        ]
        let entry: Value = ["objectReference": reference, "condition": .string(condition)]
        let conditions = Value.object(ValueMap([(mode, Value.array([entry]))]))
        return ArgumentValues(
            function: "WaitV2", ValueMap([("timeout", .string(timeout)), ("conditions", conditions)]))
    }

    @Test func waitResolvesJSONPathBeforeRenderingTheCondition() async throws {
        let cluster = FakeCluster(objects: EngineFixtures.objects)
        let wait = try Wait(Self.args(#"{{ if eq "{$.status.readyReplicas}" "2" }}true{{ end }}"#, mode: "allOf"))
        _ = try await wait.run(Self.context(cluster))
    }

    /// `[]` and `[*]` range over an array as Kubernetes' JSONPath does (k8ssandra's blueprint waits on
    /// `{$.status.finished[]}`); an empty array prints nothing.
    @Test(arguments: [
        (#"{$.status.finished[]}"#, "a b"), (#"{$.status.nodes[*].name}"#, "n0 n1"),
        (#"[{$.status.none[]}]"#, "[]"),
    ])
    func conditionPathsRangeOverArrays(_ condition: String, _ expected: String) {
        let object: Value = [
            "status": [
                "finished": ["a", "b"], "nodes": [["name": "n0"], ["name": "n1"], ["other": "x"]], "none": [],
            ]
        ]
        #expect(ConditionPath.resolve(condition, in: object) == expected)
    }

    @Test func waitReportsAPathMissingFromTheObjectWhenItTimesOut() async throws {
        let cluster = FakeCluster(objects: EngineFixtures.objects)
        let wait = try Wait(Self.args(#"{{ if eq "{$.status.nope}" "1" }}true{{ end }}"#, timeout: "300ms"))

        let error = await #expect(throws: BlueprintError.self) { try await wait.run(Self.context(cluster)) }

        #expect(
            error?.message.hasSuffix(
                #"last evaluation error: a {$...} path in "{{ if eq "{$.status.nope}" "1" }}true{{ end }}" is not in the object"#
            ) == true)
    }

    @Test func waitV2KeepsWaitingUntilTheObjectChanges() async throws {
        let cluster = FakeCluster(objects: EngineFixtures.objects)
        let events = EventLog()
        let wait = try WaitV2(Self.args("{{ if eq .spec.replicas 5 }}true{{ end }}"))

        let task = Task { try await wait.run(Self.context(cluster, events: events)) }
        await events.first { if case .phaseWaiting = $0 { true } else { false } }
        cluster.update(.statefulSets, namespace: "prod", name: "db") { $0["spec"] = ["replicas": 5] }
        _ = try await task.value

        #expect(cluster.activeWatches == 0)
    }

    @Test func waitV2TimeoutNamesTheLastEvaluationError() async throws {
        let cluster = FakeCluster(objects: EngineFixtures.objects)
        let wait = try WaitV2(Self.args("{{ .status.nothing.here }}", timeout: "300ms"))

        let error = await #expect(throws: BlueprintError.self) { try await wait.run(Self.context(cluster)) }

        #expect(error?.code == .timedOut)
        #expect(
            error?.message.hasPrefix("waiting for any of statefulsets/db timed out after 300ms; last evaluation error: ")
                == true)
        #expect(error?.message.contains("nil pointer evaluating interface {}.here") == true)
    }

    @Test func conditionsNeedExactlyOneOfAnyOfAndAllOf() {
        let args = ArgumentValues(
            function: "WaitV2",
            ValueMap([("timeout", Value.string("1m")), ("conditions", ["anyOf": [], "allOf": []] as Value)]))
        #expect(throws: BlueprintError.self) { try WaitV2(args) }
    }
}

@Suite(.timeLimit(.minutes(1)))  // hang guard only
struct ScaleWorkloadTests {
    @Test func scalingOutputsTheOriginalCountAndWaitsForReadyReplicas() async throws {
        let cluster = FakeCluster(objects: EngineFixtures.objects, scaledWorkloadsBecomeReady: false)
        let events = EventLog()
        let parameters = try await EngineFixtures.runner(
            try EngineFixtures.blueprint("kind: Blueprint\nmetadata: {name: bp}\nactions: {}"), cluster
        ).buildParameters(RunRequest(action: "a", object: EngineFixtures.statefulSetTarget), time: "")
        let context = PhaseContext(kube: cluster, phase: "scale", parameters: parameters, report: { events.record($0) })
        let scale = try ScaleWorkload(ArgumentValues(function: "ScaleWorkload", ValueMap([("replicas", "3")])))

        let task = Task { try await scale.run(context) }
        await events.first { if case .phaseWaiting = $0 { true } else { false } }
        cluster.update(.statefulSets, namespace: "prod", name: "db") {
            $0["status"] = ["replicas": 3, "readyReplicas": 3]
        }
        let output = try await task.value

        #expect(output == ["originalReplicaCount": 2])
        #expect(cluster.calls.contains("scale statefulsets prod/db 3"))
    }

    @Test func negativeReplicasAreRejected() {
        #expect(throws: BlueprintError.self) {
            try ScaleWorkload(ArgumentValues(function: "ScaleWorkload", ValueMap([("replicas", -1)])))
        }
    }
}
