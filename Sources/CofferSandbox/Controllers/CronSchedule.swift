import Foundation

/// A standard five-field cron schedule (minute hour day-of-month month day-of-week), in UTC, with `*`,
/// numbers, ranges `a-b`, steps `*/n` and `a-b/n`, lists, and the `@hourly`-style shorthands.
struct CronSchedule: Sendable, Equatable {
    var minutes: Set<Int>
    var hours: Set<Int>
    var days: Set<Int>
    var months: Set<Int>
    var weekdays: Set<Int>
    /// Whether day-of-month or day-of-week was restricted (cron ORs them when both are).
    var daysRestricted: Bool
    var weekdaysRestricted: Bool

    init?(_ text: String) {
        let shorthands = [
            "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
            "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
        ]
        let fields = (shorthands[text.trimmingCharacters(in: .whitespaces)] ?? text).split(separator: " ")
        guard fields.count == 5,
            let minutes = Self.field(fields[0], 0...59), let hours = Self.field(fields[1], 0...23),
            let days = Self.field(fields[2], 1...31), let months = Self.field(fields[3], 1...12),
            var weekdays = Self.field(fields[4], 0...7)
        else { return nil }
        if weekdays.contains(7) { weekdays.insert(0) }
        self.minutes = minutes
        self.hours = hours
        self.days = days
        self.months = months
        self.weekdays = weekdays
        daysRestricted = fields[2] != "*"
        weekdaysRestricted = fields[4] != "*"
    }

    private static func field(_ text: Substring, _ range: ClosedRange<Int>) -> Set<Int>? {
        var values = Set<Int>()
        for part in text.split(separator: ",") {
            let stepParts = part.split(separator: "/")
            guard stepParts.count <= 2, let step = stepParts.count == 2 ? Int(stepParts[1]) : 1, step > 0 else {
                return nil
            }
            var low = range.lowerBound
            var high = range.upperBound
            if stepParts[0] != "*" {
                let bounds = stepParts[0].split(separator: "-")
                guard let first = Int(bounds[0]), bounds.count <= 2 else { return nil }
                low = first
                high = bounds.count == 2 ? (Int(bounds[1]) ?? -1) : (stepParts.count == 2 ? range.upperBound : first)
            }
            guard range.contains(low), range.contains(high), low <= high else { return nil }
            values.formUnion(stride(from: low, through: high, by: step))
        }
        return values
    }

    /// Whether the schedule fires in the minute starting at `date`.
    func matches(_ date: Date) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!  // UTC always exists
        let parts = calendar.dateComponents([.minute, .hour, .day, .month, .weekday], from: date)
        guard let minute = parts.minute, let hour = parts.hour, let day = parts.day, let month = parts.month,
            let weekday = parts.weekday
        else { return false }
        guard minutes.contains(minute), hours.contains(hour), months.contains(month) else { return false }
        let dayMatches = days.contains(day)
        let weekdayMatches = weekdays.contains(weekday - 1)
        if daysRestricted && weekdaysRestricted { return dayMatches || weekdayMatches }
        return dayMatches && weekdayMatches
    }

    /// The latest firing time in (`after`, `until`], if any; looks back at most a day.
    func latest(after: Date, until: Date) -> Date? {
        var minute = Date(timeIntervalSince1970: (until.timeIntervalSince1970 / 60).rounded(.down) * 60)
        let limit = max(after, until.addingTimeInterval(-86_400))
        while minute > limit {
            if matches(minute) { return minute }
            minute = minute.addingTimeInterval(-60)
        }
        return nil
    }
}
