// Go's time layouts: `Time.Format`, `time.Parse`/`ParseInLocation` and `Time.String`, with civil-date
// arithmetic done here (days from civil and back) rather than through a calendar library.

// MARK: - Civil dates

extension GoTime {
    /// Seconds from 0001-01-01 to 1970-01-01.
    static let unixToInternal: Int64 = 62_135_596_800

    /// Days since 1970-01-01 of a proleptic Gregorian date; `month` 1...12 and `day` may overflow.
    static func days(year: Int64, month: Int, day: Int) -> Int64 {
        // Normalise the month first so that e.g. month 13 is January of the next year.
        var year = year
        var month = Int64(month) - 1
        year += floorDivide(month, 12)
        month = month - floorDivide(month, 12) * 12 + 1
        // Count from March so the leap day is the last day of the counted year.
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = floorDivide(shiftedYear, 400)
        let yearOfEra = shiftedYear - era * 400
        let monthFromMarch = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01.
    static func civil(days: Int64) -> (year: Int64, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * monthFromMarch + 2) / 5 + 1)
        let month = Int(monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9)
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    static func isLeap(_ year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysIn(month: Int, year: Int64) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The wall-clock fields of this instant in its own zone.
    struct Fields {
        var year: Int64
        var month: Int
        var day: Int
        var hour: Int
        var minute: Int
        var second: Int
        /// 0 is Sunday.
        var weekday: Int
        /// 1...366.
        var yearDay: Int
    }

    var fields: Fields {
        let local = seconds + Int64(zoneOffset)
        let dayNumber = Self.floorDivide(local, 86_400)
        let secondOfDay = Int(local - dayNumber * 86_400)
        let (year, month, day) = Self.civil(days: dayNumber)
        let weekday = Int(((dayNumber + 4) % 7 + 7) % 7)
        let yearDay = Int(dayNumber - Self.days(year: year, month: 1, day: 1)) + 1
        return Fields(
            year: year, month: month, day: day, hour: secondOfDay / 3600, minute: secondOfDay / 60 % 60,
            second: secondOfDay % 60, weekday: weekday, yearDay: yearDay)
    }

    /// Go's `time.Date` in a fixed zone: the wall clock `offset` seconds east of UTC; fields may overflow.
    init(
        year: Int64, month: Int, day: Int, hour: Int, minute: Int, second: Int, nanosecond: Int,
        zoneName: String, zoneOffset: Int32
    ) {
        var total = Self.days(year: year, month: month, day: day) * 86_400
        total += Int64(hour) * 3600 + Int64(minute) * 60 + Int64(second)
        total += Self.floorDivide(Int64(nanosecond), 1_000_000_000)
        let nanos = Int64(nanosecond) - Self.floorDivide(Int64(nanosecond), 1_000_000_000) * 1_000_000_000
        self.init(
            seconds: total - Int64(zoneOffset), nanoseconds: Int32(nanos), zoneName: zoneName, zoneOffset: zoneOffset)
    }

    /// The same instant shown in another zone (`Time.In`).
    func `in`(zoneName: String, zoneOffset: Int32) -> GoTime {
        GoTime(seconds: seconds, nanoseconds: nanoseconds, zoneName: zoneName, zoneOffset: zoneOffset)
    }

    /// `Time.Add`: the instant `duration` nanoseconds later, in the same zone.
    func adding(nanoseconds duration: Int64) -> GoTime {
        var wholeSeconds = seconds + duration / 1_000_000_000
        var nanos = Int64(nanoseconds) + duration % 1_000_000_000
        if nanos >= 1_000_000_000 {
            wholeSeconds += 1
            nanos -= 1_000_000_000
        } else if nanos < 0 {
            wholeSeconds -= 1
            nanos += 1_000_000_000
        }
        return GoTime(seconds: wholeSeconds, nanoseconds: Int32(nanos), zoneName: zoneName, zoneOffset: zoneOffset)
    }

    /// `t.Sub(u)` in nanoseconds, saturating at the ends of Go's `Duration` range.
    func nanoseconds(since other: GoTime) -> Int64 {
        let (secondsPart, overflow) = (seconds - other.seconds).multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds > other.seconds ? Int64.max : Int64.min }
        let (total, overflow2) = secondsPart.addingReportingOverflow(Int64(nanoseconds) - Int64(other.nanoseconds))
        if overflow2 { return secondsPart > 0 ? Int64.max : Int64.min }
        return total
    }
}

