import Testing

@testable import CofferTemplate

/// Go's reference instant, Mon Jan 2 15:04:05 2006 UTC, with nanoseconds.
private let reference = GoTime(seconds: 1_136_214_245, nanoseconds: 123_456_789)
private let utc = GoTimeParser.Zone.utc

struct LayoutCase: Sendable, CustomTestStringConvertible {
    var layout: String
    var time: GoTime
    var expected: String
    var testDescription: String { "\(layout) -> \(expected)" }

    init(_ layout: String, _ time: GoTime, _ expected: String) {
        self.layout = layout
        self.time = time
        self.expected = expected
    }

    init(_ layout: String, _ expected: String) {
        self.init(layout, reference, expected)
    }
}

@Suite struct GoTimeFormatTests {
    static let india = GoTime(seconds: 1_136_214_245, zoneName: "", zoneOffset: 19_800)
    static let pacific = GoTime(seconds: 1_136_214_245, zoneName: "PST", zoneOffset: -28_800)
    static let march = GoTime(seconds: 1_709_596_800)  // 2024-03-05T00:00:00Z, a Tuesday

    static let cases: [LayoutCase] = [
        .init("2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05Z"),
        .init("2006-01-02T15:04:05.999999999Z07:00", "2006-01-02T15:04:05.123456789Z"),
        .init("Mon Jan _2 15:04:05 2006", "Mon Jan  2 15:04:05 2006"),
        .init("Monday, 02-Jan-06 15:04:05 MST", "Monday, 02-Jan-06 15:04:05 UTC"),
        .init("3:04PM", "3:04PM"),
        .init("03:04 pm", "03:04 pm"),
        .init("15:04:05.000", "15:04:05.123"),
        .init("15:04:05,000", "15:04:05,123"),
        .init("15:04:05.999", "15:04:05.123"),
        .init("15:04:05.999", GoTime(seconds: 1_136_214_245, nanoseconds: 120_000_000), "15:04:05.12"),
        .init("15:04:05.999", GoTime(seconds: 1_136_214_245), "15:04:05"),
        .init("15:04:05.000", GoTime(seconds: 1_136_214_245), "15:04:05.000"),
        .init("__2|002", "  2|002"),
        .init("January 2", "January 2"),
        .init("Monthly Jan", "Monthly Jan"),
        .init("Q1", march, "Q3"),
        .init("Mon 2006-01-02", march, "Tue 2024-03-05"),
        .init("-07:00|-0700|Z07:00|MST|-07", india, "+05:30|+0530|+05:30|+0530|+05"),
        .init("Z0700", "Z"),
        .init("-0700", "+0000"),
        .init("2006-01-02 15:04 MST -07:00", pacific, "2006-01-02 07:04 PST -08:00"),
        .init("2006-01-02", .zero, "0001-01-01"),
        .init("2006-01-02", GoTime(seconds: 951_782_400), "2000-02-29"),
        .init("06 1 2 3 4 5", GoTime(seconds: 1_104_541_445), "05 1 1 1 4 5"),
    ]

    @Test(arguments: cases)
    func formatFollowsTheReferenceLayout(_ testCase: LayoutCase) {
        #expect(testCase.time.format(testCase.layout) == testCase.expected)
    }

    @Test func stringIsGoTimeString() {
        #expect(GoTime.zero.description == "0001-01-01 00:00:00 +0000 UTC")
        #expect(reference.description == "2006-01-02 15:04:05.123456789 +0000 UTC")
        #expect(Self.india.description == "2006-01-02 20:34:05 +0530 +0530")
    }
}

struct ParseCase: Sendable, CustomTestStringConvertible {
    var layout: String
    var value: String
    /// `Time.String()` of the result, or Go's error text.
    var expected: String
    var testDescription: String { "\(layout) <- \(value)" }

    init(_ layout: String, _ value: String, _ expected: String) {
        self.layout = layout
        self.value = value
        self.expected = expected
    }
}

