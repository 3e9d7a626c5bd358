import CofferCore
import Foundation
import Testing

@testable import CofferSandbox

/// Finalizers, cascading deletion and the status subresource, as kubectl sees them.
@Suite(.serialized)
struct KubectlLifecycleTests {
    @Test func finalizerHoldsDeletionUntilRemoved() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        let held = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: held, finalizers: [example.com/hold]}
            """
        try sandbox.kubectlOK(["apply", "-f", "-"], stdin: held)
        try sandbox.kubectlOK(["delete", "configmap", "held", "--wait=false"])
        let marked = try sandbox.kubectlJSON(["get", "configmap", "held"])
        #expect(marked["metadata"]?["deletionTimestamp"] != nil)
        try sandbox.kubectlOK([
            "patch", "configmap", "held", "--type", "merge", "-p", #"{"metadata":{"finalizers":null}}"#,
        ])
        #expect(try sandbox.kubectl(["get", "configmap", "held"]).exitCode == 1)
    }

    @Test func orphanDeletionKeepsDependentsAndDropsTheirOwnerReference() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        try sandbox.kubectlOK(["create", "deployment", "web", "--image=nginx"])
        try sandbox.kubectlOK(["delete", "deployment", "web", "--cascade=orphan"])
        let replicaSets = try sandbox.kubectlJSON(["get", "replicasets"])["items"]?.arrayValue ?? []
        #expect(replicaSets.count == 1)
        #expect(replicaSets.first?["metadata"]?["ownerReferences"] == nil)
    }

    @Test func statusSubresourceIsSeparateFromSpecAndGeneration() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        let crd = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: gadgets.example.com}
            spec:
              group: example.com
              scope: Namespaced
              names: {plural: gadgets, singular: gadget, kind: Gadget}
              versions:
              - name: v1
                served: true
                storage: true
                subresources: {status: {}}
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec: {type: object, properties: {size: {type: integer}}}
                      status: {type: object, properties: {phase: {type: string}}}
            """
        try sandbox.kubectlOK(["apply", "-f", "-"], stdin: crd)
        try sandbox.kubectlOK(["wait", "--for=condition=Established", "crd/gadgets.example.com"])
        try sandbox.kubectlOK(
            ["apply", "-f", "-"],
            stdin: "apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g}\nspec: {size: 1}\n")
        let ignored = try sandbox.kubectlOK(
            ["patch", "gadget", "g", "--type", "merge", "-p", #"{"status":{"phase":"Ready"}}"#])
        #expect(ignored == "gadget.example.com/g patched (no change)\n")
        try sandbox.kubectlOK(
            ["patch", "gadget", "g", "--subresource=status", "--type", "merge", "-p", #"{"status":{"phase":"Ready"}}"#])
        var gadget = try sandbox.kubectlJSON(["get", "gadget", "g"])
        #expect(gadget["status"]?["phase"] == "Ready")
        #expect(gadget["metadata"]?["generation"] == 1)
        try sandbox.kubectlOK(["patch", "gadget", "g", "--type", "merge", "-p", #"{"spec":{"size":2}}"#])
        gadget = try sandbox.kubectlJSON(["get", "gadget", "g"])
        #expect(gadget["metadata"]?["generation"] == 2)
        #expect(gadget["status"]?["phase"] == "Ready")
    }
}
