import CofferCore
import CofferKube
import CofferTestSupport
import Foundation
import Testing

/// The client against the real sandbox API server: every verb, selectors, pages, conflicts and patch types.
@Suite(.serialized)
struct SandboxClientVerbTests {
    @Test func getOfAMissingObjectIsNil() async throws {
        let sandbox = try await ClientSandbox.start()
        defer { Task { try? await sandbox.stop() } }
        let client = try sandbox.client()
        #expect(try await client.get(.configMaps, namespace: "default", name: "absent") == nil)
    }

    @Test func createThenGetReturnsTheStoredObjectAndASecondCreateIsAlreadyExists() async throws {
        let sandbox = try await ClientSandbox.start()
        defer { Task { try? await sandbox.stop() } }
        let client = try sandbox.client()
        let created = try await client.create(.configMaps, namespace: "default", configMap("c", data: ["a": "1"]))
        #expect(created["metadata"]?["uid"]?.stringValue?.isEmpty == false)
        let fetched = try #require(try await client.get(.configMaps, namespace: "default", name: "c"))
        #expect(fetched["data"] == ["a": "1"])
        let error = await #expect(throws: KubeError.self) {
            try await client.create(.configMaps, namespace: "default", configMap("c"))
        }
        #expect(error?.isAlreadyExists == true)
        #expect(error?.statusCode == 409)
        #expect(error?.isConflict == false)
    }

    @Test func dryRunCreateAnswersTheObjectButStoresNothing() async throws {
        let sandbox = try await ClientSandbox.start()
        defer { Task { try? await sandbox.stop() } }
        let client = try sandbox.client()
        let answered = try await client.create(.configMaps, namespace: "default", configMap("dry"), dryRun: true)
        #expect(answered["metadata"]?["name"] == "dry")
        #expect(try await client.get(.configMaps, namespace: "default", name: "dry") == nil)
    }

    @Test func serverVersionNamesAKubernetesRelease() async throws {
        let sandbox = try await ClientSandbox.start()
        defer { Task { try? await sandbox.stop() } }
        let version = try await sandbox.client().serverVersion()
        #expect(version["major"] == "1")
        #expect(version["gitVersion"]?.stringValue?.hasPrefix("v1.") == true)
    }

    @Test func listFiltersByLabelSelector() async throws {
        let sandbox = try await ClientSandbox.start()
        defer { Task { try? await sandbox.stop() } }
        let client = try sandbox.client()
        for (name, tier) in [("a", "web"), ("b", "db"), ("c", "web")] {
            _ = try await client.create(.configMaps, namespace: "default", configMap(name, labels: ["tier": tier]))
        }
        let web = try await client.list(.configMaps, namespace: "default", labelSelector: "tier=web")
        #expect(web.items.compactMap { $0["metadata"]?["name"]?.stringValue }.sorted() == ["a", "c"])
        let notWeb = try await client.list(.configMaps, namespace: "default", labelSelector: "tier,tier!=web")
        #expect(notWeb.items.compactMap { $0["metadata"]?["name"]?.stringValue } == ["b"])
    }

    @Test func listFiltersByFieldSelector() async throws {
        let sandbox = try await ClientSandbox.start()
        defer { Task { try? await sandbox.stop() } }
        let client = try sandbox.client()
        for name in ["a", "b"] { _ = try await client.create(.configMaps, namespace: "default", configMap(name)) }
        let named = try await client.list(.configMaps, namespace: "default", fieldSelector: "metadata.name=b")
        #expect(named.items.compactMap { $0["metadata"]?["name"]?.stringValue } == ["b"])
    }

    @Test func paginationWithLimitAndContinueVisitsEveryObjectOnce() async throws {
        let sandbox = try await ClientSandbox.start()
        defer { Task { try? await sandbox.stop() } }
        let client = try sandbox.client()
        let names = (0..<25).map { String(format: "page-%02d", $0) }
        for name in names {
            _ = try await client.create(.configMaps, namespace: "default", configMap(name, labels: ["set": "paged"]))
        }
        let first = try await client.list(
            .configMaps, namespace: "default", labelSelector: "set=paged", limit: 10, allPages: false)
        #expect(first.items.count == 10)
        #expect(first.continueToken != nil)
        let all = try await client.list(.configMaps, namespace: "default", labelSelector: "set=paged", limit: 10)
        #expect(all.items.compactMap { $0["metadata"]?["name"]?.stringValue }.sorted() == names)
        #expect(all.continueToken == nil)
    }

    @Test func updateWithAStaleResourceVersionIsAConflict() async throws {
        let sandbox = try await ClientSandbox.start()
        defer { Task { try? await sandbox.stop() } }
        let client = try sandbox.client()
        let created = try await client.create(.configMaps, namespace: "default", configMap("c", data: ["v": "1"]))
        let version = try #require(created["metadata"]?["resourceVersion"]?.stringValue)
        _ = try await client.update(.configMaps, namespace: "default", Self.versioned("c", version, value: "2"))
        let stale = Self.versioned("c", version, value: "3")
        let error = await #expect(throws: KubeError.self) {
            try await client.update(.configMaps, namespace: "default", stale)
        }
        #expect(error?.isConflict == true)
        #expect(error?.statusCode == 409)
        #expect(try await client.get(.configMaps, namespace: "default", name: "c")?["data"] == ["v": "2"])
    }

    @Test func mergePatchSetsAndRemovesKeys() async throws {
        let sandbox = try await ClientSandbox.start()
        defer { Task { try? await sandbox.stop() } }
        let client = try sandbox.client()
        _ = try await client.create(.configMaps, namespace: "default", configMap("c", data: ["a": "1", "b": "2"]))
        let patched = try await client.patch(
            .configMaps, namespace: "default", name: "c", try json(#"{"data":{"a":null,"c":"3"}}"#), type: .merge)
        #expect(patched["data"] == ["b": "2", "c": "3"])
    }

    @Test func jsonPatchAppliesOperationsAndAFailedTestIsRefused() async throws {
        let sandbox = try await ClientSandbox.start()
        defer { Task { try? await sandbox.stop() } }
        let client = try sandbox.client()
        _ = try await client.create(.configMaps, namespace: "default", configMap("c", data: ["a": "1"]))
        let patched = try await client.patch(
            .configMaps, namespace: "default", name: "c",
            try json(#"[{"op":"test","path":"/data/a","value":"1"},{"op":"add","path":"/data/b","value":"2"}]"#),
            type: .json)
        #expect(patched["data"] == ["a": "1", "b": "2"])
        let error = await #expect(throws: KubeError.self) {
            try await client.patch(
                .configMaps, namespace: "default", name: "c",
                try json(#"[{"op":"test","path":"/data/a","value":"9"},{"op":"remove","path":"/data/a"}]"#),
                type: .json)
        }
        #expect(error?.statusCode == 422)
        #expect(try await client.get(.configMaps, namespace: "default", name: "c")?["data"] == ["a": "1", "b": "2"])
    }

    @Test func strategicPatchMergesContainersByName() async throws {
        let sandbox = try await ClientSandbox.start()
        defer { Task { try? await sandbox.stop() } }
        let client = try sandbox.client()
        _ = try await client.create(.deployments, namespace: "default", try json(Self.deployment))
        let patched = try await client.patch(
            .deployments, namespace: "default", name: "web",
            try json(#"{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox:2"}]}}}}"#),
            type: .strategic)
        let containers = patched["spec"]?["template"]?["spec"]?["containers"]?.arrayValue ?? []
        #expect(containers.map { $0["name"] } == ["app", "sidecar"])
        #expect(containers.map { $0["image"] } == ["nginx", "busybox:2"])
    }

    @Test func serverSideApplyCreatesAMissingObjectThenUpdatesIt() async throws {
        let sandbox = try await ClientSandbox.start()
        defer { Task { try? await sandbox.stop() } }
        let client = try sandbox.client()
        let mine = try json(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"k":"mine"}}"#)
        let created = try await client.patch(
            .configMaps, namespace: "default", name: "c", mine, type: .apply(fieldManager: "first"))
        #expect(created["data"] == ["k": "mine"])
        // The sandbox keeps no field ownership: this covers the request (fieldManager, force), not apply conflicts.
        let theirs = try json(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"k":"theirs"}}"#)
        let forced = try await client.patch(
            .configMaps, namespace: "default", name: "c", theirs, type: .apply(fieldManager: "second", force: true))
        #expect(forced["data"] == ["k": "theirs"])
        #expect(try await client.get(.configMaps, namespace: "default", name: "c")?["data"] == ["k": "theirs"])
    }

    @Test func strategicPatchOfACustomResourceIsUnsupportedMediaType() async throws {
        let sandbox = try await ClientSandbox.start()
        defer { Task { try? await sandbox.stop() } }
        let client = try sandbox.client()
        try await createWidgetCRD(client)
        let widgets = GroupVersionResource(group: "example.com", version: "v1", resource: "widgets")
        _ = try await client.create(
            widgets, namespace: "default",
            try json(#"{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"size":1}}"#))
        let error = await #expect(throws: KubeError.self) {
            try await client.patch(
                widgets, namespace: "default", name: "w", try json(#"{"spec":{"size":2}}"#), type: .strategic)
        }
        #expect(error?.statusCode == 415)
    }

    @Test func deleteWithBackgroundPropagationWaitsUntilGoneAndASecondDeleteIsFalse() async throws {
        let sandbox = try await ClientSandbox.start()
        defer { Task { try? await sandbox.stop() } }
        let client = try sandbox.client()
        _ = try await client.create(.deployments, namespace: "default", try json(Self.deployment))
        let deleted = try await client.delete(
            .deployments, namespace: "default", name: "web", propagation: .background, waitUntilGone: .seconds(60))
        #expect(deleted)
        #expect(try await client.get(.deployments, namespace: "default", name: "web") == nil)
        #expect(try await client.delete(.deployments, namespace: "default", name: "web") == false)
    }

    @Test func statusSubresourceUpdateChangesStatusOnly() async throws {
        let sandbox = try await ClientSandbox.start()
        defer { Task { try? await sandbox.stop() } }
        let client = try sandbox.client()
        try await createWidgetCRD(client)
        let widgets = GroupVersionResource(group: "example.com", version: "v1", resource: "widgets")
        let widget = try await client.create(
            widgets, namespace: "default",
            try json(#"{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"size":1}}"#))
        let version = try #require(widget["metadata"]?["resourceVersion"]?.stringValue)
        let withStatus = try json(
            """
            {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w","resourceVersion":"\(version)"},
             "spec":{"size":7},"status":{"phase":"Ready"}}
            """)
        let updated = try await client.updateStatus(widgets, namespace: "default", withStatus)
        #expect(updated["status"]?["phase"] == "Ready")
        #expect(updated["spec"]?["size"] == 1)
        #expect(
            try await client.getSubresource(widgets, namespace: "default", name: "w", subresource: "status")?[
                "status"]?["phase"] == "Ready")
    }

    @Test func scaleReturnsThePreviousCountAndReadyReplicasFollow() async throws {
        let sandbox = try await ClientSandbox.start()
        defer { Task { try? await sandbox.stop() } }
        let client = try sandbox.client()
        _ = try await client.create(.statefulSets, namespace: "default", try json(Self.statefulSet))
        #expect(try await client.scale(.statefulSets, namespace: "default", name: "db", to: 3) == 2)
        #expect(try await client.scale(.statefulSets, namespace: "default", name: "db") == 3)
        let ready = try await client.wait(for: .statefulSets, namespace: "default", name: "db", timeout: .seconds(60)) {
            $0?["status"]?["readyReplicas"]?.intValue == 3
        }
        #expect(ready?["status"]?["readyReplicas"] == 3)
    }

    /// A ConfigMap `name` at `resourceVersion` with `data.v = value`.
    static func versioned(_ name: String, _ resourceVersion: String, value: String) -> Value {
        [
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": ["name": .string(name), "resourceVersion": .string(resourceVersion)],
            "data": ["v": .string(value)],
        ]
    }

    static let deployment = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
         "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
          "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"app","image":"nginx"}]}}}}
        """

    static let statefulSet = """
        {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db"},
         "spec":{"replicas":2,"serviceName":"db","selector":{"matchLabels":{"app":"db"}},
          "template":{"metadata":{"labels":{"app":"db"}},"spec":{"containers":[{"name":"pg","image":"postgres"}]}}}}
        """
}

/// Creates `widgets.example.com` (kind Widget, status subresource) and waits until it is Established.
func createWidgetCRD(_ client: KubeClient, sourceLocation: SourceLocation = #_sourceLocation) async throws {
    let crd = try json(
        """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
         "metadata":{"name":"widgets.example.com"},
         "spec":{"group":"example.com","scope":"Namespaced",
          "names":{"plural":"widgets","singular":"widget","kind":"Widget","shortNames":["wg"]},
          "versions":[{"name":"v1","served":true,"storage":true,"subresources":{"status":{}},
           "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}
        """)
    _ = try await client.create(.customResourceDefinitions, namespace: nil, crd)
    let established = try await client.wait(
        for: .customResourceDefinitions, namespace: nil, name: "widgets.example.com", timeout: .seconds(60)
    ) { crd in
        (crd?["status"]?["conditions"]?.arrayValue ?? []).contains {
            $0["type"] == "Established" && $0["status"] == "True"
        }
    }
    #expect(established != nil, sourceLocation: sourceLocation)
}
