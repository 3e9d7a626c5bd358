// Sprig's date functions. `Local` is the context's zone (UTC unless configured), never the machine's.
//
// Zones: there is no tz database here. `dateInZone` knows "", "UTC", "Local" and a few names that
// are fixed offsets in tzdata (GMT, Etc/GMT±N, EST, MST, HST); any other name falls back to UTC, which
// is what Go does when it cannot load the zone (as in a container without tzdata).

extension Sprig {
    static let dates: [TemplateFunction] = [
        TemplateFunction("now", []) { _, context in .time(localNow(context)) },
        TemplateFunction("date", [.string, .any]) { arguments, context in
            .string(dateInZone(string(arguments[0]), arguments[1], "Local", context))
        },
        TemplateFunction("htmlDate", [.any]) { arguments, context in
            .string(dateInZone("2006-01-02", arguments[0], "Local", context))
        },
        TemplateFunction("htmlDateInZone", [.any, .string]) { arguments, context in
            .string(dateInZone("2006-01-02", arguments[0], string(arguments[1]), context))
        },
        TemplateFunction("dateInZone", [.string, .any, .string]) { arguments, context in
            .string(dateInZone(string(arguments[0]), arguments[1], string(arguments[2]), context))
        },
        TemplateFunction("date_in_zone", [.string, .any, .string]) { arguments, context in
            .string(dateInZone(string(arguments[0]), arguments[1], string(arguments[2]), context))
        },
        function("dateModify", [.string, .time]) { dateModify(string($0[0]), $0[1]) },
        function("date_modify", [.string, .time]) { dateModify(string($0[0]), $0[1]) },
        TemplateFunction("toDate", [.string, .string]) { arguments, context in
            // Unparsable input is Go's zero time, not an error.
            .time((try? parseInLocal(string(arguments[0]), string(arguments[1]), context)) ?? .zero)
        },
        TemplateFunction("mustToDate", [.string, .string]) { arguments, context in
            do throws(GoTimeParser.ParseError) {
                return .time(try parseInLocal(string(arguments[0]), string(arguments[1]), context))
            } catch {
                throw FunctionError(error.description)
            }
        },
        function("unixEpoch", [.time]) { arguments in
            guard case .time(let time) = arguments[0] else { return .string("0") }
            return .string(String(time.seconds))
        },
        TemplateFunction("ago", [.any]) { arguments, context in
            let time = instant(arguments[0], context)
            let since = localNow(context).nanoseconds(since: time)
            return .string(GoDuration.format(GoDuration.round(since, to: GoDuration.second)))
        },
        function("duration", [.any]) { arguments in
            // Sprig reads a string or an int64 of seconds; anything else, even an int literal, is 0.
            var seconds: Int64 = 0
            switch arguments[0] {
            case .string(let string): seconds = Int64(string) ?? 0
            case .int64(let int): seconds = int
            default: break
            }
            return .string(GoDuration.format(seconds &* GoDuration.second))
        },
        TemplateFunction("durationRound", [.any]) { arguments, context in
            var nanoseconds: Int64 = 0
            switch arguments[0] {
            case .string(let string): nanoseconds = GoDuration.parse(string) ?? 0
            case .int64(let int): nanoseconds = int
            case .time(let time): nanoseconds = localNow(context).nanoseconds(since: time)
            default: break
            }
            return .string(roundedDuration(nanoseconds))
        },
    ]

    static func localNow(_ context: FunctionContext) -> GoTime {
        context.now().in(zoneName: context.localZoneName, zoneOffset: context.localZoneOffset)
    }

    /// A time argument as Sprig reads it: a time, an integer epoch in seconds, otherwise now.
    private static func instant(_ value: TemplateValue, _ context: FunctionContext) -> GoTime {
        switch value {
        case .time(let time): return time
        case .int(let seconds):
            return GoTime(seconds: Int64(seconds)).in(
                zoneName: context.localZoneName, zoneOffset: context.localZoneOffset)
        case .int64(let seconds):
            return GoTime(seconds: seconds).in(zoneName: context.localZoneName, zoneOffset: context.localZoneOffset)
        default: return localNow(context)
        }
    }

    private static func dateInZone(_ layout: String, _ value: TemplateValue, _ zone: String, _ context: FunctionContext)
        -> String
    {
        let location = self.location(zone, context)
        return instant(value, context).in(zoneName: location.name, zoneOffset: location.offset).format(layout)
    }

    /// `time.LoadLocation` without a tz database: the names this engine can honour, UTC for the rest.
    static func location(_ name: String, _ context: FunctionContext) -> GoTimeParser.Zone {
        switch name {
        case "", "UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Etc/Zulu", "Zulu":
            return GoTimeParser.Zone(name: "UTC", offset: 0)
        case "Local": return GoTimeParser.Zone(name: context.localZoneName, offset: context.localZoneOffset)
        case "GMT", "Etc/GMT", "Etc/GMT+0", "Etc/GMT-0", "Etc/GMT0", "GMT0", "GMT+0", "GMT-0", "Etc/Greenwich",
            "Greenwich":
            return GoTimeParser.Zone(name: "GMT", offset: 0)
        case "EST": return GoTimeParser.Zone(name: "EST", offset: -5 * 3600)
        case "MST": return GoTimeParser.Zone(name: "MST", offset: -7 * 3600)
        case "HST": return GoTimeParser.Zone(name: "HST", offset: -10 * 3600)
        default:
            // Etc/GMT+5 is five hours west of Greenwich, abbreviated "-05".
            if name.hasPrefix("Etc/GMT"), let hours = Int32(name.dropFirst(7)), hours != 0, (-14...12).contains(hours) {
                let offset = -hours
                let abbreviation = (offset < 0 ? "-" : "+") + (abs(offset) < 10 ? "0" : "") + String(abs(offset))
                return GoTimeParser.Zone(name: abbreviation, offset: offset * 3600)
            }
            return GoTimeParser.Zone(name: "UTC", offset: 0)
        }
    }

    private static func parseInLocal(_ layout: String, _ value: String, _ context: FunctionContext) throws(GoTimeParser
        .ParseError) -> GoTime
    {
        let local = GoTimeParser.Zone(name: context.localZoneName, offset: context.localZoneOffset)
        return try GoTimeParser.parse(layout, value, in: local, local: local)
    }

    private static func dateModify(_ text: String, _ value: TemplateValue) -> TemplateValue {
        guard case .time(let time) = value else { return value }
        guard let duration = GoDuration.parse(text) else { return value }
        return .time(time.adding(nanoseconds: duration))
    }

    /// Sprig v3's `durationRound`: the largest whole unit (y, m for months, d, h, m, s) strictly below the duration.
    private static func roundedDuration(_ nanoseconds: Int64) -> String {
        let magnitude = nanoseconds.magnitude
        let second: UInt64 = 1_000_000_000
        let units: [(UInt64, String)] = [
            (second * 3600 * 24 * 365, "y"), (second * 3600 * 24 * 30, "m"), (second * 3600 * 24, "d"),
            (second * 3600, "h"), (second * 60, "m"), (second, "s"),
        ]
        for (size, suffix) in units where magnitude > size { return String(magnitude / size) + suffix }
        return "0s"
    }
}
