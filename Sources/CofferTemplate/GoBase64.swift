/// Go's `base64.StdEncoding`: padded encoding, and decoding that skips `\r`/`\n` and reports the byte
/// offset of the first problem as `illegal base64 data at input byte N`.
enum GoBase64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let decodeMap: [UInt8] = {
        var map = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { map[Int(byte)] = UInt8(index) }
        return map
    }()

    struct CorruptInput: Error, CustomStringConvertible {
        var offset: Int
        var description: String { "illegal base64 data at input byte \(offset)" }
    }

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= bytes.count {
            let value = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            for shift in [18, 12, 6, 0] { out.append(alphabet[Int((value >> UInt32(shift)) & 0x3F)]) }
            index += 3
        }
        let remaining = bytes.count - index
        if remaining > 0 {
            var value = UInt32(bytes[index]) << 16
            if remaining == 2 { value |= UInt32(bytes[index + 1]) << 8 }
            out.append(alphabet[Int((value >> 18) & 0x3F)])
            out.append(alphabet[Int((value >> 12) & 0x3F)])
            out.append(remaining == 2 ? alphabet[Int((value >> 6) & 0x3F)] : UInt8(ascii: "="))
            out.append(UInt8(ascii: "="))
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: String) throws(CorruptInput) -> [UInt8] {
        let source = Array(text.utf8)
        var out: [UInt8] = []
        var index = 0
        func isNewline(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") }
        while index < source.count {
            var quantum = [UInt8](repeating: 0, count: 4)
            var length = 4
            var trailingError: CorruptInput?
            var position = 0
            quantumLoop: while position < 4 {
                if index == source.count {
                    if position == 0 { return out }
                    throw CorruptInput(offset: index - position)
                }
                let byte = source[index]
                index += 1
                let decoded = decodeMap[Int(byte)]
                if decoded != 0xFF {
                    quantum[position] = decoded
                    position += 1
                    continue
                }
                if isNewline(byte) { continue }
                guard byte == UInt8(ascii: "=") else { throw CorruptInput(offset: index - 1) }
                switch position {
                case 0, 1:
                    throw CorruptInput(offset: index - 1)
                case 2:
                    // `==` is expected; the first `=` is consumed.
                    while index < source.count && isNewline(source[index]) { index += 1 }
                    if index == source.count { throw CorruptInput(offset: source.count) }
                    if source[index] != UInt8(ascii: "=") { throw CorruptInput(offset: index - 1) }
                    index += 1
                default:
                    break
                }
                while index < source.count && isNewline(source[index]) { index += 1 }
                if index < source.count { trailingError = CorruptInput(offset: index) }
                length = position
                break quantumLoop
            }
            let value =
                UInt32(quantum[0]) << 18 | UInt32(quantum[1]) << 12 | UInt32(quantum[2]) << 6 | UInt32(quantum[3])
            let bytes = [UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
            out.append(contentsOf: bytes.prefix(length - 1))
            if let trailingError { throw trailingError }
        }
        return out
    }
}
