import CofferTestSupport
import Foundation
import Testing

@testable import CofferKube

@Suite struct ExecCredentialTests {
    /// A plugin script that counts its runs in `count` and prints a credential.
    ///
    /// Tests run it through `/bin/sh`: executing a file just written races with other tests' `fork`s holding
    /// it open for writing (ETXTBSY).
    func plugin(
        in directory: TemporaryDirectory, apiVersion: String = "client.authentication.k8s.io/v1", status: String
    ) throws -> String {
        try directory.write(
            "plugin.sh",
            """
            #!/bin/sh
            echo run >> "\(directory.path)/count"
            printf '%s' "$KUBERNETES_EXEC_INFO" > "\(directory.path)/info"
            cat <<'JSON'
            {"apiVersion":"\(apiVersion)","kind":"ExecCredential","status":\(status)}
            JSON
            """, executable: true)
    }

    func runs(_ directory: TemporaryDirectory) -> Int {
        let text = (try? String(contentsOfFile: "\(directory.path)/count", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").count
    }

    @Test(arguments: ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"])
    func thePluginTokenIsSentAndCachedUntilExpiry(apiVersion: String) async throws {
        let directory = try TemporaryDirectory()
        let script = try plugin(
            in: directory, apiVersion: apiVersion,
            status: #"{"token":"plugin-token","expirationTimestamp":"2999-01-01T00:00:00Z"}"#)
        let server = try LoopbackServer { _ in .json(200, #"{"kind":"Pod"}"#) }
        defer { server.stop() }
        let connection = ClusterConnection(
            server: server.url,
            credentials: .exec(ExecPluginConfig(apiVersion: apiVersion, command: "/bin/sh", args: [script])))
        let client = KubeClient(connection: connection, options: .init(rateLimit: .unlimited), environment: [:])
        _ = try await client.get(.pods, namespace: "ns", name: "a")
        _ = try await client.get(.pods, namespace: "ns", name: "b")
        #expect(server.requests.map { $0.headers["authorization"] } == ["Bearer plugin-token", "Bearer plugin-token"])
        #expect(runs(directory) == 1)
        let info = try String(contentsOfFile: "\(directory.path)/info", encoding: .utf8)
        #expect(info.contains(#""kind":"ExecCredential""#))
        #expect(info.contains(apiVersion))
    }

    @Test func anExpiredCredentialRunsThePluginAgain() async throws {
        let directory = try TemporaryDirectory()
        let script = try plugin(in: directory, status: #"{"token":"t","expirationTimestamp":"2000-01-01T00:00:00Z"}"#)
        let provider = CredentialProvider(
            connection: ClusterConnection(
                server: "https://x",
                credentials: .exec(
                    ExecPluginConfig(apiVersion: "client.authentication.k8s.io/v1", command: "/bin/sh", args: [script]))
            ),
            environment: [:])
        _ = try await provider.credentials()
        _ = try await provider.credentials()
        #expect(runs(directory) == 2)
    }

    @Test func a401RunsThePluginAgainOnce() async throws {
        let directory = try TemporaryDirectory()
        let script = try plugin(in: directory, status: #"{"token":"t"}"#)
        let server = try LoopbackServer { _ in .json(401, statusJSON(401, "Unauthorized", "Unauthorized")) }
        defer { server.stop() }
        let connection = ClusterConnection(
            server: server.url,
            credentials: .exec(
                ExecPluginConfig(apiVersion: "client.authentication.k8s.io/v1", command: "/bin/sh", args: [script])))
        let client = KubeClient(connection: connection, options: .init(rateLimit: .unlimited), environment: [:])
        let error = await #expect(throws: KubeError.self) { try await client.get(.pods, namespace: "ns", name: "a") }
        #expect(error?.statusCode == 401)
        #expect(error?.reason == "Unauthorized")
        #expect(runs(directory) == 2)
        #expect(server.requests.count == 2)
    }

    @Test func clientCertificatesFromThePluginAreUsed() async throws {
        let directory = try TemporaryDirectory()
        let script = try plugin(in: directory, status: #"{"clientCertificateData":"CERT","clientKeyData":"KEY"}"#)
        let provider = CredentialProvider(
            connection: ClusterConnection(
                server: "https://x",
                credentials: .exec(
                    ExecPluginConfig(apiVersion: "client.authentication.k8s.io/v1", command: "/bin/sh", args: [script]))
            ),
            environment: [:])
        let credentials = try await provider.credentials()
        #expect(credentials.token == nil)
        #expect(credentials.clientCertificatePEM == Array("CERT".utf8))
        #expect(credentials.clientKeyPEM == Array("KEY".utf8))
    }

    @Test func aMismatchedApiVersionIsRejected() async throws {
        let directory = try TemporaryDirectory()
        let script = try plugin(
            in: directory, apiVersion: "client.authentication.k8s.io/v1beta1", status: #"{"token":"t"}"#)
        let provider = CredentialProvider(
            connection: ClusterConnection(
                server: "https://x",
                credentials: .exec(
                    ExecPluginConfig(apiVersion: "client.authentication.k8s.io/v1", command: "/bin/sh", args: [script]))
            ),
            environment: [:])
        let error = await #expect(throws: KubeError.self) { try await provider.credentials() }
        #expect(error?.code == .credentials)
        #expect(
            error?.description
                == #"exec plugin "/bin/sh" answered with apiVersion "client.authentication.k8s.io/v1beta1", expected "client.authentication.k8s.io/v1""#
        )
    }

    @Test func aMissingPluginShowsTheInstallHint() async throws {
        let provider = CredentialProvider(
            connection: ClusterConnection(
                server: "https://x",
                credentials: .exec(
                    ExecPluginConfig(
                        apiVersion: "client.authentication.k8s.io/v1", command: "coffer-no-such-plugin",
                        installHint: "install it from example.com"))),
            environment: ["PATH": "/nonexistent"])
        let error = await #expect(throws: KubeError.self) { try await provider.credentials() }
        #expect(
            error?.description == #"exec plugin "coffer-no-such-plugin" not found in PATH: install it from example.com"#
        )
    }
}
