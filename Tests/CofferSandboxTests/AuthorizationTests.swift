import CofferTestSupport
import Foundation
import Testing

@testable import CofferSandbox

/// Users from `DIR/users.yaml` get what their rules allow, and 403 Forbidden otherwise.
@Suite(.serialized)
struct AuthorizationTests {
    static let users = """
        users:
        - name: viewer
          token: viewer-token
          groups: [devs]
          rules:
          - verbs: [get, list, watch]
            resources: [configmaps]
            namespaces: [default]
        """

    private func sandboxWithUsers() async throws -> SandboxHarness {
        let directory = try Fixtures.temporaryDirectory("coffer-sandbox-users")
        try Self.users.write(to: directory.appendingPathComponent("users.yaml"), atomically: true, encoding: .utf8)
        return try await SandboxHarness.start(directory: directory)
    }

    @Test func ruleAllowsReadingButCreatingIsForbiddenWithKubeApiserversMessage() async throws {
        let sandbox = try await sandboxWithUsers()
        defer { Task { try? await sandbox.stop() } }
        try sandbox.kubectlOK(["create", "configmap", "shared"])
        #expect(
            try sandbox.kubectlOK(["--token", "viewer-token", "get", "configmaps", "-o", "name"])
                == "configmap/shared\n")
        let denied = try sandbox.kubectl(["--token", "viewer-token", "create", "configmap", "mine"])
        #expect(denied.exitCode == 1)
        #expect(
            denied.stderr
                == "error: failed to create configmap: configmaps is forbidden: User \"viewer\" cannot create "
                + "resource \"configmaps\" in API group \"\" in the namespace \"default\"\n")
    }

    @Test func authCanIAnswersFromTheRules() async throws {
        let sandbox = try await sandboxWithUsers()
        defer { Task { try? await sandbox.stop() } }
        #expect(
            try sandbox.kubectl(["--token", "viewer-token", "auth", "can-i", "list", "configmaps"]).stdout == "yes\n")
        #expect(
            try sandbox.kubectl(["--token", "viewer-token", "auth", "can-i", "delete", "configmaps"]).stdout == "no\n")
        #expect(try sandbox.kubectl(["--token", "viewer-token", "auth", "can-i", "list", "secrets"]).stdout == "no\n")
        #expect(try sandbox.kubectlOK(["auth", "can-i", "delete", "secrets"]) == "yes\n")
        let whoami = try sandbox.kubectlOK([
            "--token", "viewer-token", "auth", "whoami", "-o", "jsonpath={.status.userInfo.username}",
        ])
        #expect(whoami == "viewer")
    }
}
