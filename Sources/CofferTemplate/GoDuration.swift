/// Go's `time.Duration` text: `Duration.String`, `time.ParseDuration` and `Duration.Round`, on nanoseconds.
enum GoDuration {
    static let second: Int64 = 1_000_000_000

    /// `Duration.String()`: `1h2m3.5s`, `1.5ms`, `0s`.
    static func format(_ nanoseconds: Int64) -> String {
        let negative = nanoseconds < 0
        var magnitude = nanoseconds.magnitude
        var out = ""
        if magnitude < UInt64(second) {
            if magnitude == 0 { return "0s" }
            let unit: String
            let precision: Int
            if magnitude < 1000 {
                (unit, precision) = ("ns", 0)
            } else if magnitude < 1_000_000 {
                (unit, precision) = ("\u{B5}s", 3)
            } else {
                (unit, precision) = ("ms", 6)
            }
            let (fraction, whole) = fractionText(magnitude, precision: precision)
            out = String(whole) + fraction + unit
        } else {
            let (fraction, wholeSeconds) = fractionText(magnitude, precision: 9)
            magnitude = wholeSeconds
            out = String(magnitude % 60) + fraction + "s"
            magnitude /= 60
            if magnitude > 0 {
                out = String(magnitude % 60) + "m" + out
                magnitude /= 60
                if magnitude > 0 { out = String(magnitude) + "h" + out }
            }
        }
        return negative ? "-" + out : out
    }

    /// The fraction `value / 10^precision` as `.123` without trailing zeros (empty when zero), and the whole part.
    private static func fractionText(_ value: UInt64, precision: Int) -> (String, UInt64) {
        var value = value
        var digits: [Character] = []
        var printing = false
        for _ in 0..<precision {
            let digit = value % 10
            printing = printing || digit != 0
            if printing { digits.append(Character(String(digit))) }
            value /= 10
        }
        if digits.isEmpty { return ("", value) }
        return ("." + String(digits.reversed()), value)
    }

    private static let units: [String: UInt64] = [
        "ns": 1, "us": 1000, "\u{B5}s": 1000, "\u{3BC}s": 1000, "ms": 1_000_000,
        "s": 1_000_000_000, "m": 60_000_000_000, "h": 3_600_000_000_000,
    ]

    /// `time.ParseDuration`; `nil` where Go returns an error.
    static func parse(_ text: String) -> Int64? {
        var rest = Array(text.utf8)[...]
        var total: UInt64 = 0
        var negative = false
        if let first = rest.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            rest = rest.dropFirst()
        }
        if rest.elementsEqual("0".utf8) { return 0 }
        if rest.isEmpty { return nil }
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        while let first = rest.first {
            guard first == UInt8(ascii: ".") || isDigit(first) else { return nil }
            var whole: UInt64 = 0
            var consumedWhole = false
            while let byte = rest.first, isDigit(byte) {
                let (times, overflow1) = whole.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
                if overflow1 || overflow2 || sum > 1 << 63 { return nil }
                whole = sum
                consumedWhole = true
                rest = rest.dropFirst()
            }
            var fraction: UInt64 = 0
            var scale: Double = 1
            var consumedFraction = false
            if rest.first == UInt8(ascii: ".") {
                rest = rest.dropFirst()
                var overflow = false
                while let byte = rest.first, isDigit(byte) {
                    consumedFraction = true
                    rest = rest.dropFirst()
                    if overflow { continue }
                    if fraction > (UInt64(1) << 63 - 1) / 10 {
                        overflow = true
                        continue
                    }
                    fraction = fraction * 10 + UInt64(byte - UInt8(ascii: "0"))
                    scale *= 10
                }
            }
            if !consumedWhole && !consumedFraction { return nil }
            var unitEnd = rest.startIndex
            while unitEnd < rest.endIndex && rest[unitEnd] != UInt8(ascii: ".") && !isDigit(rest[unitEnd]) {
                unitEnd += 1
            }
            guard unitEnd > rest.startIndex,
                let unit = units[String(decoding: rest[rest.startIndex..<unitEnd], as: UTF8.self)]
            else { return nil }
            rest = rest[unitEnd...]
            if whole > (UInt64(1) << 63) / unit { return nil }
            whole *= unit
            if fraction > 0 {
                whole += UInt64(Double(fraction) * (Double(unit) / scale))
                if whole > 1 << 63 { return nil }
            }
            total += whole
            if total > 1 << 63 { return nil }
        }
        if negative { return total == 1 << 63 ? Int64.min : -Int64(total) }
        if total > UInt64(Int64.max) { return nil }
        return Int64(total)
    }

    /// `Duration.Round(multiple)`: halfway values round away from zero; saturates on overflow.
    static func round(_ value: Int64, to multiple: Int64) -> Int64 {
        guard multiple > 0 else { return value }
        var remainder = value % multiple
        func lessThanHalf(_ x: Int64, _ y: Int64) -> Bool { UInt64(x) &+ UInt64(x) < UInt64(y) }
        if value < 0 {
            remainder = -remainder
            if lessThanHalf(remainder, multiple) { return value + remainder }
            let (lowered, overflow1) = value.subtractingReportingOverflow(multiple)
            let (result, overflow2) = lowered.addingReportingOverflow(remainder)
            return overflow1 || overflow2 ? Int64.min : result
        }
        if lessThanHalf(remainder, multiple) { return value - remainder }
        let (result, overflow) = value.addingReportingOverflow(multiple - remainder)
        return overflow ? Int64.max : result
    }
}
