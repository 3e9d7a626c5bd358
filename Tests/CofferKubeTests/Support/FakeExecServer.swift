import CofferTestSupport
import CofferCore
import Foundation

@testable import CofferKube

/// The server half of an exec WebSocket, for tests: handshake, channel messages, and reading client frames.
struct FakeExecEndpoint {
    let socket: Int32
    private var buffer: [UInt8] = []

    /// Answers the upgrade choosing `subprotocol` (or none), and returns the endpoint.
    static func accept(
        _ request: LoopbackServer.Request, socket: Int32, subprotocol: String?, acceptOverride: String? = nil
    ) -> FakeExecEndpoint {
        let key = request.headers["sec-websocket-key"] ?? ""
        let accept =
            acceptOverride
            ?? Data(Checksum.sha1(Array((key + WebSocketConnection.acceptGUID).utf8))).base64EncodedString()
        var head =
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: \(accept)\r\n"
        if let subprotocol { head += "Sec-WebSocket-Protocol: \(subprotocol)\r\n" }
        LoopbackServer.send(socket, Array((head + "\r\n").utf8))
        return FakeExecEndpoint(socket: socket)
    }

    func send(channel: UInt8, _ bytes: [UInt8]) {
        LoopbackServer.send(
            socket, WebSocketFrame(fin: true, opcode: .binary, payload: [channel] + bytes).encoded(maskKey: nil))
    }

    func send(channel: UInt8, _ text: String) { send(channel: channel, Array(text.utf8)) }

    func sendFrame(_ frame: WebSocketFrame) { LoopbackServer.send(socket, frame.encoded(maskKey: nil)) }

    func exit(_ code: Int) {
        if code == 0 {
            send(channel: 3, #"{"metadata":{},"status":"Success"}"#)
        } else {
            send(
                channel: 3,
                #"{"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"\#(code)"}]}}"#
            )
        }
        sendFrame(WebSocketFrame(fin: true, opcode: .close, payload: [0x03, 0xE8]))
    }

    /// The next frame the client sent, checking it was masked; `nil` at end of stream.
    mutating func readFrame() -> (frame: WebSocketFrame, masked: Bool)? {
        while true {
            if buffer.count >= 2, let (frame, used) = try? WebSocketFrame.decode(buffer[...]) {
                let masked = buffer[1] & 0x80 != 0
                buffer.removeFirst(used)
                return (frame, masked)
            }
            guard LoopbackServer.fill(socket, &buffer) else { return nil }
        }
    }
}
