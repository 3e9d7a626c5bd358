/// One WebSocket frame (RFC 6455 §5.2): what exec sends and receives over its upgraded connection.
///
/// `package` so the benchmark's fake exec endpoint frames its answers the same way.
package struct WebSocketFrame: Sendable, Hashable {
    package enum Opcode: UInt8, Sendable {
        case continuation = 0
        case text = 1
        case binary = 2
        case close = 8
        case ping = 9
        case pong = 10
    }
    package var fin: Bool
    package var opcode: Opcode
    package var payload: [UInt8]

    package init(fin: Bool, opcode: Opcode, payload: [UInt8]) {
        self.fin = fin
        self.opcode = opcode
        self.payload = payload
    }

    /// The frame's bytes; clients must mask (`maskKey` non-nil), servers must not.
    package func encoded(maskKey: [UInt8]?) -> [UInt8] {
        var bytes: [UInt8] = [(fin ? 0x80 : 0) | opcode.rawValue]
        let maskBit: UInt8 = maskKey == nil ? 0 : 0x80
        switch payload.count {
        case 0..<126:
            bytes.append(maskBit | UInt8(payload.count))
        case 126...0xFFFF:
            bytes.append(maskBit | 126)
            bytes += [UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        default:
            bytes.append(maskBit | 127)
            for shift in stride(from: 56, through: 0, by: -8) {
                bytes.append(UInt8(truncatingIfNeeded: UInt64(payload.count) >> UInt64(shift)))
            }
        }
        if let maskKey {
            bytes += maskKey
            bytes.reserveCapacity(bytes.count + payload.count)
            for (index, byte) in payload.enumerated() { bytes.append(byte ^ maskKey[index & 3]) }
        } else {
            bytes += payload
        }
        return bytes
    }

    /// Decodes one frame from the front of `buffer`, or answers `nil` when more bytes are needed.
    ///
    /// - Returns: The frame and how many bytes it took.
    /// - Throws: ``KubeError`` with ``KubeError/Code/protocolViolation`` for reserved opcodes or bits.
    package static func decode(_ buffer: ArraySlice<UInt8>, maximumPayload: Int = 1 << 30) throws(KubeError) -> (
        WebSocketFrame, Int
    )? {
        guard buffer.count >= 2 else { return nil }
        let start = buffer.startIndex
        let first = buffer[start]
        let second = buffer[start + 1]
        guard first & 0x70 == 0 else { throw KubeError(.protocolViolation, "WebSocket frame with reserved bits set") }
        guard let opcode = Opcode(rawValue: first & 0x0F) else {
            throw KubeError(.protocolViolation, "WebSocket frame with unknown opcode \(first & 0x0F)")
        }
        var offset = 2
        var length = Int(second & 0x7F)
        if length == 126 {
            guard buffer.count >= 4 else { return nil }
            length = Int(buffer[start + 2]) << 8 | Int(buffer[start + 3])
            offset = 4
        } else if length == 127 {
            guard buffer.count >= 10 else { return nil }
            var value: UInt64 = 0
            for index in 2..<10 { value = value << 8 | UInt64(buffer[start + index]) }
            guard value <= UInt64(maximumPayload) else {
                throw KubeError(.protocolViolation, "WebSocket frame of \(value) bytes is too large")
            }
            length = Int(value)
            offset = 10
        }
        var maskKey: [UInt8]?
        if second & 0x80 != 0 {
            guard buffer.count >= offset + 4 else { return nil }
            maskKey = Array(buffer[(start + offset)..<(start + offset + 4)])
            offset += 4
        }
        guard buffer.count >= offset + length else { return nil }
        var payload = Array(buffer[(start + offset)..<(start + offset + length)])
        if let maskKey { for index in payload.indices { payload[index] ^= maskKey[index & 3] } }
        return (WebSocketFrame(fin: first & 0x80 != 0, opcode: opcode, payload: payload), offset + length)
    }
}
