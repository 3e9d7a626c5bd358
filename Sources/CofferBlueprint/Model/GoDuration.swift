/// Go's `time.ParseDuration` syntax: `90s`, `5m`, `1h30m`, `1.5h`, `300ms`, `-2m`, `0`.
///
/// Units are `ns`, `us` (or `µs`, `μs`), `ms`, `s`, `m`, `h`; a number without a unit is only allowed
/// for zero. Durations are exact to the nanosecond and limited to about ±292 years, as in Go.
public enum GoDuration {
    /// The duration `text` denotes, or `nil` when it is not a Go duration.
    public static func parse(_ text: String) -> Duration? {
        var scalars = Substring(text).unicodeScalars[...]
        var negative = false
        if let sign = scalars.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            scalars = scalars.dropFirst()
        }
        if String(scalars) == "0" { return .zero }
        guard !scalars.isEmpty else { return nil }

        var total: Int64 = 0
        while !scalars.isEmpty {
            let whole = scalars.prefix(while: isDigit)
            scalars = scalars.dropFirst(whole.count)
            var fraction = Substring.UnicodeScalarView()[...]
            if scalars.first == "." {
                scalars = scalars.dropFirst()
                fraction = scalars.prefix(while: isDigit)
                scalars = scalars.dropFirst(fraction.count)
            }
            guard !whole.isEmpty || !fraction.isEmpty else { return nil }
            let unitText = scalars.prefix { !isDigit($0) && $0 != "." }
            scalars = scalars.dropFirst(unitText.count)
            guard let unit = units[String(unitText)] else { return nil }

            guard let value = wholeValue(whole, unit: unit),
                case (let sum, false) = total.addingReportingOverflow(value)
            else { return nil }
            total = sum
            // Go scales the fraction by the unit and truncates below a nanosecond.
            var scale: Int64 = 1
            var digits: Int64 = 0
            for digit in fraction {
                guard scale < 1_000_000_000_000_000 else { break }
                digits = digits * 10 + Int64(digit.value - 48)
                scale *= 10
            }
            let fractional = Int64((Double(digits) / Double(scale) * Double(unit)).rounded(.down))
            guard case (let withFraction, false) = total.addingReportingOverflow(fractional) else { return nil }
            total = withFraction
        }
        return .nanoseconds(negative ? -total : total)
    }

    /// Go's spelling of `duration` (`1h30m0s`, `1.5s`, `300ms`, `0s`), for messages and round trips.
    public static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        var nanos = seconds.multipliedReportingOverflow(by: 1_000_000_000).partialValue + attoseconds / 1_000_000_000
        if nanos == 0 { return "0s" }
        var text = ""
        if nanos < 0 {
            text = "-"
            nanos = -nanos
        }
        if nanos < 1_000_000_000 {
            for (unit, size) in [("ms", Int64(1_000_000)), ("µs", 1_000), ("ns", 1)] where nanos >= size {
                return text + decimal(nanos, size) + unit
            }
        }
        let hours = nanos / 3_600_000_000_000
        let minutes = nanos / 60_000_000_000 % 60
        let rest = nanos % 60_000_000_000
        if hours > 0 { text += "\(hours)h" }
        if hours > 0 || minutes > 0 { text += "\(minutes)m" }
        return text + decimal(rest, 1_000_000_000) + "s"
    }

    private static let units: [String: Int64] = [
        "ns": 1, "us": 1_000, "\u{00B5}s": 1_000, "\u{03BC}s": 1_000, "ms": 1_000_000,
        "s": 1_000_000_000, "m": 60_000_000_000, "h": 3_600_000_000_000,
    ]

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    private static func wholeValue(_ digits: Substring.UnicodeScalarView.SubSequence, unit: Int64) -> Int64? {
        var value: Int64 = 0
        for digit in digits {
            guard case (let times10, false) = value.multipliedReportingOverflow(by: 10),
                case (let next, false) = times10.addingReportingOverflow(Int64(digit.value - 48))
            else { return nil }
            value = next
        }
        guard case (let scaled, false) = value.multipliedReportingOverflow(by: unit) else { return nil }
        return scaled
    }

    /// `value / size` with the remainder as a trimmed decimal fraction: `1.5`, `300`.
    private static func decimal(_ value: Int64, _ size: Int64) -> String {
        let whole = value / size
        var remainder = value % size
        guard remainder > 0 else { return "\(whole)" }
        var digits = ""
        var place = size / 10
        while remainder > 0, place > 0 {
            digits += "\(remainder / place)"
            remainder %= place
            place /= 10
        }
        return "\(whole).\(digits)"
    }
}
