import CofferTestSupport
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization
import Testing

@testable import CofferSandbox

/// `SandboxServer.stop()` with clients still connected. The time limits are hang guards, never expectations.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct SandboxStopTests {
    @Test func stopClosesAnIdleKeepAliveConnectionWhoseClientIsNotReading() async throws {
        let sandbox = try await SandboxHarness.start()
        let client = try await TestClient.connect(to: sandbox)
        defer { client.shutdown() }
        try await client.send("/api/v1/namespaces")
        try await client.recording.ended.futureResult.get()
        // Like a pooled curl or kubectl connection: open, idle, and not reading, so it cannot answer the
        // server's TLS close_notify.
        try await client.channel.setOption(ChannelOptions.autoRead, value: false).get()

        try await sandbox.stop()

        // Reading again lets the client see the close_notify; the channel may already have closed on the FIN.
        _ = try? await client.channel.setOption(ChannelOptions.autoRead, value: true).get()
        try await client.channel.closeFuture.get()
        #expect(client.recording.events == ["head 200", "end", "closed"])
    }

    @Test func stopEndsAWatchWithItsLastChunkBeforeClosingTheConnection() async throws {
        let sandbox = try await SandboxHarness.start()
        let client = try await TestClient.connect(to: sandbox)
        defer { client.shutdown() }
        try await client.send("/api/v1/namespaces/default/configmaps?watch=true")
        try await client.recording.headReceived.futureResult.get()

        try await sandbox.stop()

        try await client.channel.closeFuture.get()
        #expect(client.recording.events == ["head 200", "end", "closed"])
    }

    @Test func stopCanBeCalledAgainAndWaitsForTheSameShutdown() async throws {
        let sandbox = try await SandboxHarness.start()
        async let first: Void = sandbox.stop()
        async let second: Void = sandbox.stop()
        _ = try await (first, second)
        try await sandbox.stop()
    }
}

/// An HTTPS client on its own event loop that records what the server sends: response heads, ends, and the
/// connection closing; body chunks are not recorded.
private struct TestClient {
    let channel: any Channel
    let recording: Recording
    let group: MultiThreadedEventLoopGroup
    let token: String

    static func connect(to sandbox: SandboxHarness) async throws -> TestClient {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .file(PKI(directory: sandbox.directory.appendingPathComponent("pki")).caCertificate.path)
        tls.certificateVerification = .noHostnameVerification
        let context = try NIOSSLContext(configuration: tls)
        let recording = Recording(eventLoop: group.next())
        let channel = try await ClientBootstrap(group: group).channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                let sync = channel.pipeline.syncOperations
                try sync.addHandler(try NIOSSLClientHandler(context: context, serverHostname: nil))
                try sync.addHTTPClientHandlers()
                try sync.addHandler(Recorder(recording))
            }
        }.connect(host: "127.0.0.1", port: sandbox.server.port).get()
        return TestClient(channel: channel, recording: recording, group: group, token: sandbox.server.token)
    }

    /// Sends a keep-alive GET for `target`.
    func send(_ target: String) async throws {
        var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: target)
        head.headers.add(name: "Host", value: "127.0.0.1")
        head.headers.add(name: "Authorization", value: "Bearer \(token)")
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        try await channel.writeAndFlush(HTTPClientRequestPart.end(nil))
    }

    func shutdown() {
        channel.close(promise: nil)
        try? group.syncShutdownGracefully()
    }

    final class Recording: Sendable {
        let headReceived: EventLoopPromise<Void>
        let ended: EventLoopPromise<Void>
        private let recorded = Mutex<[String]>([])

        init(eventLoop: any EventLoop) {
            headReceived = eventLoop.makePromise()
            ended = eventLoop.makePromise()
        }

        var events: [String] { recorded.withLock { $0 } }
        func record(_ event: String) { recorded.withLock { $0.append(event) } }
    }

    final class Recorder: ChannelInboundHandler {
        typealias InboundIn = HTTPClientResponsePart
        let recording: Recording

        init(_ recording: Recording) { self.recording = recording }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                recording.record("head \(head.status.code)")
                recording.headReceived.succeed()
            case .body:
                break
            case .end:
                recording.record("end")
                recording.ended.succeed()
            }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            recording.record("error \(error)")
        }

        func channelInactive(context: ChannelHandlerContext) {
            recording.record("closed")
            context.fireChannelInactive()
        }
    }
}
