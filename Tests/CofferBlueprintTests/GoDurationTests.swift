import Testing

@testable import CofferBlueprint

@Suite struct GoDurationTests {
    @Test(arguments: [
        ("90s", Duration.seconds(90)), ("5m", .seconds(300)), ("1h30m", .seconds(5400)), ("1.5h", .seconds(5400)),
        ("300ms", .milliseconds(300)), ("2us", .microseconds(2)), ("2µs", .microseconds(2)), ("7ns", .nanoseconds(7)),
        ("-2m", .seconds(-120)), ("+3s", .seconds(3)), ("0", .zero), ("1h2m3.5s", .milliseconds(3_723_500)),
        (".5s", .milliseconds(500)), ("1.s", .seconds(1)),
    ])
    func parsesGoDurations(text: String, expected: Duration) {
        #expect(GoDuration.parse(text) == expected)
    }

    @Test(arguments: ["", "5", "5 m", "m", "1d", "1h 30m", ".s", "-", "99999999999999999999h", "1.5.5s"])
    func rejectsWhatGoRejects(text: String) {
        #expect(GoDuration.parse(text) == nil)
    }

    @Test(arguments: [
        (Duration.seconds(5400), "1h30m0s"), (.seconds(90), "1m30s"), (.milliseconds(1500), "1.5s"),
        (.milliseconds(300), "300ms"), (.zero, "0s"), (.seconds(-5), "-5s"), (.microseconds(2), "2µs"),
    ])
    func formatsAsGoDoes(duration: Duration, expected: String) {
        #expect(GoDuration.format(duration) == expected)
    }
}
