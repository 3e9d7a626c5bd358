import CofferTestSupport
import Foundation
import Testing

@testable import CofferKube

/// A throwaway CA, a server certificate for `api.test` only, a client certificate, and `openssl s_server`
/// requiring client certificates: TLS material reaches libcurl as blobs, as it does for real clusters.
final class TLSFixture {
    let directory: TemporaryDirectory
    let port: Int
    private let server: Process

    init() throws {
        directory = try TemporaryDirectory()
        let script = """
            set -e
            cd "\(directory.path)"
            key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
            key ca.key; key server.key; key client.key
            openssl req -x509 -new -key ca.key -out ca.pem -days 2 -subj /CN=coffer-test-ca 2>/dev/null
            printf 'subjectAltName=DNS:api.test\\nextendedKeyUsage=serverAuth\\n' > server.ext
            printf 'extendedKeyUsage=clientAuth\\n' > client.ext
            openssl req -new -key server.key -out server.csr -subj /CN=api.test 2>/dev/null
            openssl req -new -key client.key -out client.csr -subj /CN=coffer/O=system:masters 2>/dev/null
            openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile server.ext 2>/dev/null
            openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out client.pem -days 2 -extfile client.ext 2>/dev/null
            """
        let generate = Process()
        generate.executableURL = URL(fileURLWithPath: "/bin/sh")
        generate.arguments = ["-c", script]
        generate.standardInput = FileHandle.nullDevice
        try generate.run()
        generate.waitUntilExit()
        guard generate.terminationStatus == 0 else { throw POSIXError(.EIO) }

        // A free port: bind to 0 through a throwaway loopback server, then hand the number to s_server.
        let probe = try LoopbackServer { _ in .reset }
        port = probe.port
        probe.stop()
        server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        server.arguments = [
            "s_server", "-accept", "127.0.0.1:\(port)", "-cert", "\(directory.path)/server.pem", "-key",
            "\(directory.path)/server.key", "-CAfile", "\(directory.path)/ca.pem", "-Verify", "1", "-www",
        ]
        // Output goes to a file, so s_server never blocks on a full pipe; it prints "ACCEPT" once it listens.
        let log = "\(directory.path)/s_server.log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        server.standardInput = FileHandle.nullDevice
        server.standardOutput = handle
        server.standardError = handle
        try server.run()
        for _ in 0..<500 {
            if let text = try? String(contentsOfFile: log, encoding: .utf8), text.contains("ACCEPT") { break }
            usleep(20_000)
        }
    }

    /// Builds the fixture on a Dispatch thread: spawning processes from the cooperative pool hung here.
    static func make() async throws -> TLSFixture {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try UncheckedBox(TLSFixture()) }) }
        }.value
    }

    deinit {
        // s_server ignores SIGTERM while it waits in accept.
        kill(server.processIdentifier, SIGKILL)
        server.waitUntilExit()
    }

    func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: "\(directory.path)/\(name)")))
    }

    func connection(
        host: String = "127.0.0.1", ca: Bool = true, clientCertificate: Bool = true, serverName: String? = "api.test",
        insecure: Bool = false
    ) throws -> ClusterConnection {
        ClusterConnection(
            server: "https://\(host):\(port)", caData: ca ? try bytes("ca.pem") : nil,
            clientCertificateData: clientCertificate ? try bytes("client.pem") : nil,
            clientKeyData: clientCertificate ? try bytes("client.key") : nil, insecureSkipTLSVerify: insecure,
            tlsServerName: serverName)
    }

    func get(_ connection: ClusterConnection) async throws -> Int {
        let client = KubeClient(
            connection: connection, options: .init(rateLimit: .unlimited, retry: .none), environment: [:])
        return try await client.transport.send("GET", "/").statusCode
    }
}

@Suite(.serialized) struct TLSTests {
    @Test func clientCertificateAndCAFromMemoryConnect() async throws {
        let fixture = try await TLSFixture.make()
        #expect(try await fixture.get(try fixture.connection()) == 200)
    }

    @Test func aServerRequiringClientCertificatesRejectsAConnectionWithout() async throws {
        let fixture = try await TLSFixture.make()
        let error = await #expect(throws: KubeError.self) {
            try await fixture.get(try fixture.connection(clientCertificate: false))
        }
        #expect(error?.code == .transport)
    }

    @Test func aServerCertificateFromAnUntrustedCAIsRejected() async throws {
        let fixture = try await TLSFixture.make()
        let error = await #expect(throws: KubeError.self) { try await fixture.get(try fixture.connection(ca: false)) }
        #expect(error?.code == .transport)
    }

    @Test func withoutTLSServerNameTheAddressMustMatchTheCertificate() async throws {
        let fixture = try await TLSFixture.make()
        await #expect(throws: KubeError.self) { try await fixture.get(try fixture.connection(serverName: nil)) }
    }

    @Test func insecureSkipsVerification() async throws {
        let fixture = try await TLSFixture.make()
        #expect(try await fixture.get(try fixture.connection(ca: false, serverName: nil, insecure: true)) == 200)
    }
}

/// Carries a non-Sendable value across one hand-off.
struct UncheckedBox<Value>: @unchecked Sendable {
    // @unchecked: the value is created on one thread and only used after the hand-off completes.
    let value: Value
    init(_ value: Value) { self.value = value }
}
