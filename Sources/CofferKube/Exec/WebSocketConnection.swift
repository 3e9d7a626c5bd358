internal import CCofferCurl
import Foundation
import CofferCore

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// A WebSocket client connection over libcurl's `CURLOPT_CONNECT_ONLY`: libcurl makes the TCP and TLS
/// connection, we write the HTTP/1.1 upgrade and the frames (Debian's libcurl has no WebSocket support).
///
/// Blocking; used only from the one dedicated thread running an exec session.
package final class WebSocketConnection {
    /// The GUID RFC 6455 appends to the key before hashing.
    package static let acceptGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    private let handle: UnsafeMutableRawPointer
    private var connectTo: UnsafeMutablePointer<curl_slist>?
    private var socket: curl_socket_t = -1
    private let cancel: CancelFlag
    /// Received bytes not yet decoded, from `start` on; compacted when the dead prefix grows.
    private var buffer: [UInt8] = []
    private var start = 0
    private var receiveChunk = [UInt8](repeating: 0, count: 256 * 1024)
    /// Set when a read found the end of the stream while we were still sending.
    private var peerClosed = false
    /// The subprotocol the server chose.
    private(set) var subprotocol = ""

    init(cancel: CancelFlag) throws(KubeError) {
        guard let handle = curl_easy_init() else { throw KubeError(.transport, "libcurl could not create a handle") }
        self.handle = handle
        self.cancel = cancel
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(connectTo)
    }

    /// Connects to `url`, upgrades with `headers`, and checks the answer offers one of `protocols`.
    func open(url: String, headers: [(String, String)], protocols: [String], tls: TLSSettings, proxy: String?)
        throws(KubeError)
    {
        var target = url
        if let serverName = tls.serverName, let rewritten = CurlTransfer.connectTo(url: url, serverName: serverName) {
            target = rewritten.url
            connectTo = curl_slist_append(nil, rewritten.entry)
            _ = ccoffer_curl_easy_setopt_pointer(handle, CURLOPT_CONNECT_TO, connectTo)
        }
        guard let components = URLComponents(string: target), let host = components.host else {
            throw KubeError(.configuration, "cannot parse server URL \"\(url)\"")
        }
        _ = ccoffer_curl_easy_setopt_string(handle, CURLOPT_URL, target)
        _ = ccoffer_curl_easy_setopt_long(handle, CURLOPT_CONNECT_ONLY, 1)
        _ = ccoffer_curl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        // The upgrade is HTTP/1.1: keep ALPN from agreeing on HTTP/2, which would expect a preface we never send.
        _ = ccoffer_curl_easy_setopt_long(handle, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1))
        _ = ccoffer_curl_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, 30_000)
        if let proxy { _ = ccoffer_curl_easy_setopt_string(handle, CURLOPT_PROXY, proxy) }
        try CurlTransfer.applyTLS(tls, to: handle)
        let connected = curl_easy_perform(handle)
        guard connected == CURLE_OK else {
            let text = String(cString: curl_easy_strerror(connected))
            throw KubeError(
                .transport, "cannot connect to \(host): \(text)",
                underlying: CurlFailure(code: Int(connected.rawValue), message: text))
        }
        guard ccoffer_curl_easy_getinfo_socket(handle, CURLINFO_ACTIVESOCKET, &socket) == CURLE_OK, socket >= 0 else {
            throw KubeError(.transport, "libcurl did not hand over the connection")
        }

        var keyBytes = [UInt8](repeating: 0, count: 16)
        for index in keyBytes.indices { keyBytes[index] = UInt8.random(in: 0...255) }
        let key = Data(keyBytes).base64EncodedString()
        let hostHeader = components.port.map { "\(host):\($0)" } ?? host
        var pathAndQuery = components.percentEncodedPath
        if let query = components.percentEncodedQuery { pathAndQuery += "?" + query }
        var request =
            "GET \(pathAndQuery) HTTP/1.1\r\nHost: \(hostHeader)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        request += "Sec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\n"
        request += "Sec-WebSocket-Protocol: \(protocols.joined(separator: ", "))\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        try send(Array((request + "\r\n").utf8))

        let head = try readHead()
        let lines = head.components(separatedBy: "\r\n")
        let statusParts = lines.first?.split(separator: " ", maxSplits: 2) ?? []
        let status = statusParts.count > 1 ? Int(statusParts[1]) ?? 0 : 0
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        guard status == 101 else {
            // The body of a refused upgrade is usually a Status; read what arrived with the head.
            let length = Int(fields["content-length"] ?? "") ?? 0
            while buffer.count - start < length, try receiveSome() {}
            let body = Array(buffer[start..<min(buffer.count, start + length)])
            throw KubeError.fromResponse(
                statusCode: status, body: body, verb: "GET", path: components.percentEncodedPath)
        }
        let expected = Data(Checksum.sha1(Array((key + Self.acceptGUID).utf8))).base64EncodedString()
        guard fields["sec-websocket-accept"] == expected else {
            throw KubeError(.protocolViolation, "the server's Sec-WebSocket-Accept does not match the key sent")
        }
        guard let chosen = fields["sec-websocket-protocol"], protocols.contains(chosen) else {
            throw KubeError(
                .protocolViolation,
                "the server did not choose a subprotocol among \(protocols.joined(separator: ", "))")
        }
        subprotocol = chosen
    }

    // MARK: - Messages

    /// Sends one binary message, masked as clients must.
    func sendBinary(_ payload: [UInt8]) throws(KubeError) {
        try sendFrame(WebSocketFrame(fin: true, opcode: .binary, payload: payload))
    }

    func sendFrame(_ frame: WebSocketFrame) throws(KubeError) {
        var mask = [UInt8](repeating: 0, count: 4)
        for index in mask.indices { mask[index] = UInt8.random(in: 0...255) }
        try send(frame.encoded(maskKey: mask))
    }

    /// The next data message, answering pings on the way; `nil` when the server closed the connection.
    func receiveMessage() throws(KubeError) -> [UInt8]? {
        var message: [UInt8] = []
        while true {
            guard let frame = try nextFrame() else { return nil }
            switch frame.opcode {
            case .ping:
                try sendFrame(WebSocketFrame(fin: true, opcode: .pong, payload: frame.payload))
            case .pong:
                continue
            case .close:
                try? sendFrame(WebSocketFrame(fin: true, opcode: .close, payload: Array(frame.payload.prefix(2))))
                return nil
            case .binary, .text, .continuation:
                message += frame.payload
                if frame.fin { return message }
            }
        }
    }

    /// Sends a close frame (1000, normal closure); errors are ignored since the peer may be gone.
    func close() {
        try? sendFrame(WebSocketFrame(fin: true, opcode: .close, payload: [0x03, 0xE8]))
    }

    // MARK: - Bytes

    private func nextFrame() throws(KubeError) -> WebSocketFrame? {
        while true {
            if let (frame, used) = try WebSocketFrame.decode(buffer[start...]) {
                start += used
                if start > 1 << 20 && start * 2 > buffer.count {
                    buffer.removeFirst(start)
                    start = 0
                }
                return frame
            }
            guard try receiveSome() else { return nil }
        }
    }

    private func readHead() throws(KubeError) -> String {
        let separator: [UInt8] = [13, 10, 13, 10]
        var searched = 0
        while true {
            if buffer.count - start >= 4 {
                for index in max(start, searched)...(buffer.count - 4)
                where buffer[index..<(index + 4)].elementsEqual(separator) {
                    let head = String(decoding: buffer[start..<index], as: UTF8.self)
                    start = index + 4
                    return head
                }
                searched = buffer.count - 3
            }
            guard try receiveSome() else {
                throw KubeError(.protocolViolation, "the server closed the connection during the WebSocket upgrade")
            }
        }
    }

    /// Reads what is available (waiting if nothing is); `false` at end of stream.
    private func receiveSome() throws(KubeError) -> Bool {
        if peerClosed { return false }
        while true {
            if cancel.isSet {
                throw KubeError(.transport, "the exec session was cancelled", underlying: CancellationError())
            }
            var received = 0
            let result = receiveChunk.withUnsafeMutableBytes { bytes in
                curl_easy_recv(handle, bytes.baseAddress, bytes.count, &received)
            }
            if result == CURLE_OK {
                if received == 0 { return false }
                buffer.append(contentsOf: receiveChunk[..<received])
                return true
            }
            guard result == CURLE_AGAIN else {
                let text = String(cString: curl_easy_strerror(result))
                throw KubeError(
                    .transport, "exec connection failed: \(text)",
                    underlying: CurlFailure(code: Int(result.rawValue), message: text))
            }
            // Poll with a short timeout so a cancellation is noticed without another wake-up channel.
            try wait(for: Int16(POLLIN))
        }
    }

    private func send(_ bytes: [UInt8]) throws(KubeError) {
        var offset = 0
        while offset < bytes.count {
            if cancel.isSet {
                throw KubeError(.transport, "the exec session was cancelled", underlying: CancellationError())
            }
            var sent = 0
            let result = bytes[offset...].withUnsafeBytes { chunk in
                curl_easy_send(handle, chunk.baseAddress, chunk.count, &sent)
            }
            if result == CURLE_OK {
                offset += sent
            } else if result == CURLE_AGAIN {
                // The peer is not reading: it may be blocked writing output we have not read. Take what it sent,
                // or a large stdin deadlocks against a command echoing it (`cat`).
                try drainAvailable()
                try wait(for: Int16(POLLOUT) | Int16(POLLIN))
            } else {
                let text = String(cString: curl_easy_strerror(result))
                throw KubeError(
                    .transport, "exec connection failed: \(text)",
                    underlying: CurlFailure(code: Int(result.rawValue), message: text))
            }
        }
    }

    /// Appends whatever has arrived to the buffer without waiting.
    private func drainAvailable() throws(KubeError) {
        while !peerClosed {
            var received = 0
            let result = receiveChunk.withUnsafeMutableBytes { bytes in
                curl_easy_recv(handle, bytes.baseAddress, bytes.count, &received)
            }
            guard result == CURLE_OK else {
                if result == CURLE_AGAIN { return }
                let text = String(cString: curl_easy_strerror(result))
                throw KubeError(
                    .transport, "exec connection failed: \(text)",
                    underlying: CurlFailure(code: Int(result.rawValue), message: text))
            }
            if received == 0 {
                peerClosed = true
            } else {
                buffer.append(contentsOf: receiveChunk[..<received])
            }
        }
    }

    private func wait(for events: Int16) throws(KubeError) {
        var descriptor = pollfd(fd: socket, events: events, revents: 0)
        _ = poll(&descriptor, 1, 100)
    }
}

@available(*, unavailable) extension WebSocketConnection: Sendable {}