// MARK: - Layout elements

/// One element of a Go reference layout (`2006`, `Jan`, `-07:00`, `.000` ...).
enum GoLayoutElement: Equatable {
    case longMonth, month, numMonth, zeroMonth
    case longWeekDay, weekDay
    case day, underDay, zeroDay, underYearDay, zeroYearDay
    case hour, hour12, zeroHour12
    case minute, zeroMinute, second, zeroSecond
    case longYear, year
    case pm, pmLower
    case zoneName
    case iso8601, iso8601Seconds, iso8601Short, iso8601Colon, iso8601ColonSeconds
    case numeric, numericSeconds, numericShort, numericColon, numericColonSeconds
    /// `.000` (`trim` false) or `.999` (`trim` true) with `digits` digits after `separator`.
    case fraction(digits: Int, separator: UInt8, trim: Bool)

    /// Go's `nextStdChunk`: the literal text before the next element, the element, and where the rest starts.
    static func next(in layout: [UInt8], from start: Int) -> (prefixEnd: Int, element: GoLayoutElement?, rest: Int) {
        func has(_ text: String, at index: Int) -> Bool {
            let bytes = Array(text.utf8)
            guard index + bytes.count <= layout.count else { return false }
            return Array(layout[index..<index + bytes.count]) == bytes
        }
        func startsWithLowercase(_ index: Int) -> Bool {
            index < layout.count && layout[index] >= UInt8(ascii: "a") && layout[index] <= UInt8(ascii: "z")
        }
        var index = start
        while index < layout.count {
            switch layout[index] {
            case UInt8(ascii: "J"):
                if has("Jan", at: index) {
                    if has("January", at: index) { return (index, .longMonth, index + 7) }
                    if !startsWithLowercase(index + 3) { return (index, .month, index + 3) }
                }
            case UInt8(ascii: "M"):
                if has("Mon", at: index) {
                    if has("Monday", at: index) { return (index, .longWeekDay, index + 6) }
                    if !startsWithLowercase(index + 3) { return (index, .weekDay, index + 3) }
                }
                if has("MST", at: index) { return (index, .zoneName, index + 3) }
            case UInt8(ascii: "0"):
                if index + 1 < layout.count, layout[index + 1] >= UInt8(ascii: "1"),
                    layout[index + 1] <= UInt8(ascii: "6")
                {
                    let elements: [GoLayoutElement] = [
                        .zeroMonth, .zeroDay, .zeroHour12, .zeroMinute, .zeroSecond, .year,
                    ]
                    return (index, elements[Int(layout[index + 1] - UInt8(ascii: "1"))], index + 2)
                }
                if has("002", at: index) { return (index, .zeroYearDay, index + 3) }
            case UInt8(ascii: "1"):
                if has("15", at: index) { return (index, .hour, index + 2) }
                return (index, .numMonth, index + 1)
            case UInt8(ascii: "2"):
                if has("2006", at: index) { return (index, .longYear, index + 4) }
                return (index, .day, index + 1)
            case UInt8(ascii: "_"):
                if has("_2", at: index) {
                    // `_2006` is a literal underscore followed by the year.
                    if has("_2006", at: index) { return (index + 1, .longYear, index + 5) }
                    return (index, .underDay, index + 2)
                }
                if has("__2", at: index) { return (index, .underYearDay, index + 3) }
            case UInt8(ascii: "3"): return (index, .hour12, index + 1)
            case UInt8(ascii: "4"): return (index, .minute, index + 1)
            case UInt8(ascii: "5"): return (index, .second, index + 1)
            case UInt8(ascii: "P"):
                if has("PM", at: index) { return (index, .pm, index + 2) }
            case UInt8(ascii: "p"):
                if has("pm", at: index) { return (index, .pmLower, index + 2) }
            case UInt8(ascii: "-"):
                if has("-070000", at: index) { return (index, .numericSeconds, index + 7) }
                if has("-07:00:00", at: index) { return (index, .numericColonSeconds, index + 9) }
                if has("-0700", at: index) { return (index, .numeric, index + 5) }
                if has("-07:00", at: index) { return (index, .numericColon, index + 6) }
                if has("-07", at: index) { return (index, .numericShort, index + 3) }
            case UInt8(ascii: "Z"):
                if has("Z070000", at: index) { return (index, .iso8601Seconds, index + 7) }
                if has("Z07:00:00", at: index) { return (index, .iso8601ColonSeconds, index + 9) }
                if has("Z0700", at: index) { return (index, .iso8601, index + 5) }
                if has("Z07:00", at: index) { return (index, .iso8601Colon, index + 6) }
                if has("Z07", at: index) { return (index, .iso8601Short, index + 3) }
            case UInt8(ascii: "."), UInt8(ascii: ","):
                if index + 1 < layout.count,
                    layout[index + 1] == UInt8(ascii: "0") || layout[index + 1] == UInt8(ascii: "9")
                {
                    let digit = layout[index + 1]
                    var end = index + 1
                    while end < layout.count && layout[end] == digit { end += 1 }
                    // Only a fraction when the run of digits ends here.
                    if !(end < layout.count && GoTimeParser.isDigit(layout[end])) {
                        let element = GoLayoutElement.fraction(
                            digits: end - index - 1, separator: layout[index], trim: digit == UInt8(ascii: "9"))
                        return (index, element, end)
                    }
                }
            default:
                break
            }
            index += 1
        }
        return (layout.count, nil, layout.count)
    }
}

