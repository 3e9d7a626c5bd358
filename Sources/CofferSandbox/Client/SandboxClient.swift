import CofferCore
package import Foundation
import NIOConcurrencyHelpers
package import NIOCore
package import NIOHTTP1
import NIOPosix
import NIOSSL

/// A minimal keep-alive HTTPS client for one sandbox connection: what load tests and benchmarks use.
///
/// Requests on one client are sent one at a time; open several clients for concurrency.
package final class SandboxClient: Sendable {
    private let channel: any Channel
    private let collector: ResponseCollector
    private let token: String

    private init(channel: any Channel, collector: ResponseCollector, token: String) {
        self.channel = channel
        self.collector = collector
        self.token = token
    }

    /// Connects to the sandbox at 127.0.0.1:`port`, trusting its CA, authenticating with `token`.
    ///
    /// `onBody`, when given, receives each body chunk as it arrives (for watches) instead of collecting it.
    package static func connect(
        port: Int, caCertificate: URL, token: String, group: any EventLoopGroup,
        onBody: (@Sendable (ByteBuffer) -> Void)? = nil
    ) async throws -> SandboxClient {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caCertificate.path))
        tls.certificateVerification = .noHostnameVerification
        let context = try NIOSSLContext(configuration: tls)
        let collector = ResponseCollector(onBody: onBody)
        let channel = try await ClientBootstrap(group: group)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(NIOSSLClientHandler(context: context, serverHostname: nil))
                    try sync.addHTTPClientHandlers()
                    try sync.addHandler(collector)
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return SandboxClient(channel: channel, collector: collector, token: token)
    }

    /// Sends one request and returns the status and body (empty when streamed to `onBody`).
    package func request(
        _ method: HTTPMethod, _ path: String, body: [UInt8]? = nil, contentType: String = "application/json"
    ) async throws -> (status: Int, body: [UInt8]) {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: "127.0.0.1")
        headers.add(name: "Authorization", value: "Bearer \(token)")
        headers.add(name: "Accept", value: "application/json")
        if let body {
            headers.add(name: "Content-Type", value: contentType)
            headers.add(name: "Content-Length", value: String(body.count))
        }
        let channel = self.channel
        let promise = channel.eventLoop.makePromise(of: (Int, [UInt8]).self)
        let head = HTTPRequestHead(version: .http1_1, method: method, uri: path, headers: headers)
        let buffer = body.map { channel.allocator.buffer(bytes: $0) }
        let collector = self.collector
        channel.eventLoop.execute {
            collector.enqueue(promise)
            channel.write(HTTPClientRequestPart.head(head), promise: nil)
            if let buffer { channel.write(HTTPClientRequestPart.body(.byteBuffer(buffer)), promise: nil) }
            channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        }
        let (status, bytes) = try await promise.futureResult.get()
        return (status, bytes)
    }

    /// Closes the connection.
    package func close() async {
        try? await channel.close()
    }
}

/// Matches responses to the requests waiting for them, in order.
private final class ResponseCollector: ChannelInboundHandler, @unchecked Sendable {
    // @unchecked: every stored property is touched only on the channel's event loop.
    typealias InboundIn = HTTPClientResponsePart

    private var waiting: [EventLoopPromise<(Int, [UInt8])>] = []
    private var status = 0
    private var body: [UInt8] = []
    private let onBody: (@Sendable (ByteBuffer) -> Void)?

    init(onBody: (@Sendable (ByteBuffer) -> Void)?) {
        self.onBody = onBody
    }

    func enqueue(_ promise: EventLoopPromise<(Int, [UInt8])>) { waiting.append(promise) }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = Int(head.status.code)
            body = []
        case .body(let buffer):
            if let onBody { onBody(buffer) } else { body += buffer.readableBytesView }
        case .end:
            if !waiting.isEmpty { waiting.removeFirst().succeed((status, body)) }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        for promise in waiting { promise.fail(ChannelError.ioOnClosedChannel) }
        waiting = []
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        for promise in waiting { promise.fail(error) }
        waiting = []
        context.close(promise: nil)
    }
}

extension SandboxServer {
    /// The CA certificate clients trust.
    package var caCertificate: URL {
        kubeconfig.deletingLastPathComponent().appendingPathComponent("pki/ca.crt")
    }
}

extension SandboxServer {
    /// The store's newest resourceVersion.
    package var resourceVersion: Int64 { api.store.resourceVersion }
    /// How many watches are open.
    package var watcherCount: Int { api.store.watcherCount }
}
