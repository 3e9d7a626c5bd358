/// Go's `time.Parse` and `time.ParseInLocation` for reference layouts, quirks included.
///
/// A `.000` fraction takes exactly that many digits; `.999`, or none at all after the seconds, takes any
/// number. An unknown zone abbreviation keeps its name with offset zero. Errors read as Go's
/// `*time.ParseError` does.
enum GoTimeParser {
    /// A named zone with a fixed offset: all a parse needs to know about `Local` and the default zone.
    struct Zone: Equatable {
        var name: String
        var offset: Int32

        static let utc = Zone(name: "UTC", offset: 0)
    }

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// `time.ParseInLocation(layout, value, location)`; `local` is what Go calls `Local`.
    static func parse(_ layout: String, _ value: String, in location: Zone, local: Zone) throws(ParseError) -> GoTime {
        let layoutBytes = Array(layout.utf8)
        let valueBytes = Array(value.utf8)
        var layoutIndex = 0
        var rest = valueBytes[...]

        var amSet = false
        var pmSet = false
        var year: Int64 = 0
        var month = -1
        var day = -1
        var yearDay = -1
        var hour = 0
        var minute = 0
        var second = 0
        var nanosecond = 0
        var utc = false
        var zoneOffset = -1
        var zoneName = ""

        func text(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }
        func failure(_ layoutElement: String, _ valueElement: ArraySlice<UInt8>) -> ParseError {
            ParseError(
                description: "parsing time \(quote(value)) as \(quote(layout)): cannot parse "
                    + "\(quote(text(valueElement))) as \(quote(layoutElement))")
        }
        func failure(message: String) -> ParseError {
            ParseError(description: "parsing time \(quote(value))\(message)")
        }

        while true {
            let (prefixEnd, element, next) = GoLayoutElement.next(in: layoutBytes, from: layoutIndex)
            let prefix = layoutBytes[layoutIndex..<prefixEnd]
            let elementText = text(layoutBytes[prefixEnd..<next])
            guard skip(prefix, in: &rest) else { throw failure(text(prefix), rest) }
            guard let element else {
                if !rest.isEmpty { throw failure(message: ": extra text: \(quote(text(rest)))") }
                break
            }
            layoutIndex = next
            let hold = rest
            var bad = false
            var rangeError: String?

            switch element {
            case .year:
                guard rest.count >= 2, let number = Int(text(rest.prefix(2))), rest.prefix(2).allSatisfy(isDigit) else {
                    bad = true
                    break
                }
                rest = rest.dropFirst(2)
                year = Int64(number >= 69 ? number + 1900 : number + 2000)
            case .longYear:
                guard rest.count >= 4, isDigit(rest[rest.startIndex]), let number = Int(text(rest.prefix(4))) else {
                    bad = true
                    break
                }
                rest = rest.dropFirst(4)
                year = Int64(number)
            case .month, .longMonth:
                let names =
                    element == .month ? GoTime.longMonthNames.map { String($0.prefix(3)) } : GoTime.longMonthNames
                guard let found = lookup(names, in: &rest) else {
                    bad = true
                    break
                }
                month = found + 1
            case .numMonth, .zeroMonth:
                guard let number = number(in: &rest, fixed: element == .zeroMonth) else {
                    bad = true
                    break
                }
                month = number
                if month <= 0 || month > 12 { rangeError = "month" }
            case .weekDay, .longWeekDay:
                let names = element == .weekDay ? GoTime.longDayNames.map { String($0.prefix(3)) } : GoTime.longDayNames
                if lookup(names, in: &rest) == nil { bad = true }
            case .day, .underDay, .zeroDay:
                if element == .underDay, rest.first == UInt8(ascii: " ") { rest = rest.dropFirst() }
                guard let number = number(in: &rest, fixed: element == .zeroDay) else {
                    bad = true
                    break
                }
                // The day is checked against the month once both are known.
                day = number
            case .underYearDay, .zeroYearDay:
                for _ in 0..<2 where element == .underYearDay && rest.first == UInt8(ascii: " ") {
                    rest = rest.dropFirst()
                }
                var count = 0
                var number = 0
                while count < 3, count < rest.count, isDigit(rest[rest.startIndex + count]) {
                    number = number * 10 + Int(rest[rest.startIndex + count] - UInt8(ascii: "0"))
                    count += 1
                }
                if count == 0 || (element == .zeroYearDay && count != 3) {
                    bad = true
                    break
                }
                rest = rest.dropFirst(count)
                yearDay = number
                if yearDay < 1 || yearDay > 366 { rangeError = "day of year" }
            case .hour:
                guard let number = number(in: &rest, fixed: false) else {
                    bad = true
                    break
                }
                hour = number
                if hour < 0 || hour >= 24 { rangeError = "hour" }
            case .hour12, .zeroHour12:
                guard let number = number(in: &rest, fixed: element == .zeroHour12) else {
                    bad = true
                    break
                }
                hour = number
                if hour < 0 || hour > 12 { rangeError = "hour" }
            case .minute, .zeroMinute:
                guard let number = number(in: &rest, fixed: element == .zeroMinute) else {
                    bad = true
                    break
                }
                minute = number
                if minute < 0 || minute >= 60 { rangeError = "minute" }
            case .second, .zeroSecond:
                guard let number = number(in: &rest, fixed: element == .zeroSecond) else {
                    bad = true
                    break
                }
                second = number
                if second < 0 || second >= 60 {
                    rangeError = "second"
                    break
                }
                // A fraction in the value but none in the layout is accepted whole.
                if rest.count >= 2, rest.first == UInt8(ascii: ".") || rest.first == UInt8(ascii: ","),
                    isDigit(rest[rest.startIndex + 1])
                {
                    if case .fraction = GoLayoutElement.next(in: layoutBytes, from: layoutIndex).element { break }
                    var length = 2
                    while length < rest.count && isDigit(rest[rest.startIndex + length]) { length += 1 }
                    nanosecond = nanoseconds(rest.prefix(length))
                    rest = rest.dropFirst(length)
                }
            case .pm, .pmLower:
                guard rest.count >= 2 else {
                    bad = true
                    break
                }
                let marker = text(rest.prefix(2))
                rest = rest.dropFirst(2)
                switch (marker, element) {
                case ("PM", .pm), ("pm", .pmLower): pmSet = true
                case ("AM", .pm), ("am", .pmLower): amSet = true
                default: bad = true
                }
            case .iso8601, .iso8601Seconds, .iso8601Short, .iso8601Colon, .iso8601ColonSeconds,
                .numeric, .numericSeconds, .numericShort, .numericColon, .numericColonSeconds:
                let iso = [.iso8601, .iso8601Seconds, .iso8601Short, .iso8601Colon, .iso8601ColonSeconds].contains(
                    element)
                if iso && rest.first == UInt8(ascii: "Z") {
                    rest = rest.dropFirst()
                    utc = true
                    break
                }
                let bytes = Array(rest)
                var sign: UInt8 = 0
                var hours: ArraySlice<UInt8> = []
                var minutes: ArraySlice<UInt8> = ["0", "0"].map { UInt8(ascii: $0) }[...]
                var seconds: ArraySlice<UInt8> = ["0", "0"].map { UInt8(ascii: $0) }[...]
                var consumed = 0
                switch element {
                case .iso8601ColonSeconds, .numericColonSeconds:
                    guard bytes.count >= 9, bytes[3] == UInt8(ascii: ":"), bytes[6] == UInt8(ascii: ":") else {
                        bad = true
                        break
                    }
                    (sign, hours, minutes, seconds, consumed) = (bytes[0], bytes[1..<3], bytes[4..<6], bytes[7..<9], 9)
                case .iso8601Colon, .numericColon:
                    guard bytes.count >= 6, bytes[3] == UInt8(ascii: ":") else {
                        bad = true
                        break
                    }
                    (sign, hours, minutes, consumed) = (bytes[0], bytes[1..<3], bytes[4..<6], 6)
                case .iso8601Short, .numericShort:
                    guard bytes.count >= 3 else {
                        bad = true
                        break
                    }
                    (sign, hours, consumed) = (bytes[0], bytes[1..<3], 3)
                case .iso8601Seconds, .numericSeconds:
                    guard bytes.count >= 7 else {
                        bad = true
                        break
                    }
                    (sign, hours, minutes, seconds, consumed) = (bytes[0], bytes[1..<3], bytes[3..<5], bytes[5..<7], 7)
                default:
                    guard bytes.count >= 5 else {
                        bad = true
                        break
                    }
                    (sign, hours, minutes, consumed) = (bytes[0], bytes[1..<3], bytes[3..<5], 5)
                }
                if bad { break }
                rest = rest.dropFirst(consumed)
                var hoursSlice = hours
                var minutesSlice = minutes
                var secondsSlice = seconds
                guard let hourValue = number(in: &hoursSlice, fixed: true),
                    let minuteValue = number(in: &minutesSlice, fixed: true),
                    let secondValue = number(in: &secondsSlice, fixed: true)
                else {
                    bad = true
                    break
                }
                // Go accepts offsets of up to 24 hours and 60 minutes or seconds.
                if hourValue > 24 { rangeError = "time zone offset hour" }
                if minuteValue > 60 { rangeError = "time zone offset minute" }
                if secondValue > 60 { rangeError = "time zone offset second" }
                zoneOffset = (hourValue * 60 + minuteValue) * 60 + secondValue
                switch sign {
                case UInt8(ascii: "+"): break
                case UInt8(ascii: "-"): zoneOffset = -zoneOffset
                default: bad = true
                }
            case .zoneName:
                if rest.count >= 3 && text(rest.prefix(3)) == "UTC" {
                    utc = true
                    rest = rest.dropFirst(3)
                    break
                }
                guard let length = zoneAbbreviationLength(Array(rest)) else {
                    bad = true
                    break
                }
                zoneName = text(rest.prefix(length))
                rest = rest.dropFirst(length)
            case .fraction(let digits, _, let trim):
                if trim {
                    guard rest.count >= 2, rest.first == UInt8(ascii: ".") || rest.first == UInt8(ascii: ","),
                        isDigit(rest[rest.startIndex + 1])
                    else { break }
                    var length = 1
                    while length < rest.count && isDigit(rest[rest.startIndex + length]) { length += 1 }
                    nanosecond = nanoseconds(rest.prefix(length))
                    rest = rest.dropFirst(length)
                } else {
                    let length = digits + 1
                    guard rest.count >= length, rest.first == UInt8(ascii: ".") || rest.first == UInt8(ascii: ","),
                        rest.dropFirst().prefix(digits).allSatisfy(isDigit)
                    else {
                        bad = true
                        break
                    }
                    nanosecond = nanoseconds(rest.prefix(length))
                    rest = rest.dropFirst(length)
                }
            }
            if let rangeError { throw failure(message: ": \(rangeError) out of range") }
            if bad { throw failure(elementText, hold) }
        }

        if pmSet && hour < 12 {
            hour += 12
        } else if amSet && hour == 12 {
            hour = 0
        }

        if yearDay >= 0 {
            var dayFromYearDay = 0
            var monthFromYearDay = 0
            var adjusted = yearDay
            if GoTime.isLeap(year) {
                if adjusted == 31 + 29 {
                    monthFromYearDay = 2
                    dayFromYearDay = 29
                } else if adjusted > 31 + 29 {
                    adjusted -= 1
                }
            }
            if adjusted < 1 || adjusted > 365 { throw failure(message: ": day-of-year out of range") }
            if monthFromYearDay == 0 {
                let daysBefore = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365]
                monthFromYearDay = (adjusted - 1) / 31 + 1
                if daysBefore[monthFromYearDay] < adjusted { monthFromYearDay += 1 }
                dayFromYearDay = adjusted - daysBefore[monthFromYearDay - 1]
            }
            if month >= 0 && month != monthFromYearDay { throw failure(message: ": day-of-year does not match month") }
            month = monthFromYearDay
            if day >= 0 && day != dayFromYearDay { throw failure(message: ": day-of-year does not match day") }
            day = dayFromYearDay
        } else {
            if month < 0 { month = 1 }
            if day < 0 { day = 1 }
        }