// MARK: - Format

extension GoTime: CustomStringConvertible {
    static let longDayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let longMonthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]

    /// Go's `Time.String()`: `2006-01-02 15:04:05.999999999 -0700 MST`.
    public var description: String { format("2006-01-02 15:04:05.999999999 -0700 MST") }

    /// Go's `Time.Format(layout)`.
    public func format(_ layout: String) -> String {
        let layout = Array(layout.utf8)
        let fields = self.fields
        var out: [UInt8] = []
        var index = 0
        func appendInt(_ value: Int64, width: Int) {
            var magnitude = value
            if value < 0 {
                out.append(UInt8(ascii: "-"))
                magnitude = -value
            }
            let digits = Array(String(magnitude).utf8)
            if digits.count < width {
                out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width - digits.count))
            }
            out.append(contentsOf: digits)
        }
        while index < layout.count {
            let (prefixEnd, element, rest) = GoLayoutElement.next(in: layout, from: index)
            out.append(contentsOf: layout[index..<prefixEnd])
            guard let element else { break }
            index = rest
            switch element {
            case .year: appendInt(Int64(abs(fields.year % 100)), width: 2)
            case .longYear: appendInt(fields.year, width: 4)
            case .month: out.append(contentsOf: Self.longMonthNames[fields.month - 1].prefix(3).utf8)
            case .longMonth: out.append(contentsOf: Self.longMonthNames[fields.month - 1].utf8)
            case .numMonth: appendInt(Int64(fields.month), width: 0)
            case .zeroMonth: appendInt(Int64(fields.month), width: 2)
            case .weekDay: out.append(contentsOf: Self.longDayNames[fields.weekday].prefix(3).utf8)
            case .longWeekDay: out.append(contentsOf: Self.longDayNames[fields.weekday].utf8)
            case .day: appendInt(Int64(fields.day), width: 0)
            case .underDay:
                if fields.day < 10 { out.append(UInt8(ascii: " ")) }
                appendInt(Int64(fields.day), width: 0)
            case .zeroDay: appendInt(Int64(fields.day), width: 2)
            case .underYearDay:
                if fields.yearDay < 100 {
                    out.append(UInt8(ascii: " "))
                    if fields.yearDay < 10 { out.append(UInt8(ascii: " ")) }
                }
                appendInt(Int64(fields.yearDay), width: 0)
            case .zeroYearDay: appendInt(Int64(fields.yearDay), width: 3)
            case .hour: appendInt(Int64(fields.hour), width: 2)
            case .hour12, .zeroHour12:
                let hour = fields.hour % 12 == 0 ? 12 : fields.hour % 12
                appendInt(Int64(hour), width: element == .hour12 ? 0 : 2)
            case .minute: appendInt(Int64(fields.minute), width: 0)
            case .zeroMinute: appendInt(Int64(fields.minute), width: 2)
            case .second: appendInt(Int64(fields.second), width: 0)
            case .zeroSecond: appendInt(Int64(fields.second), width: 2)
            case .pm: out.append(contentsOf: (fields.hour >= 12 ? "PM" : "AM").utf8)
            case .pmLower: out.append(contentsOf: (fields.hour >= 12 ? "pm" : "am").utf8)
            case .iso8601, .iso8601Seconds, .iso8601Short, .iso8601Colon, .iso8601ColonSeconds,
                .numeric, .numericSeconds, .numericShort, .numericColon, .numericColonSeconds:
                let iso = [.iso8601, .iso8601Seconds, .iso8601Short, .iso8601Colon, .iso8601ColonSeconds].contains(
                    element)
                if zoneOffset == 0 && iso {
                    out.append(UInt8(ascii: "Z"))
                    break
                }
                var minutes = Int64(zoneOffset) / 60
                var absoluteOffset = Int64(zoneOffset)
                if minutes < 0 {
                    out.append(UInt8(ascii: "-"))
                    minutes = -minutes
                    absoluteOffset = -absoluteOffset
                } else {
                    out.append(UInt8(ascii: "+"))
                }
                appendInt(minutes / 60, width: 2)
                let colon = [.iso8601Colon, .numericColon, .iso8601ColonSeconds, .numericColonSeconds].contains(element)
                if colon { out.append(UInt8(ascii: ":")) }
                if element != .numericShort && element != .iso8601Short { appendInt(minutes % 60, width: 2) }
                if [.iso8601Seconds, .numericSeconds, .iso8601ColonSeconds, .numericColonSeconds].contains(element) {
                    if colon { out.append(UInt8(ascii: ":")) }
                    appendInt(absoluteOffset % 60, width: 2)
                }
            case .zoneName:
                if !zoneName.isEmpty {
                    out.append(contentsOf: zoneName.utf8)
                    break
                }
                // No name: Go prints the offset as -0700.
                var minutes = Int64(zoneOffset) / 60
                if minutes < 0 {
                    out.append(UInt8(ascii: "-"))
                    minutes = -minutes
                } else {
                    out.append(UInt8(ascii: "+"))
                }
                appendInt(minutes / 60, width: 2)
                appendInt(minutes % 60, width: 2)
            case .fraction(let digits, let separator, let trim):
                if trim && (digits == 0 || nanoseconds == 0) { break }
                var fraction = [UInt8(ascii: "0")]
                fraction = Array(String(nanoseconds).utf8)
                while fraction.count < 9 { fraction.insert(UInt8(ascii: "0"), at: 0) }
                if digits < 9 { fraction.removeLast(9 - digits) }
                if trim {
                    while fraction.last == UInt8(ascii: "0") { fraction.removeLast() }
                    if fraction.isEmpty { break }
                }
                out.append(separator)
                out.append(contentsOf: fraction)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension GoTime {
    /// Go's `time.RFC3339Nano` layout, which Kanister uses for `.Time`.
    public static let rfc3339NanoLayout = "2006-01-02T15:04:05.999999999Z07:00"

    /// Go's `time.Parse(layout, value)`, with UTC as both the default zone and `Local`.
    ///
    /// - Throws: ``FunctionError`` worded as Go's `*time.ParseError`.
    public static func parse(layout: String, _ value: String) throws(FunctionError) -> GoTime {
        do {
            return try GoTimeParser.parse(layout, value, in: .utc, local: .utc)
        } catch {
            throw FunctionError(error.description)
        }
    }
}
