import CofferCore
import Testing

@testable import CofferKubeAPI

@Suite struct APIResourceTests {
    @Test func crdBecomesOneResourcePerServedVersion() throws {
        let resources = APIResource.fromCRD(try CRDFixture.cnpgClusters.crd)
        let cluster = try #require(resources.first)
        #expect(resources.count == 1)
        #expect(cluster.group == "postgresql.cnpg.io")
        #expect(cluster.version == "v1")
        #expect(cluster.name == "clusters")
        #expect(cluster.singularName == "cluster")
        #expect(cluster.kind == "Cluster")
        #expect(cluster.listKind == "ClusterList")
        #expect(cluster.namespaced)
        #expect(cluster.subresources.map(\.name) == ["scale", "status"])
        #expect(cluster.schema?["properties"]?["spec"] != nil)
    }

    @Test func unservedVersionsAreLeftOutAndNamesAreKept() throws {
        let crd = try yaml(
            """
            spec:
              group: example.com
              scope: Cluster
              names: {plural: widgets, kind: Widget, shortNames: [wd], categories: [all]}
              versions:
                - {name: v1alpha1, served: false, storage: false}
                - {name: v1, served: true, storage: true, subresources: {status: {}}}
            """)
        let resources = APIResource.fromCRD(crd)
        #expect(resources.map(\.version) == ["v1"])
        #expect(resources.first?.singularName == "widget")
        #expect(resources.first?.namespaced == false)
        #expect(resources.first?.shortNames == ["wd"])
        #expect(resources.first?.categories == ["all"])
    }

    @Test(arguments: [
        ("po", "pods"), ("svc", "services"), ("cm", "configmaps"), ("ns", "namespaces"),
        ("pvc", "persistentvolumeclaims"),
        ("ev", "events"), ("deploy", "deployments"), ("sts", "statefulsets"), ("rs", "replicasets"), ("cj", "cronjobs"),
        ("crd", "customresourcedefinitions"), ("crds", "customresourcedefinitions"), ("sa", "serviceaccounts"),
        ("Pod", "pods"), ("job", "jobs"), ("leases", "leases"),
    ])
    func builtinResolvesShortAndSingularNames(text: String, plural: String) throws {
        #expect(BuiltinResources.resolve(text)?.name == plural)
    }

    @Test(arguments: [
        (["v1beta1", "v1", "v1alpha1", "v2"], ["v2", "v1", "v1beta1", "v1alpha1"]),
        (["foo", "v1beta2", "v1beta10", "v3alpha1"], ["v1beta10", "v1beta2", "v3alpha1", "foo"]),
    ])
    func versionsSortByKubernetesPriority(versions: [String], sorted: [String]) {
        #expect(versions.sorted(by: APIResource.versionPrecedes) == sorted)
    }
}

@Suite struct APIDiscoveryTests {
    let discovery: APIDiscovery

    init() throws {
        discovery = APIDiscovery(
            resources: BuiltinResources.all + APIResource.fromCRD(try CRDFixture.postgresClusters.crd))
    }

