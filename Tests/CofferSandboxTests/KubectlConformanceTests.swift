import CofferCore
import Foundation
import Testing

@testable import CofferSandbox

/// The real kubectl drives the sandbox and sees what a real API server would show it.
@Suite(.serialized)
struct KubectlConformanceTests {
    static let configMap = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          labels: {app: demo}
        data:
          mode: fast
        """

    @Test func versionReportsAKubectlThatSpeaksWebSocketExec() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        let version = try sandbox.kubectlJSON(["version"])
        let minor = try #require(Int(version["serverVersion"]?["minor"]?.stringValue ?? ""))
        #expect(minor >= 30)
    }

    @Test func getListsTheDefaultNamespaces() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        let names = try sandbox.kubectlOK(["get", "namespaces", "-o", "name"])
        #expect(
            names.split(separator: "\n") == [
                "namespace/default", "namespace/kube-node-lease", "namespace/kube-public", "namespace/kube-system",
            ])
    }

    @Test func getPrintsTheServersColumns() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        try sandbox.kubectlOK(["run", "web", "--image=nginx"])
        let lines = try sandbox.kubectlOK(["get", "pods"]).split(separator: "\n")
        #expect(lines.first?.split(separator: " ") == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"])
        #expect(lines.dropFirst().first?.split(separator: " ").prefix(4) == ["web", "1/1", "Running", "0"])
        let namespaces = try sandbox.kubectlOK(["get", "namespace", "default", "--no-headers"])
        #expect(namespaces.split(separator: " ").prefix(2) == ["default", "Active"])
    }

    @Test func clientCertificateContextAuthenticates() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        let output = try sandbox.kubectlOK(["--context", "sandbox-cert", "get", "namespace", "default", "-o", "name"])
        #expect(output == "namespace/default\n")
    }

    @Test func unknownTokenIsUnauthorized() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        let result = try sandbox.kubectl(["--token", "wrong", "get", "namespaces"])
        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("error: You must be logged in to the server"))
    }

    @Test func clientSideApplyCreatesThenConfiguresThenLeavesUnchanged() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        #expect(try sandbox.kubectlOK(["apply", "-f", "-"], stdin: Self.configMap) == "configmap/settings created\n")
        #expect(try sandbox.kubectlOK(["apply", "-f", "-"], stdin: Self.configMap) == "configmap/settings unchanged\n")
        let changed = Self.configMap.replacingOccurrences(of: "fast", with: "slow")
        #expect(try sandbox.kubectlOK(["apply", "-f", "-"], stdin: changed) == "configmap/settings configured\n")
        let object = try sandbox.kubectlJSON(["get", "configmap", "settings"])
        #expect(object["data"]?["mode"] == "slow")
        #expect(object["metadata"]?["annotations"]?["kubectl.kubernetes.io/last-applied-configuration"] != nil)
    }

    @Test func serverSideApplyCreatesThenMerges() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        #expect(
            try sandbox.kubectlOK(["apply", "--server-side", "-f", "-"], stdin: Self.configMap)
                == "configmap/settings serverside-applied\n")
        let more = Self.configMap.replacingOccurrences(of: "mode: fast", with: "mode: fast\n  extra: \"1\"")
        try sandbox.kubectlOK(["apply", "--server-side", "-f", "-"], stdin: more)
        let object = try sandbox.kubectlJSON(["get", "configmap", "settings"])
        #expect(object["data"] == ["mode": "fast", "extra": "1"])
    }

    @Test func mergePatchChangesOnlyTheGivenKeys() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        try sandbox.kubectlOK(["apply", "-f", "-"], stdin: Self.configMap)
        #expect(
            try sandbox.kubectlOK(["patch", "configmap", "settings", "--type", "merge", "-p", #"{"data":{"b":"x"}}"#])
                == "configmap/settings patched\n")
        let object = try sandbox.kubectlJSON(["get", "configmap", "settings"])
        #expect(object["data"] == ["mode": "fast", "b": "x"])
    }

    @Test func annotateNeedsOverwriteToReplaceAValue() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        try sandbox.kubectlOK(["apply", "-f", "-"], stdin: Self.configMap)
        try sandbox.kubectlOK(["annotate", "configmap", "settings", "owner=a"])
        let refused = try sandbox.kubectl(["annotate", "configmap", "settings", "owner=b"])
        #expect(refused.exitCode != 0)
        try sandbox.kubectlOK(["annotate", "--overwrite", "configmap", "settings", "owner=b"])
        try sandbox.kubectlOK(["label", "configmap", "settings", "tier=gold"])
        let object = try sandbox.kubectlJSON(["get", "configmap", "settings"])
        #expect(object["metadata"]?["annotations"]?["owner"] == "b")
        #expect(object["metadata"]?["labels"] == ["app": "demo", "tier": "gold"])
    }

    @Test func labelSelectorFiltersTheList() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        try sandbox.kubectlOK(["create", "configmap", "one"])
        try sandbox.kubectlOK(["create", "configmap", "two"])
        try sandbox.kubectlOK(["label", "configmap", "two", "pick=yes"])
        #expect(try sandbox.kubectlOK(["get", "configmaps", "-l", "pick=yes", "-o", "name"]) == "configmap/two\n")
        #expect(try sandbox.kubectlOK(["get", "configmaps", "-l", "pick!=yes", "-o", "name"]) == "configmap/one\n")
    }

    @Test func chunkedListsReturnEveryObjectOnce() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        for index in 0..<7 { try sandbox.kubectlOK(["create", "configmap", "c\(index)"]) }
        let names = try sandbox.kubectlOK(["get", "configmaps", "--chunk-size=2", "-o", "name"])
        #expect(names.split(separator: "\n").map(String.init) == (0..<7).map { "configmap/c\($0)" })
        let page = try Value(
            json: try sandbox.kubectlOK(["get", "--raw", "/api/v1/namespaces/default/configmaps?limit=3"]))
        #expect(page["items"]?.arrayValue?.count == 3)
        #expect(page["metadata"]?["continue"]?.stringValue?.isEmpty == false)
    }

    @Test func invalidNameIsRefusedWithFieldErrors() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        let result = try sandbox.kubectl(["create", "configmap", "Bad_Name"])
        #expect(result.exitCode == 1)
        #expect(
            result.stderr.contains(
                "ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": "
                    + "a lowercase RFC 1123 subdomain must consist of"))
    }

    @Test func deleteRemovesTheObjectAndGetThenSaysNotFound() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        try sandbox.kubectlOK(["apply", "-f", "-"], stdin: Self.configMap)
        #expect(try sandbox.kubectlOK(["delete", "configmap", "settings"]) == "configmap \"settings\" deleted\n")
        let result = try sandbox.kubectl(["get", "configmap", "settings"])
        #expect(result.exitCode == 1)
        #expect(result.stderr == "Error from server (NotFound): configmaps \"settings\" not found\n")
    }

    @Test func waitForJSONPathSeesTheSimulatedPodRunning() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        try sandbox.kubectlOK(["run", "web", "--image=nginx"])
        let output = try sandbox.kubectlOK(
            ["wait", "--for=jsonpath={.status.phase}=Running", "pod/web", "--timeout=30s"])
        #expect(output == "pod/web condition met\n")
    }

    @Test func apiResourcesListsTheBuiltInKinds() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        let output = try sandbox.kubectlOK(["api-resources", "-o", "name"])
        let names = Set(output.split(separator: "\n").map(String.init))
        for name in [
            "namespaces", "pods", "secrets", "configmaps", "services", "persistentvolumeclaims", "events",
            "deployments.apps", "statefulsets.apps", "jobs.batch", "cronjobs.batch", "leases.coordination.k8s.io",
            "customresourcedefinitions.apiextensions.k8s.io",
        ] {
            #expect(names.contains(name), "api-resources lacks \(name)")
        }
    }

    @Test func createdCRDServesItsKind() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        let crd = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            spec:
              group: example.com
              scope: Namespaced
              names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wg]}
              versions:
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema:
                    type: object
                    x-kubernetes-preserve-unknown-fields: true
            """
        try sandbox.kubectlOK(["create", "-f", "-"], stdin: crd)
        try sandbox.kubectlOK(
            ["wait", "--for=condition=Established", "crd/widgets.example.com", "--timeout=30s"])
        let widget = """
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: w1}
            spec: {size: 3}
            """
        try sandbox.kubectlOK(["apply", "-f", "-"], stdin: widget)
        #expect(try sandbox.kubectlOK(["get", "wg", "-o", "name"]) == "widget.example.com/w1\n")
    }

    @Test func restartKeepsEveryObject() async throws {
        let first = try await SandboxHarness.start()
        try first.kubectlOK(["apply", "-f", "-"], stdin: Self.configMap)
        try first.kubectlOK(["create", "namespace", "team"])
        try first.kubectlOK(["create", "secret", "generic", "s", "-n", "team", "--from-literal=k=v"])
        try first.kubectlOK(["delete", "configmap", "settings"])
        let before = try first.kubectlJSON(["get", "secret", "s", "-n", "team"])
        try await first.stop()

        let second = try await SandboxHarness.start(directory: first.directory)
        defer { Task { try? await second.stop() } }
        let after = try second.kubectlJSON(["get", "secret", "s", "-n", "team"])
        #expect(after == before)
        let deleted = try second.kubectl(["get", "configmap", "settings"])
        #expect(deleted.stderr == "Error from server (NotFound): configmaps \"settings\" not found\n")
        try second.kubectlOK(["create", "configmap", "later"])
        let later = try second.kubectlJSON(["get", "configmap", "later"])
        let laterVersion = Int(later["metadata"]?["resourceVersion"]?.stringValue ?? "") ?? 0
        let secretVersion = Int(before["metadata"]?["resourceVersion"]?.stringValue ?? "") ?? .max
        #expect(laterVersion > secretVersion)
    }
}
