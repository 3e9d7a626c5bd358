import CofferCore
import CofferTestSupport
import Foundation
import Testing

/// `coffer cluster check`, run as users run it, against a fake API server on 127.0.0.1.
@Suite struct ClusterCheckCommandTests {
    static let pgo = Fixtures.packageRoot.appendingPathComponent("blueprints/pgo-v5.yaml").path

    /// An API server that allows everything except `create pods/exec`.
    static func server() throws -> LoopbackServer {
        try LoopbackServer { request in
            switch request.path {
            case "/version":
                return .json(200, #"{"major":"1","minor":"28","gitVersion":"v1.28.7"}"#)
            case "/apis/authentication.k8s.io/v1/selfsubjectreviews":
                return .json(
                    201,
                    #"{"kind":"SelfSubjectReview","status":{"userInfo":{"username":"system:serviceaccount:db:coffer","groups":["system:serviceaccounts","system:authenticated"]}}}"#
                )
            case "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews":
                let attributes = (try? Value(json: request.body))?["spec"]?["resourceAttributes"]
                let denied = attributes?["resource"] == "pods" && attributes?["subresource"] == "exec"
                return .json(201, #"{"kind":"SelfSubjectAccessReview","status":{"allowed":\#(!denied)}}"#)
            default:
                return .json(404, #"{"kind":"Status","code":404,"reason":"NotFound","message":"not found"}"#)
            }
        }
    }

    static func kubeconfig(for server: LoopbackServer) throws -> String {
        let file = try Fixtures.temporaryDirectory().appendingPathComponent("kubeconfig")
        let text = """
            current-context: sandbox
            clusters: [{name: sandbox, cluster: {server: "\(server.url)"}}]
            users: [{name: coffer, user: {token: not-to-be-printed}}]
            contexts: [{name: sandbox, context: {cluster: sandbox, user: coffer, namespace: db}}]
            """
        try Data(text.utf8).write(to: file)
        return file.path
    }

    @Test func withoutABlueprintItShowsContextVersionAndIdentity() throws {
        let server = try Self.server()
        defer { server.stop() }
        let result = try CofferProcess.run(["cluster", "check", "--kubeconfig", try Self.kubeconfig(for: server)])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(
            result.stdout == """
                context:  sandbox
                server:   \(server.url) (v1.28.7)
                identity: system:serviceaccount:db:coffer (groups: system:serviceaccounts, system:authenticated)

                """)
        #expect(!result.stdout.contains("not-to-be-printed") && !result.stderr.contains("not-to-be-printed"))
    }

    @Test func aMissingPermissionIsNamedWithThePhasesNeedingIt() throws {
        let server = try Self.server()
        defer { server.stop() }
        let result = try CofferProcess.run([
            "cluster", "check", "--kubeconfig", try Self.kubeconfig(for: server), "--blueprint", Self.pgo,
        ])
        #expect(result.exitCode == 1)
        #expect(
            result.stdout.contains(
                #"missing: create pods/exec in namespace "db", needed by backup/findBackup (KubeExec)"#))
        #expect(!result.stdout.contains("missing: get pods"))
        #expect(result.stdout.contains("blueprint pgo-v5:") || result.stdout.contains("blueprint "))
    }

    @Test func jsonOutputListsEveryCheck() throws {
        let server = try Self.server()
        defer { server.stop() }
        let result = try CofferProcess.run([
            "cluster", "check", "--kubeconfig", try Self.kubeconfig(for: server), "--blueprint", Self.pgo,
            "--action", "backup", "-n", "other", "-o", "json",
        ])
        #expect(result.exitCode == 1)
        let report = try Value(json: result.stdout)
        #expect(report["serverVersion"] == "v1.28.7")
        #expect(report["missing"] == 1)
        let checks = try #require(report["checks"]?.arrayValue)
        let patch = checks.first { $0["verb"] == "patch" && $0["resource"] == "postgresclusters" }
        #expect(patch?["group"] == "postgres-operator.crunchydata.com")
        #expect(patch?["namespace"] == "other")
        #expect(patch?["allowed"] == true)
        #expect(checks.contains { $0["verb"] == "watch" && $0["resource"] == "postgresclusters" })
    }

    @Test func anUnreachableServerIsAOneLineError() throws {
        let file = try Fixtures.temporaryDirectory().appendingPathComponent("kubeconfig")
        try Data(
            """
            current-context: x
            clusters: [{name: x, cluster: {server: "http://127.0.0.1:1"}}]
            contexts: [{name: x, context: {cluster: x}}]
            """.utf8
        ).write(to: file)
        let result = try CofferProcess.run(["cluster", "check", "--kubeconfig", file.path])
        #expect(result.exitCode == 1)
        #expect(result.stderr.hasPrefix("error: "))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}
