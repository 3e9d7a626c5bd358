import CofferCore
import Testing

@testable import CofferBlueprint

@Suite struct KubeOpsTests {
    static func run(_ args: Value, cluster: FakeCluster) async throws -> [String: Value] {
        let function = try KubeOps(ArgumentValues(function: "KubeOps", args.objectValue ?? ValueMap()))
        let context = PhaseContext(kube: cluster, phase: "ops", parameters: TemplateParameters(object: .null, time: ""))
        return try await function.run(context)
    }

    static let hippo: Value = [
        "apiVersion": "v1beta1", "group": "postgres-operator.crunchydata.com", "resource": "postgresclusters",
        "name": "hippo", "namespace": "prod",
    ]
    static let db: Value = [
        "apiVersion": "v1", "group": "apps", "resource": "statefulsets", "name": "db", "namespace": "prod",
    ]

    @Test func patchOfACustomResourceIsAJSONMergePatchByDefault() async throws {
        let cluster = FakeCluster(objects: EngineFixtures.objects)
        let output = try await Self.run(
            ["operation": "patch", "objectReference": Self.hippo, "spec": "spec: {shutdown: true}"], cluster: cluster)
        #expect(cluster.patches.first?.type == .merge)
        #expect(
            cluster.object(FakeCluster.postgresClusters, namespace: "prod", name: "hippo")?["spec"]?["shutdown"] == true
        )
        #expect(output["resource"] == "postgresclusters")
        #expect(output["name"] == "hippo")
    }

    @Test func patchOfABuiltInResourceIsAStrategicMergePatchByDefault() async throws {
        let cluster = FakeCluster(objects: EngineFixtures.objects)
        _ = try await Self.run(
            ["operation": "patch", "objectReference": Self.db, "spec": "spec: {replicas: 1}"], cluster: cluster)
        #expect(cluster.patches.first?.type == .strategic)
    }

    @Test(arguments: [
        ("json", PatchType.json), ("apply", .apply(fieldManager: "coffer", force: true)), ("merge", .merge),
    ])
    func patchTypeArgumentChoosesThePatch(_ name: String, _ expected: PatchType) async throws {
        let cluster = FakeCluster(objects: EngineFixtures.objects)
        _ = try await Self.run(
            ["operation": "patch", "objectReference": Self.hippo, "spec": "{}", "patchType": .string(name)],
            cluster: cluster)
        #expect(cluster.patches.first?.type == expected)
    }

    @Test func strategicPatchOfACustomResourceIsRefused() async throws {
        let cluster = FakeCluster(objects: EngineFixtures.objects)
        let error = await #expect(throws: BlueprintError.self) {
            try await Self.run(
                ["operation": "patch", "objectReference": Self.hippo, "spec": "{}", "patchType": "strategic"],
                cluster: cluster)
        }
        #expect(error?.code == .invalidArgument)
        #expect(cluster.patches.isEmpty)
    }

    @Test func createUsesTheSpecsKindAndTheNamespaceArgument() async throws {
        let cluster = FakeCluster(objects: EngineFixtures.objects)
        let output = try await Self.run(
            [
                "operation": "create", "namespace": "prod",
                "spec": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: made}\ndata: {a: b}\n",
            ], cluster: cluster)
        #expect(cluster.object(.configMaps, namespace: "prod", name: "made")?["data"]?["a"] == "b")
        #expect(
            output == [
                "apiVersion": "v1", "group": "", "resource": "configmaps", "kind": "ConfigMap", "name": "made",
                "namespace": "prod",
            ])
    }

    @Test func deleteAndGet() async throws {
        let cluster = FakeCluster(objects: EngineFixtures.objects)
        let got = try await Self.run(["operation": "get", "objectReference": Self.hippo], cluster: cluster)
        #expect(got["object"]?["kind"] == "PostgresCluster")
        _ = try await Self.run(["operation": "delete", "objectReference": Self.hippo], cluster: cluster)
        #expect(cluster.object(FakeCluster.postgresClusters, namespace: "prod", name: "hippo") == nil)
    }

    @Test func unknownOperationIsAnArgumentError() {
        #expect(throws: BlueprintError.self) {
            try KubeOps(ArgumentValues(function: "KubeOps", ValueMap([("operation", "replace")])))
        }
    }
}

extension KubeOpsTests {
    @Test func createWithAnEmptySpecIsAMissingArgument() {
        let error = #expect(throws: BlueprintError.self) {
            try KubeOps(
                ArgumentValues(function: "KubeOps", ValueMap([("operation", Value.string("create")), ("spec", "")])))
        }
        #expect(error?.code == .missingArgument)
    }
}