@Suite struct GoTimeParseTests {
    static let cases: [ParseCase] = [
        .init("2006-01-02T15:04:05Z07:00", "2024-01-01T00:00:00Z", "2024-01-01 00:00:00 +0000 UTC"),
        .init("2006-01-02T15:04:05Z07:00", "2024-01-01T05:30:00+05:30", "2024-01-01 05:30:00 +0530 +0530"),
        .init("2006-01-02T15:04:05Z07:00", "2024-01-01T00:00:00+00:00", "2024-01-01 00:00:00 +0000 UTC"),
        .init("2006-01-02T15:04:05Z07:00", "2024-01-01T00:00:05.5Z", "2024-01-01 00:00:05.5 +0000 UTC"),
        .init(
            "2006-01-02T15:04:05.999999999Z07:00", "2024-01-01T10:20:30.123456789Z",
            "2024-01-01 10:20:30.123456789 +0000 UTC"),
        .init("15:04:05.999", "10:20:30.1234", "0000-01-01 10:20:30.1234 +0000 UTC"),
        .init("15:04:05.999", "10:20:30", "0000-01-01 10:20:30 +0000 UTC"),
        .init("15:04:05.000", "10:20:30.123", "0000-01-01 10:20:30.123 +0000 UTC"),
        .init(
            "15:04:05.000", "10:20:30.1234",
            "parsing time \"10:20:30.1234\": extra text: \"4\""),
        .init(
            "15:04:05.000", "10:20:30.12",
            "parsing time \"10:20:30.12\" as \"15:04:05.000\": cannot parse \".12\" as \".000\""),
        .init("2006-01-02 15:04:05 MST", "2024-01-01 00:00:00 XYZ", "2024-01-01 00:00:00 +0000 XYZ"),
        .init("2006-01-02 15:04:05 MST", "2024-01-01 00:00:00 UTC", "2024-01-01 00:00:00 +0000 UTC"),
        .init("2006-01-02", "2024-02-30", "parsing time \"2024-02-30\": day out of range"),
        .init("2006-01-02", "2024-13-01", "parsing time \"2024-13-01\": month out of range"),
        .init(
            "2006-01-02", "24-01-01",
            "parsing time \"24-01-01\" as \"2006-01-02\": cannot parse \"24-01-01\" as \"2006\""),
        .init("2006-01-02", "2024-01-01x", "parsing time \"2024-01-01x\": extra text: \"x\""),
        .init("Jan _2 2006", "Feb  3 2024", "2024-02-03 00:00:00 +0000 UTC"),
        .init("January 2, 2006", "march 5, 2024", "2024-03-05 00:00:00 +0000 UTC"),
        .init("Mon Jan 2 2006", "Tue Mar 5 2024", "2024-03-05 00:00:00 +0000 UTC"),
        .init("3:04PM", "1:30PM", "0000-01-01 13:30:00 +0000 UTC"),
        .init("3:04PM", "12:30AM", "0000-01-01 00:30:00 +0000 UTC"),
        .init("06-01-02", "69-01-02", "1969-01-02 00:00:00 +0000 UTC"),
        .init("06-01-02", "68-01-02", "2068-01-02 00:00:00 +0000 UTC"),
        .init("2006-002", "2024-060", "2024-02-29 00:00:00 +0000 UTC"),
        .init("2006-01-02 -0700", "2024-01-01 -0800", "2024-01-01 00:00:00 -0800 -0800"),
        .init("15:04", "25:00", "parsing time \"25:00\": hour out of range"),
        .init("2006 MST", "2024 GMT+3", "2024-01-01 03:00:00 +0300 GMT+3"),
    ]

    @Test(arguments: cases)
    func parseMatchesGo(_ testCase: ParseCase) {
        let result: String
        do {
            result = try GoTimeParser.parse(testCase.layout, testCase.value, in: utc, local: utc).description
        } catch {
            result = error.description
        }
        #expect(result == testCase.expected)
    }

    @Test func parsedInstantIsTheUnixSecond() throws {
        let time = try GoTimeParser.parse("2006-01-02T15:04:05Z07:00", "2024-01-01T05:30:00+05:30", in: utc, local: utc)
        #expect(time.seconds == 1_704_067_200)
        #expect(time.zoneOffset == 19_800)
    }

    @Test func zonelessLayoutUsesTheLocationGiven() throws {
        let cet = GoTimeParser.Zone(name: "CET", offset: 3600)
        let time = try GoTimeParser.parse("2006-01-02 15:04", "2024-01-01 12:00", in: cet, local: cet)
        #expect(time.seconds == 1_704_067_200 + 11 * 3600)
        #expect(time.description == "2024-01-01 12:00:00 +0100 CET")
    }

    @Test func offsetOfTheLocalZoneTakesItsName() throws {
        let cet = GoTimeParser.Zone(name: "CET", offset: 3600)
        let time = try GoTimeParser.parse("2006-01-02T15:04:05Z07:00", "2024-01-01T12:00:00+01:00", in: cet, local: cet)
        #expect(time.zoneName == "CET")
    }
}

@Suite struct GoDurationTests {
    @Test(arguments: [
        (Int64(0), "0s"), (1_500_000_000, "1.5s"), (90_000_000_000, "1m30s"), (3_600_000_000_000, "1h0m0s"),
        (1_000_000, "1ms"), (1_500, "1.5\u{B5}s"), (100, "100ns"), (-90_000_000_000, "-1m30s"),
        (9_015_500_000_000, "2h30m15.5s"),
    ])
    func durationStringIsGos(_ nanoseconds: Int64, _ expected: String) {
        #expect(GoDuration.format(nanoseconds) == expected)
    }

    @Test(arguments: [
        ("1h30m", Int64?(5_400_000_000_000)), ("1.5h", 5_400_000_000_000), ("-1.5s", -1_500_000_000),
        ("300ms", 300_000_000), (".5s", 500_000_000), ("0", 0), ("+2m", 120_000_000_000),
        ("1d", nil), ("", nil), ("1", nil), ("soon", nil), ("+1d", nil),
    ])
    func parseDurationAcceptsGoSyntaxOnly(_ text: String, _ expected: Int64?) {
        #expect(GoDuration.parse(text) == expected)
    }

    @Test func roundGoesHalfAwayFromZero() {
        #expect(GoDuration.round(1_500_000_000, to: 1_000_000_000) == 2_000_000_000)
        #expect(GoDuration.round(1_499_999_999, to: 1_000_000_000) == 1_000_000_000)
        #expect(GoDuration.round(-1_500_000_000, to: 1_000_000_000) == -2_000_000_000)
    }
}
