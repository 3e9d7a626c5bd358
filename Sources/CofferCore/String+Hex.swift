extension String {
    /// `value` in hexadecimal, zero-padded to `width` digits: `String(hex: 0x1F, width: 4)` is `001F`.
    package init(hex value: UInt32, width: Int, uppercase: Bool = true) {
        let digits = String(value, radix: 16, uppercase: uppercase)
        self = String(repeating: "0", count: Swift.max(0, width - digits.count)) + digits
    }
}
