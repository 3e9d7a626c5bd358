/// The string `format`s kube-apiserver checks on custom resources that are cheap to check here.
enum StringFormats {
    static func isValid(_ text: String, format: String) -> Bool {
        switch format {
        case "date-time", "datetime": return isDateTime(text)
        case "date": return isDate(text[...])
        case "uuid": return isUUID(text)
        case "byte": return isBase64(text)
        case "ipv4": return isIPv4(text)
        default: return true  // int32, int64, duration, password, ...: not checked on strings, or not here
        }
    }

    static func digits(_ text: Substring, count: Int) -> Int? {
        guard text.count == count, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber) else { return nil }
        return Int(text)
    }

    static func isDate(_ text: Substring) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, digits(parts[0], count: 4) != nil, let month = digits(parts[1], count: 2),
            let day = digits(parts[2], count: 2)
        else { return false }
        return (1...12).contains(month) && (1...31).contains(day)
    }

    /// RFC 3339 date-time: `2006-01-02T15:04:05[.frac](Z|±hh:mm)`; `t`, `z` and a space separator allowed.
    static func isDateTime(_ text: String) -> Bool {
        guard let separator = text.firstIndex(where: { $0 == "T" || $0 == "t" || $0 == " " }) else { return false }
        guard isDate(text[..<separator]) else { return false }
        var rest = text[text.index(after: separator)...]
        let zoneStart: String.Index
        if rest.hasSuffix("Z") || rest.hasSuffix("z") {
            zoneStart = rest.index(before: rest.endIndex)
        } else if let sign = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let zone = rest[rest.index(after: sign)...].split(separator: ":", omittingEmptySubsequences: false)
            guard zone.count == 2, let hours = digits(zone[0], count: 2), let minutes = digits(zone[1], count: 2),
                hours < 24, minutes < 60
            else { return false }
            zoneStart = sign
        } else {
            return false
        }
        rest = rest[..<zoneStart]
        var seconds = rest
        if let dot = rest.firstIndex(of: ".") {
            let fraction = rest[rest.index(after: dot)...]
            guard !fraction.isEmpty, fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
            seconds = rest[..<dot]
        }
        let clock = seconds.split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 3, let hour = digits(clock[0], count: 2), let minute = digits(clock[1], count: 2),
            let second = digits(clock[2], count: 2)
        else { return false }
        return hour < 24 && minute < 60 && second <= 60
    }

    static func isUUID(_ text: String) -> Bool {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        return groups.map(\.count) == [8, 4, 4, 4, 12] && groups.allSatisfy { $0.allSatisfy(\.isHexDigit) }
    }

    static func isBase64(_ text: String) -> Bool {
        let body = text.utf8.filter { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") }
        guard body.count % 4 == 0 else { return false }
        var padding = 0
        for (index, byte) in body.enumerated() {
            if byte == UInt8(ascii: "=") {
                guard index >= body.count - 2 else { return false }
                padding += 1
                continue
            }
            guard padding == 0 else { return false }
            let isAlphabet =
                (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "+")
                || byte == UInt8(ascii: "/")
            guard isAlphabet else { return false }
        }
        return true
    }

    static func isIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4
            && parts.allSatisfy { part in
                guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }),
                    let number = Int(part)
                else { return false }
                return number <= 255 && (part.count == 1 || part.first != "0")
            }
    }
}
