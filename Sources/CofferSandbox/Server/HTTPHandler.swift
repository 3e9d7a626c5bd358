import CofferCore
import CofferKubeAPI
import NIOCore
import NIOHTTP1
import NIOSSL

/// Reads each HTTP request in full, authenticates it, hands it to the ``APIServer`` and writes the answer;
/// watch answers stay open and stream events as the store commits them.
///
/// When the server stops (``OpenConnections/Drain``), an idle connection closes at once; a request being read
/// or answered gets its answer first, and a watch or log stream is ended, then the connection closes.
final class HTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    static let name = "coffer-api"
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let api: APIServer
    private let authenticator: Authenticator
    private let faults: FaultInjector
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?
    private var watchID: Int?
    private var watchTimeout: Scheduled<Void>?
    private var lastSentVersion: Int64 = 0
    private var keepAlive = true
    /// From a request's head until the end of its answer (a watch's or stream's included).
    private var busy = false
    private var draining = false

    init(api: APIServer, authenticator: Authenticator, faults: FaultInjector) {
        self.api = api
        self.authenticator = authenticator
        self.faults = faults
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = nil
            busy = true
        case .body(var chunk):
            if body == nil { body = chunk } else { body!.writeBuffer(&chunk) }  // just checked non-nil
        case .end:
            guard let requestHead = head else { return }
            head = nil
            let bytes = body.map { Array($0.readableBytesView) } ?? []
            body = nil
            serve(context: context, head: requestHead, body: bytes)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is OpenConnections.Drain else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        draining = true
        if watchID != nil {
            stopWatch()
            endResponse(context: context)
        } else if !busy {
            OpenConnections.closePromptly(context.channel)
        }
        // Otherwise the answer being read, computed or streamed ends in `endResponse`, which closes.
    }

    /// Writes the end of the current answer; then closes the connection if the client asked to or the server
    /// is stopping.
    private func endResponse(context: ChannelHandlerContext) {
        busy = false
        let keepAlive = self.keepAlive
        let draining = self.draining
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            if draining {
                OpenConnections.closePromptly(channel)
            } else if !keepAlive {
                channel.close(promise: nil)
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopWatch()
        context.fireChannelInactive()
    }

    private func stopWatch() {
        if let watchID { api.store.cancelWatch(watchID) }
        watchID = nil
        watchTimeout?.cancel()
        watchTimeout = nil
    }

    private func serve(context: ChannelHandlerContext, head: HTTPRequestHead, body: [UInt8]) {
        keepAlive = head.isKeepAlive
        let headers = head.headers.map { (name: $0.name, value: $0.value) }
        guard case .user(let user) = authenticator.authenticate(head, pipeline: context.pipeline) else {
            write(context: context, APIServer.errorResponse(.unauthorized()))
            return
        }
        let request = APIRequest(
            method: head.method.rawValue, target: head.uri, headers: headers, body: body, user: user)
        switch faults.decide(method: request.method, path: request.path) {
        case .none:
            break
        case .status(let code, let message):
            write(context: context, Self.faultResponse(code: code, message: message))
            return
        case .reset:
            context.close(promise: nil)
            return
        case .delay(let amount):
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: amount) {
                let (handler, context) = bound.value
                handler.write(context: context, handler.api.handle(request))
            }
            return
        }
        write(context: context, api.handle(request))
    }

    /// The answer to an injected status: a `Status` as kube-apiserver words that code, naming the fault.
    private static func faultResponse(code: Int, message: String) -> APIResponse {
        let error: APIError
        switch code {
        case 429:
            error = .tooManyRequests(
                "the server has received too many requests and has asked us to try again later (\(message))",
                retryAfterSeconds: 1)
        case 500: error = .internalError(message)
        case 503: error = .serviceUnavailable(message)
        case 504: error = .timeout(message)
        default: error = APIError(code: code, reason: .internalError, message: message)
        }
        let response = APIServer.errorResponse(error)
        guard code == 429, case .body(let status, let type, let bytes, _) = response else { return response }
        return .body(status: status, contentType: type, bytes: bytes, headers: [("Retry-After", "1")])
    }

    private func write(context: ChannelHandlerContext, _ response: APIResponse) {
        switch response {
        case .body(let status, let contentType, let bytes, let extra):
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: contentType)
            headers.add(name: "Content-Length", value: String(bytes.count))
            headers.add(name: "Cache-Control", value: "no-cache, private")
            for (name, value) in extra { headers.add(name: name, value: value) }
            if !keepAlive || draining { headers.add(name: "Connection", value: "close") }
            let head = HTTPResponseHead(
                version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: headers)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(
                wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: bytes)))),
                promise: nil)
            endResponse(context: context)
        case .watch(let plan):
            startWatch(context: context, plan)
        case .stream(let plan):
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "text/plain")
            headers.add(name: "Transfer-Encoding", value: "chunked")
            context.writeAndFlush(
                wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))),
                promise: nil)
            pollStream(context: context, plan, offset: 0)
        }
    }

    /// Sends what the stream has gained, every 100 ms, until it ends or the client goes away.
    private func pollStream(context: ChannelHandlerContext, _ plan: StreamPlan, offset: Int) {
        guard context.channel.isActive else { return }
        let (bytes, finished) = plan.poll(offset)
        if !bytes.isEmpty {
            context.writeAndFlush(
                wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: bytes)))), promise: nil)
        }
        if finished || draining {
            endResponse(context: context)
            return
        }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        context.eventLoop.scheduleTask(in: .milliseconds(100)) {
            let (handler, context) = bound.value
            handler.pollStream(context: context, plan, offset: offset + bytes.count)
        }
    }

    /// Sends a BOOKMARK with the newest resourceVersion sent, every `bookmarkInterval`, while the watch lasts.
    private func scheduleBookmark(_ bound: NIOLoopBound<(HTTPHandler, ChannelHandlerContext)>, _ plan: WatchPlan) {
        bound.value.1.eventLoop.scheduleTask(in: Self.bookmarkInterval) {
            let (handler, context) = bound.value
            guard handler.watchID != nil, context.channel.isActive else { return }
            context.writeAndFlush(
                handler.wrapOutboundOut(
                    .body(.byteBuffer(context.channel.allocator.buffer(bytes: plan.bookmark(handler.lastSentVersion))))),
                promise: nil)
            handler.scheduleBookmark(bound, plan)
        }
    }

    static let bookmarkInterval = TimeAmount.seconds(30)

    private func startWatch(context: ChannelHandlerContext, _ plan: WatchPlan) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Transfer-Encoding", value: "chunked")
        headers.add(name: "Cache-Control", value: "no-cache, private")
        context.writeAndFlush(
            wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))),
            promise: nil)
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        let filter = plan.filter
        let render = plan.line
        lastSentVersion = plan.resourceVersion ?? api.store.resourceVersion
        do {
            watchID = try api.store.watch(plan.resource, namespace: plan.namespace, from: plan.resourceVersion) {
                event in
                guard filter(event.object) else { return }
                let version = event.resourceVersion
                // Rendering happens on the event loop, not under the store's lock.
                eventLoop.execute {
                    let (handler, context) = bound.value
                    guard handler.watchID != nil else { return }  // the watch ended meanwhile
                    let line = render(event)
                    handler.lastSentVersion = max(handler.lastSentVersion, version)
                    context.writeAndFlush(
                        handler.wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: line)))),
                        promise: nil)
                }
            }
            if plan.initialEventsEnd {
                // Queued behind the initial events, so it follows them on the wire.
                let startVersion = api.store.resourceVersion
                eventLoop.execute {
                    let (handler, context) = bound.value
                    guard handler.watchID != nil else { return }
                    let line = plan.bookmark(max(handler.lastSentVersion, startVersion), initialEventsEnd: true)
                    context.writeAndFlush(
                        handler.wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: line)))),
                        promise: nil)
                }
            }
            if plan.bookmarks { scheduleBookmark(bound, plan) }
        } catch {
            var line = Array(#"{"type":"ERROR","object":"#.utf8)
            line += Array(error.status.jsonString().utf8)
            line += Array("}\n".utf8)
            context.write(
                wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: line)))),
                promise: nil)
            endResponse(context: context)
            return
        }
        let seconds = plan.timeoutSeconds ?? 1800
        watchTimeout = context.eventLoop.scheduleTask(in: .seconds(seconds)) {
            let (handler, context) = bound.value
            handler.stopWatch()
            handler.endResponse(context: context)
        }
    }
}
