/// Go's `base32.StdEncoding`: padded encoding, and decoding that drops newlines first and reports the
/// first problem as `illegal base32 data at input byte N`.
enum GoBase32 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)
    private static let decodeMap: [UInt8] = {
        var map = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { map[Int(byte)] = UInt8(index) }
        return map
    }()

    struct CorruptInput: Error, CustomStringConvertible {
        var offset: Int
        var description: String { "illegal base32 data at input byte \(offset)" }
    }

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = Array(bytes[index..<min(index + 5, bytes.count)])
            var value: UInt64 = 0
            for offset in 0..<5 { value = value << 8 | UInt64(offset < chunk.count ? chunk[offset] : 0) }
            let produced = [0, 2, 4, 5, 7, 8][chunk.count]
            for position in 0..<8 {
                if position < produced {
                    out.append(alphabet[Int((value >> UInt64(35 - position * 5)) & 0x1F)])
                } else {
                    out.append(UInt8(ascii: "="))
                }
            }
            index += 5
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: String) throws(CorruptInput) -> [UInt8] {
        let source = Array(text.utf8).filter { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") }
        let total = source.count
        var rest = source[...]
        var out: [UInt8] = []
        var end = false
        while !rest.isEmpty && !end {
            var quantum = [UInt8](repeating: 0, count: 8)
            var length = 8
            var position = 0
            while position < 8 {
                guard let byte = rest.first else { throw CorruptInput(offset: total - rest.count - position) }
                rest = rest.dropFirst()
                if byte == UInt8(ascii: "=") && position >= 2 && rest.count < 8 {
                    if rest.count + position < 7 { throw CorruptInput(offset: total) }
                    for offset in 0..<(7 - position) where rest.count > offset {
                        if rest[rest.startIndex + offset] != UInt8(ascii: "=") {
                            throw CorruptInput(offset: total - rest.count + offset - 1)
                        }
                    }
                    length = position
                    end = true
                    if length == 1 || length == 3 || length == 6 { throw CorruptInput(offset: total - rest.count - 1) }
                    break
                }
                quantum[position] = decodeMap[Int(byte)]
                if quantum[position] == 0xFF { throw CorruptInput(offset: total - rest.count - 1) }
                position += 1
            }
            var value: UInt64 = 0
            for digit in quantum { value = value << 5 | UInt64(digit) }
            let bytes = (0..<5).map { UInt8(value >> UInt64(32 - $0 * 8) & 0xFF) }
            let produced = [0, 0, 1, 0, 2, 3, 0, 4, 5][length]
            out.append(contentsOf: bytes.prefix(produced))
        }
        return out
    }
}
