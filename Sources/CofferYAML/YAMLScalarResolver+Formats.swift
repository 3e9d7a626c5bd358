// MARK: - !!binary

extension YAMLScalarResolver {
    /// Go's `base64.StdEncoding.DecodeString`: padded standard alphabet, line breaks ignored.
    ///
    /// The bytes become a string as Go's JSON encoder would print them: invalid UTF-8 turns into U+FFFD.
    static func decodeBase64(_ text: UnsafeBufferPointer<UInt8>) -> String? {
        var sextets: [UInt8] = []
        sextets.reserveCapacity(text.count)
        var padding = 0
        for byte in text {
            let value: UInt8
            switch byte {
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"): continue
            case UInt8(ascii: "="):
                padding += 1
                continue
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = byte - UInt8(ascii: "A")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = byte - UInt8(ascii: "a") + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0") + 52
            case UInt8(ascii: "+"): value = 62
            case UInt8(ascii: "/"): value = 63
            default: return nil
            }
            // Nothing but line breaks may follow padding.
            guard padding == 0 else { return nil }
            sextets.append(value)
        }
        guard (sextets.count + padding) % 4 == 0, padding <= 2, padding == 0 || sextets.count % 4 == 4 - padding
        else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(sextets.count * 3 / 4)
        var index = 0
        while index < sextets.count {
            let group = sextets[index..<min(index + 4, sextets.count)]
            var bits: UInt32 = 0
            for sextet in group { bits = bits << 6 | UInt32(sextet) }
            bits <<= UInt32(6 * (4 - group.count))
            let produced = group.count - 1
            for shift in [16, 8, 0].prefix(produced) { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt32(shift))) }
            index += 4
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

// MARK: - !!timestamp

extension YAMLScalarResolver {
    /// Whether the text parses with one of go-yaml v2's timestamp layouts: `2006-1-2`,
    /// `2006-1-2T15:4:5.999999999Z07:00` (`T` or `t`), or `2006-1-2 15:4:5.999999999`.
    ///
    /// Only `!!timestamp` needs this: untagged timestamps stay strings when Kubernetes decodes them.
    static func isTimestamp(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        func number(minDigits: Int, maxDigits: Int) -> Int? {
            var value = 0
            var digits = 0
            while index < text.count, digits < maxDigits, text[index] >= UInt8(ascii: "0"),
                text[index] <= UInt8(ascii: "9")
            {
                value = value * 10 + Int(text[index] - UInt8(ascii: "0"))
                digits += 1
                index += 1
            }
            return digits >= minDigits ? value : nil
        }
        func expect(_ byte: UInt8) -> Bool {
            guard index < text.count, text[index] == byte else { return false }
            index += 1
            return true
        }
        guard let year = number(minDigits: 4, maxDigits: 4), expect(UInt8(ascii: "-")),
            let month = number(minDigits: 1, maxDigits: 2), (1...12).contains(month), expect(UInt8(ascii: "-")),
            let day = number(minDigits: 1, maxDigits: 2), (1...daysIn(month: month, year: year)).contains(day)
        else { return false }
        if index == text.count { return true }

        let separator = text[index]
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == UInt8(ascii: " ")
        else { return false }
        index += 1
        guard let hour = number(minDigits: 1, maxDigits: 2), hour < 24, expect(UInt8(ascii: ":")),
            let minute = number(minDigits: 1, maxDigits: 2), minute < 60, expect(UInt8(ascii: ":")),
            let second = number(minDigits: 1, maxDigits: 2), second < 60
        else { return false }
        if index < text.count, text[index] == UInt8(ascii: ".") || text[index] == UInt8(ascii: ",") {
            index += 1
            guard number(minDigits: 1, maxDigits: Int.max) != nil else { return false }
        }
        if separator == UInt8(ascii: " ") { return index == text.count }
        if expect(UInt8(ascii: "Z")) { return index == text.count }
        guard expect(UInt8(ascii: "+")) || expect(UInt8(ascii: "-")),
            number(minDigits: 2, maxDigits: 2) != nil, expect(UInt8(ascii: ":")),
            number(minDigits: 2, maxDigits: 2) != nil
        else { return false }
        return index == text.count
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
