import CofferCore
import Testing

@testable import CofferBlueprint

@Suite struct TemplateParametersFromClusterTests {
    static func pod(_ name: String, owner: String, phase: String = "Running") -> Value {
        [
            "kind": "Pod",
            "metadata": [
                "name": .string(name), "namespace": "web", "labels": ["app": "web"],
                "ownerReferences": [["kind": "ReplicaSet", "uid": .string(owner)]],
            ],
            "spec": ["containers": [["name": "nginx"]]],
            "status": ["phase": .string(phase)],
        ]
    }

    static func replicaSet(_ name: String, revision: String) -> Value {
        [
            "kind": "ReplicaSet",
            "metadata": [
                "name": .string(name), "namespace": "web", "uid": .string("uid-\(name)"), "labels": ["app": "web"],
                "annotations": ["deployment.kubernetes.io/revision": .string(revision)],
                "ownerReferences": [["kind": "Deployment", "uid": "uid-web"]],
            ],
        ]
    }

    static let cluster = FakeCluster(objects: [
        [
            "kind": "Deployment",
            "metadata": [
                "name": "web", "namespace": "web", "uid": "uid-web",
                "annotations": ["deployment.kubernetes.io/revision": "2"],
            ],
            "spec": ["selector": ["matchLabels": ["app": "web"]]],
        ],
        replicaSet("web-old", revision: "1"), replicaSet("web-new", revision: "2"),
        pod("web-old-a", owner: "uid-web-old"), pod("web-new-a", owner: "uid-web-new"),
        pod("web-new-b", owner: "uid-web-new", phase: "Pending"),
        ["kind": "Namespace", "metadata": ["name": "web"]],
        ["kind": "PersistentVolumeClaim", "metadata": ["name": "data", "namespace": "web"]],
        [
            "kind": "ConfigMap", "metadata": ["name": "settings", "namespace": "web"], "data": ["mode": "fast"],
        ],
    ])

    static func parameters(_ request: RunRequest) async throws -> TemplateParameters {
        let blueprint = try EngineFixtures.blueprint("kind: Blueprint\nmetadata: {name: bp}\nactions: {}")
        return try await EngineFixtures.runner(blueprint, cluster).buildParameters(request, time: "now")
    }

    @Test func deploymentPodsAreTheRunningPodsOfItsCurrentReplicaSet() async throws {
        let parameters = try await Self.parameters(
            RunRequest(action: "a", object: ObjectReference(kind: "Deployment", name: "web", namespace: "web")))
        #expect(parameters.workload?.kind == .deployment)
        #expect(parameters.workload?.pods == ["web-new-a"])
        #expect(parameters.workload?.containers == [["nginx"]])
    }

    @Test func aCustomResourceTargetMayGiveItsGroupApartFromItsVersion() async throws {
        let blueprint = try EngineFixtures.blueprint("kind: Blueprint\nmetadata: {name: bp}\nactions: {}")
        let runner = EngineFixtures.runner(blueprint, FakeCluster(objects: EngineFixtures.objects))
        for target in [
            ObjectReference(
                apiVersion: "v1beta1", group: "postgres-operator.crunchydata.com", resource: "postgresclusters",
                name: "hippo", namespace: "prod"),
            ObjectReference(
                apiVersion: "postgres-operator.crunchydata.com/v1beta1", kind: "PostgresCluster", name: "hippo",
                namespace: "prod"),
        ] {
            let parameters = try await runner.buildParameters(RunRequest(action: "a", object: target), time: "now")
            #expect(parameters.object["metadata"]?["name"]?.stringValue == "hippo")
        }
    }

    @Test func namespaceAndPVCTargetsGetNameAndNamespace() async throws {
        let namespace = try await Self.parameters(
            RunRequest(action: "a", object: ObjectReference(kind: "namespace", name: "web")))
        #expect(namespace.namedTarget?.kind == .namespace)
        #expect(namespace.namedTarget?.namespace == "web")
        let pvc = try await Self.parameters(
            RunRequest(action: "a", object: ObjectReference(kind: "pvc", name: "data", namespace: "web")))
        #expect(pvc.namedTarget?.kind == .pvc)
        #expect(pvc.namedTarget?.name == "data")
    }

    @Test func configMapsOptionsAndArtifactsAreGivenToTemplates() async throws {
        var request = RunRequest(action: "a", object: ObjectReference(kind: "Namespace", name: "web"))
        request.configMaps = ["cfg": ObjectReference(name: "settings", namespace: "web")]
        request.options = ["k": "v"]
        request.artifactsIn = ["backup": .init(keyValue: ["id": "42"])]
        let parameters = try await Self.parameters(request)
        #expect(parameters.configMaps["cfg"]?.data == ["mode": "fast"])
        #expect(parameters.options == ["k": "v"])
        #expect(parameters.artifactsIn["backup"]?.keyValue == ["id": "42"])
        #expect(parameters.time == "now")
    }

    @Test func aMissingSecretIsAnError() async throws {
        var request = RunRequest(action: "a", object: ObjectReference(kind: "Namespace", name: "web"))
        request.secrets = ["creds": ObjectReference(name: "nope", namespace: "web")]
        let error = await #expect(throws: BlueprintError.self) { try await Self.parameters(request) }
        #expect(error?.description == "Secret \"web/nope\" not found")
    }

    @Test func aProfileReadsItsKeyPairFromItsSecret() async throws {
        let cluster = FakeCluster(objects: [
            ["kind": "Namespace", "metadata": ["name": "web"]],
            [
                "kind": "Profile", "metadata": ["name": "s3", "namespace": "kanister"],
                "location": ["type": "s3Compliant", "bucket": "backups", "region": "eu-west-1"],
                "credential": [
                    "type": "keyPair",
                    "keyPair": [
                        "idField": "id", "secretField": "key", "secret": ["name": "s3-creds", "namespace": "kanister"],
                    ],
                ],
            ],
            [
                "kind": "Secret", "metadata": ["name": "s3-creds", "namespace": "kanister"],
                "data": [
                    "id": .string(EngineFixtures.base64("AKID")), "key": .string(EngineFixtures.base64("very-secret")),
                ],
            ],
        ])
        var request = RunRequest(action: "a", object: ObjectReference(kind: "Namespace", name: "web"))
        request.profile = ObjectReference(name: "s3", namespace: "kanister")
        let blueprint = try EngineFixtures.blueprint("kind: Blueprint\nmetadata: {name: bp}\nactions: {}")

        let profile = try #require(
            try await EngineFixtures.runner(blueprint, cluster).buildParameters(request, time: "").profile)

        #expect(profile.bucket == "backups")
        #expect(profile.region == "eu-west-1")
        guard case .keyPair(let id, let secret) = profile.credential else {
            Issue.record("expected a key pair")
            return
        }
        #expect((id, secret) == ("AKID", "very-secret"))
    }
}
