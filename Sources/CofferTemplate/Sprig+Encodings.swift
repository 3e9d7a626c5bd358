// Sprig's encoding, checksum and UUID functions. Decoding errors are returned as the result text,
// as Sprig does (`illegal base64 data at input byte 3`).

import CofferCore

extension Sprig {
    static let encodings: [TemplateFunction] = [
        function("b64enc", [.string]) { .string(GoBase64.encode(Array(string($0[0]).utf8))) },
        function("b64dec", [.string]) { arguments in
            do throws(GoBase64.CorruptInput) {
                return .string(String(decoding: try GoBase64.decode(string(arguments[0])), as: UTF8.self))
            } catch {
                return .string(error.description)
            }
        },
        function("b32enc", [.string]) { .string(GoBase32.encode(Array(string($0[0]).utf8))) },
        function("b32dec", [.string]) { arguments in
            do throws(GoBase32.CorruptInput) {
                return .string(String(decoding: try GoBase32.decode(string(arguments[0])), as: UTF8.self))
            } catch {
                return .string(error.description)
            }
        },
        function("sha1sum", [.string]) { .string(Checksum.hex(Checksum.sha1(Array(string($0[0]).utf8)))) },
        function("sha256sum", [.string]) { .string(Checksum.hex(Checksum.sha256(Array(string($0[0]).utf8)))) },
        function("adler32sum", [.string]) { .string(String(Checksum.adler32(Array(string($0[0]).utf8)))) },
        function("uuidv4", []) { _ in .string(uuidV4()) },
    ]

    /// A random RFC 4122 version 4 UUID in its lower-case text form.
    static func uuidV4() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        let hex = Checksum.hex(bytes)
        let cuts = [0, 8, 12, 16, 20, 32]
        return (0..<5).map { index in
            let start = hex.index(hex.startIndex, offsetBy: cuts[index])
            let end = hex.index(hex.startIndex, offsetBy: cuts[index + 1])
            return String(hex[start..<end])
        }.joined(separator: "-")
    }
}