    @Test func coreResourceListHasSubresourcesAfterTheirResource() throws {
        let list = try #require(discovery.resourceList(group: "", version: "v1"))
        #expect(list["kind"] == "APIResourceList")
        #expect(list["apiVersion"] == nil)
        #expect(list["groupVersion"] == "v1")
        let names = try #require(list["resources"]?.arrayValue?.compactMap { $0["name"]?.stringValue })
        #expect(
            names.starts(with: ["configmaps", "events", "namespaces", "namespaces/status", "persistentvolumeclaims"]))
        #expect(names.contains("pods/exec") && names.contains("pods/log"))
        let pods = try #require(list["resources"]?.arrayValue?.first { $0["name"] == "pods" })
        #expect(
            pods == [
                "name": "pods", "singularName": "pod", "namespaced": true, "kind": "Pod",
                "verbs": ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
                "shortNames": ["po"], "categories": ["all"],
            ])
    }

    @Test func scaleSubresourceNamesAutoscaling() throws {
        let list = try #require(discovery.resourceList(group: "apps", version: "v1"))
        #expect(list["apiVersion"] == "v1")
        let scale = try #require(list["resources"]?.arrayValue?.first { $0["name"] == "deployments/scale" })
        #expect(
            scale == [
                "name": "deployments/scale", "singularName": "", "namespaced": true, "group": "autoscaling",
                "version": "v1",
                "kind": "Scale", "verbs": ["get", "patch", "update"],
            ])
    }

    @Test func groupListNamesPreferredVersions() throws {
        let list = discovery.groupList()
        let groups = try #require(list["groups"]?.arrayValue)
        let pgo = try #require(groups.first { $0["name"] == "postgres-operator.crunchydata.com" })
        #expect(
            pgo["preferredVersion"] == [
                "groupVersion": "postgres-operator.crunchydata.com/v1beta1", "version": "v1beta1",
            ])
        #expect(groups.first?["name"] == "apps")
        #expect(discovery.group("batch")?["kind"] == "APIGroup")
        #expect(discovery.group("nope") == nil)
        #expect(discovery.resourceList(group: "nope", version: "v1") == nil)
    }

    @Test func aggregatedDiscoveryHasTheV2Shape() throws {
        let core = discovery.aggregated(core: true)
        #expect(core["apiVersion"] == "apidiscovery.k8s.io/v2")
        #expect(core["kind"] == "APIGroupDiscoveryList")
        #expect(core["items"]?.arrayValue?.count == 1)
        let apis = discovery.aggregated(core: false)
        let apps = try #require(apis["items"]?.arrayValue?.first { $0["metadata"]?["name"] == "apps" })
        let deployments = try #require(
            apps["versions"]?.arrayValue?.first?["resources"]?.arrayValue?.first { $0["resource"] == "deployments" })
        #expect(
            deployments == [
                "resource": "deployments", "responseKind": ["group": "", "version": "", "kind": "Deployment"],
                "scope": "Namespaced", "singularResource": "deployment",
                "verbs": ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
                "shortNames": ["deploy"], "categories": ["all"],
                "subresources": [
                    [
                        "subresource": "scale",
                        "responseKind": ["group": "autoscaling", "version": "v1", "kind": "Scale"],
                        "verbs": ["get", "patch", "update"],
                    ],
                    [
                        "subresource": "status", "responseKind": ["group": "", "version": "", "kind": "Deployment"],
                        "verbs": ["get", "patch", "update"],
                    ],
                ],
            ])
        #expect(apps["versions"]?.arrayValue?.first?["freshness"] == "Current")
    }
}

@Suite struct OpenAPIDocumentsTests {
    let documents: OpenAPIDocuments

    init() throws {
        documents = OpenAPIDocuments(
            resources: BuiltinResources.all + APIResource.fromCRD(try CRDFixture.postgresClusters.crd))
    }

    @Test(arguments: [
        (
            "postgres-operator.crunchydata.com", "v1beta1", "PostgresCluster",
            "com.crunchydata.postgres-operator.v1beta1.PostgresCluster"
        ),
        ("", "v1", "Pod", "io.k8s.api.core.v1.Pod"),
        ("apps", "v1", "Deployment", "io.k8s.api.apps.v1.Deployment"),
        ("coordination.k8s.io", "v1", "Lease", "io.k8s.api.coordination.v1.Lease"),
        ("postgresql.cnpg.io", "v1", "Cluster", "io.cnpg.postgresql.v1.Cluster"),
    ])
    func definitionNamesReverseTheGroup(group: String, version: String, kind: String, name: String) {
        #expect(OpenAPIDocuments.definitionName(group: group, version: version, kind: kind) == name)
    }

    @Test func v2DefinitionCarriesItsGroupVersionKindWithoutComposition() throws {
        let definition = try #require(
            documents.v2["definitions"]?["com.crunchydata.postgres-operator.v1beta1.PostgresCluster"])
        #expect(
            definition["x-kubernetes-group-version-kind"] == [
                ["group": "postgres-operator.crunchydata.com", "kind": "PostgresCluster", "version": "v1beta1"]
            ])
        #expect(
            definition["properties"]?["metadata"] == [
                "$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"
            ])
        #expect(!definition.jsonString().contains("\"nullable\""))
        #expect(documents.v2["swagger"] == "2.0")
        #expect(
            documents.v2["paths"]?[
                "/apis/postgres-operator.crunchydata.com/v1beta1/namespaces/{namespace}/postgresclusters"] != nil)
    }

    @Test func v3IndexPointsAtEveryGroupVersionWithAHash() throws {
        let paths = try #require(documents.v3Index["paths"]?.objectValue)
        #expect(paths.keys.contains("api/v1"))
        let url = try #require(
            paths["apis/postgres-operator.crunchydata.com/v1beta1"]?["serverRelativeURL"]?.stringValue)
        #expect(url.hasPrefix("/openapi/v3/apis/postgres-operator.crunchydata.com/v1beta1?hash="))
        let document = try #require(documents.v3Documents["apis/postgres-operator.crunchydata.com/v1beta1"])
        #expect(document["openapi"] == "3.0.0")
        let schema = try #require(
            document["components"]?["schemas"]?["com.crunchydata.postgres-operator.v1beta1.PostgresCluster"])
        #expect(schema["properties"]?["spec"]?["required"] == ["instances", "postgresVersion"])
        #expect(document["components"]?["schemas"]?["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"] != nil)
    }
}
