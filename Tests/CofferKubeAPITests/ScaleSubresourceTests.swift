import CofferCore
import Testing

@testable import CofferKubeAPI

@Suite struct ScaleSubresourceTests {
    let deployments = BuiltinResources.resource(group: "apps", name: "deployments")!

    let deployment: Value = [
        "metadata": ["name": "web", "namespace": "default", "uid": "u1", "resourceVersion": "7", "labels": ["a": "b"]],
        "spec": ["replicas": 2, "selector": ["matchLabels": ["app": "web"]]],
        "status": ["replicas": 1],
    ]

    @Test func deploymentIsSeenAsAnAutoscalingScale() {
        #expect(
            ScaleSubresource.scale(of: deployment, resource: deployments) == [
                "kind": "Scale", "apiVersion": "autoscaling/v1",
                "metadata": ["name": "web", "namespace": "default", "uid": "u1", "resourceVersion": "7"],
                "spec": ["replicas": 2], "status": ["replicas": 1, "selector": "app=web"],
            ])
    }

    @Test func applyingAScaleSetsSpecReplicasOnly() throws {
        let scaled = try ScaleSubresource.apply(["spec": ["replicas": 5]], to: deployment, resource: deployments)
        #expect(scaled["spec"]?["replicas"] == 5)
        #expect(scaled["status"] == deployment["status"])
    }

    @Test func negativeReplicasAreInvalid() throws {
        let status = try #require(throws: KubeStatus.self) {
            try ScaleSubresource.apply(["spec": ["replicas": -1]], to: deployment, resource: deployments)
        }
        #expect(
            status.message
                == #"Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0"#
        )
    }

    @Test func customResourceUsesTheCRDsPaths() throws {
        let clusters = try #require(APIResource.fromCRD(try CRDFixture.cnpgClusters.crd).first)
        let cluster: Value = [
            "metadata": ["name": "pg"], "spec": ["instances": 3],
            "status": ["instances": 2, "selector": "cnpg.io/cluster=pg"],
        ]
        let scale = ScaleSubresource.scale(of: cluster, resource: clusters)
        #expect(scale["spec"] == ["replicas": 3])
        #expect(scale["status"] == ["replicas": 2, "selector": "cnpg.io/cluster=pg"])
        let scaled = try ScaleSubresource.apply(["spec": ["replicas": 1]], to: cluster, resource: clusters)
        #expect(scaled["spec"]?["instances"] == 1)
    }
}