        if day < 1 || day > GoTime.daysIn(month: month, year: year) { throw failure(message: ": day out of range") }

        func date(in zone: Zone) -> GoTime {
            GoTime(
                year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                nanosecond: nanosecond, zoneName: zone.name, zoneOffset: zone.offset)
        }

        if utc { return date(in: .utc) }
        if zoneOffset != -1 {
            // Go uses Local when it has the same offset (and the same name, if one was parsed).
            if Int32(zoneOffset) == local.offset && (zoneName.isEmpty || zoneName == local.name) {
                return date(in: local)
            }
            return date(in: Zone(name: zoneName, offset: Int32(zoneOffset)))
        }
        if !zoneName.isEmpty {
            if zoneName == local.name { return date(in: local) }
            // An unknown abbreviation keeps its name at offset zero; `GMT+3` keeps its hours but not its instant.
            var offset: Int32 = 0
            if zoneName.utf8.count > 3 && zoneName.hasPrefix("GMT") {
                offset = (Int32(zoneName.dropFirst(3)) ?? 0) * 3600
            }
            let wall = date(in: .utc)
            return GoTime(seconds: wall.seconds, nanoseconds: wall.nanoseconds, zoneName: zoneName, zoneOffset: offset)
        }
        return date(in: location)
    }

    // MARK: - Pieces

    /// Go's `skip`: literal layout text must match; a space matches any run of spaces.
    private static func skip(_ prefix: ArraySlice<UInt8>, in value: inout ArraySlice<UInt8>) -> Bool {
        var prefix = prefix
        while let first = prefix.first {
            if first == UInt8(ascii: " ") {
                if let next = value.first, next != UInt8(ascii: " ") { return false }
                while prefix.first == UInt8(ascii: " ") { prefix = prefix.dropFirst() }
                while value.first == UInt8(ascii: " ") { value = value.dropFirst() }
                continue
            }
            guard value.first == first else { return false }
            prefix = prefix.dropFirst()
            value = value.dropFirst()
        }
        return true
    }

    /// Go's `getnum`: one or two digits, exactly two when `fixed`.
    private static func number(in value: inout ArraySlice<UInt8>, fixed: Bool) -> Int? {
        guard let first = value.first, isDigit(first) else { return nil }
        let secondIndex = value.startIndex + 1
        guard secondIndex < value.endIndex, isDigit(value[secondIndex]) else {
            if fixed { return nil }
            value = value.dropFirst()
            return Int(first - UInt8(ascii: "0"))
        }
        let number = Int(first - UInt8(ascii: "0")) * 10 + Int(value[secondIndex] - UInt8(ascii: "0"))
        value = value.dropFirst(2)
        return number
    }

    /// Go's `lookup`: the first name matching case-insensitively at the start of `value`.
    private static func lookup(_ names: [String], in value: inout ArraySlice<UInt8>) -> Int? {
        for (index, name) in names.enumerated() {
            let bytes = Array(name.utf8)
            guard value.count >= bytes.count else { continue }
            let candidate = value.prefix(bytes.count)
            if zip(candidate, bytes).allSatisfy({ lowerASCII($0) == lowerASCII($1) }) {
                value = value.dropFirst(bytes.count)
                return index
            }
        }
        return nil
    }

    private static func lowerASCII(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    /// Nanoseconds from a separator and digits; digits past the ninth are ignored.
    private static func nanoseconds(_ fraction: ArraySlice<UInt8>) -> Int {
        var result = 0
        var count = 0
        for byte in fraction.dropFirst().prefix(9) {
            result = result * 10 + Int(byte - UInt8(ascii: "0"))
            count += 1
        }
        for _ in count..<9 { result *= 10 }
        return result
    }

    /// Go's `parseTimeZone`: the length of a zone abbreviation at the start of `value`, if it looks like one.
    private static func zoneAbbreviationLength(_ value: [UInt8]) -> Int? {
        guard value.count >= 3 else { return nil }
        let text = String(decoding: value, as: UTF8.self)
        if text.hasPrefix("ChST") || text.hasPrefix("MeST") { return 4 }
        if text.hasPrefix("GMT") {
            let rest = Array(value[3...])
            return rest.isEmpty ? 3 : 3 + signedOffsetLength(rest)
        }
        if value[0] == UInt8(ascii: "+") || value[0] == UInt8(ascii: "-") {
            let length = signedOffsetLength(value)
            return length > 0 ? length : nil
        }
        var upper = 0
        while upper < 6 && upper < value.count && value[upper] >= UInt8(ascii: "A") && value[upper] <= UInt8(ascii: "Z")
        {
            upper += 1
        }
        switch upper {
        case 5: return value[4] == UInt8(ascii: "T") ? 5 : nil
        case 4: return value[3] == UInt8(ascii: "T") || text.hasPrefix("WITA") ? 4 : nil
        case 3: return 3
        default: return nil
        }
    }

    private static func signedOffsetLength(_ value: [UInt8]) -> Int {
        guard let sign = value.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return 0 }
        var index = 1
        var number = 0
        while index < value.count && isDigit(value[index]) {
            number = number * 10 + Int(value[index] - UInt8(ascii: "0"))
            if number > 1_000_000 { return 0 }
            index += 1
        }
        if index == 1 || number > 23 { return 0 }
        return index
    }

    /// The `time` package's quoting for error messages: bytes outside printable ASCII as `\xNN`.
    static func quote(_ string: String) -> String {
        var out = "\""
        for byte in string.utf8 {
            if byte >= 0x80 || byte < 0x20 {
                let hex = Array("0123456789abcdef")
                out += "\\x" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0xF)])
            } else {
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { out += "\\" }
                out.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return out + "\""
    }
}
