import Foundation
import Synchronization

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 answering from a handler, for transport tests without a cluster.
///
/// One thread accepts, one thread serves each connection (keep-alive). Test-only: no TLS, no pipelining.
public final class LoopbackServer: Sendable {
    public struct Request: Sendable {
        public var method: String
        public var target: String
        public var headers: [String: String]
        public var body: [UInt8]
        /// Which accepted connection (0, 1, ...) carried this request.
        public var connection: Int

        public var path: String { String(target.split(separator: "?", maxSplits: 1).first ?? "") }
        public var query: [String: String] {
            guard let query = target.split(separator: "?", maxSplits: 1).dropFirst().first else { return [:] }
            var items: [String: String] = [:]
            for pair in query.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map {
                    String($0).removingPercentEncoding ?? String($0)
                }
                items[parts[0]] = parts.count > 1 ? parts[1] : ""
            }
            return items
        }
    }

    /// Writes a streamed (chunked) body and can block until the server stops.
    public struct StreamWriter: Sendable {
        fileprivate let socket: Int32
        fileprivate let server: LoopbackServer
        public func write(_ text: String) { write(Array(text.utf8)) }
        public func write(_ bytes: [UInt8]) {
            LoopbackServer.send(socket, Array(String(bytes.count, radix: 16).utf8) + [13, 10] + bytes + [13, 10])
        }
        /// Blocks the connection thread until ``LoopbackServer/stop()``.
        public func holdOpen() { server.waitForStop() }
    }

    public enum Response: Sendable {
        case reply(Int, headers: [(String, String)] = [], body: [UInt8] = [])
        /// A chunked body produced by the closure; the connection closes when it returns.
        case stream(Int, headers: [(String, String)] = [], @Sendable (StreamWriter) -> Void)
        /// Reset the connection without answering.
        case reset
        /// Hand the raw socket to the closure (WebSocket tests); it closes when the closure returns.
        case raw(@Sendable (Int32) -> Void)

        public static func json(_ status: Int, _ text: String, headers: [(String, String)] = []) -> Response {
            .reply(status, headers: [("Content-Type", "application/json")] + headers, body: Array(text.utf8))
        }
    }

    public typealias Handler = @Sendable (Request) -> Response

    public let port: Int
    private let listener: Int32
    private let handler: Handler
    private let state = Mutex<(requests: [Request], sockets: Set<Int32>, stopped: Bool, connections: Int)>(
        ([], [], false, 0))
    private let stopSignal = DispatchSemaphore(value: 0)

    public var url: String { "http://127.0.0.1:\(port)" }
    public var requests: [Request] { state.withLock { $0.requests } }

    public init(handler: @escaping Handler) throws {
        self.handler = handler
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.port = Int(UInt16(bigEndian: address.sin_port))
        self.listener = fd
        Thread { [self] in acceptLoop() }.start()
    }

    /// Closes the listener and every connection, and releases streams holding open.
    public func stop() {
        let sockets = state.withLock { state -> Set<Int32> in
            if state.stopped { return [] }
            state.stopped = true
            return state.sockets
        }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for socket in sockets { shutdown(socket, Int32(SHUT_RDWR)) }
        for _ in 0..<64 { stopSignal.signal() }
    }

    fileprivate func waitForStop() {
        if state.withLock({ $0.stopped }) { return }
        stopSignal.wait()
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            let index = state.withLock { state -> Int? in
                if state.stopped { return nil }
                state.sockets.insert(client)
                defer { state.connections += 1 }
                return state.connections
            }
            guard let index else {
                close(client)
                return
            }
            // Without TCP_NODELAY, Nagle plus delayed ACKs hold small stream writes back by 40 ms.
            var noDelay: Int32 = 1
            setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
            Thread { [self] in serve(client, connection: index) }.start()
        }
    }

    private func serve(_ socket: Int32, connection: Int) {
        var buffer: [UInt8] = []
        defer {
            state.withLock { _ = $0.sockets.remove(socket) }
            close(socket)
        }
        while let request = Self.readRequest(socket, &buffer, connection: connection) {
            state.withLock { $0.requests.append(request) }
            switch handler(request) {
            case .reply(let status, let headers, let body):
                var head = "HTTP/1.1 \(status) \(Self.reasonPhrase(status))\r\nContent-Length: \(body.count)\r\n"
                for (name, value) in headers { head += "\(name): \(value)\r\n" }
                Self.send(socket, Array((head + "\r\n").utf8) + body)
            case .stream(let status, let headers, let produce):
                var head = "HTTP/1.1 \(status) \(Self.reasonPhrase(status))\r\nTransfer-Encoding: chunked\r\n"
                for (name, value) in headers { head += "\(name): \(value)\r\n" }
                Self.send(socket, Array((head + "\r\n").utf8))
                produce(StreamWriter(socket: socket, server: self))
                Self.send(socket, Array("0\r\n\r\n".utf8))
                return
            case .reset:
                var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
                setsockopt(socket, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
                return
            case .raw(let take):
                take(socket)
                return
            }
        }
    }

    public static func send(_ socket: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if sent <= 0 { return }
            offset += sent
        }
    }

    /// Reads up to `count` bytes into the buffer; false at end of stream.
    public static func fill(_ socket: Int32, _ buffer: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffer += chunk[..<count]
        return true
    }

    private static func readRequest(_ socket: Int32, _ buffer: inout [UInt8], connection: Int) -> Request? {
        let separator: [UInt8] = [13, 10, 13, 10]
        var end: Int?
        while true {
            if buffer.count >= 4 {
                end = (0...(buffer.count - 4)).first { buffer[$0..<($0 + 4)].elementsEqual(separator) }
            }
            if end != nil { break }
            guard fill(socket, &buffer) else { return nil }
        }
        let head = String(decoding: buffer[..<end!], as: UTF8.self)
        buffer.removeFirst(end! + 4)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        while buffer.count < length {
            guard fill(socket, &buffer) else { return nil }
        }
        let body = Array(buffer[..<length])
        buffer.removeFirst(length)
        return Request(
            method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: body,
            connection: connection)
    }

    private static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 101: "Switching Protocols"
        case 200: "OK"
        case 201: "Created"
        case 404: "Not Found"
        case 409: "Conflict"
        case 410: "Gone"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}
