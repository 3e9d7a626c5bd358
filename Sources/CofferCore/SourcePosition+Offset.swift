extension SourcePosition {
    /// The position of byte `offset` in UTF-8 text: lines end at LF, CR LF or a lone CR, and columns count
    /// Unicode scalars, as editors show them. For errors found by byte offset, so cost is no concern.
    package init(file: String, offset: Int, in bytes: UnsafeBufferPointer<UInt8>) {
        var line = 1
        var column = 1
        var previous: UInt8 = 0
        for byte in bytes[..<Swift.min(Swift.max(offset, 0), bytes.count)] {
            if byte == UInt8(ascii: "\n") {
                if previous != UInt8(ascii: "\r") { line += 1 }
                column = 1
            } else if byte == UInt8(ascii: "\r") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            previous = byte
        }
        self.init(file: file, line: line, column: column)
    }
}
