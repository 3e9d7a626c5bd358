import CofferCore
import Foundation
import Testing

@testable import CofferSandbox

@Suite struct CronScheduleTests {
    static func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }  // literal, valid

    @Test(arguments: [
        ("*/15 * * * *", "2026-01-05T10:30:00Z", true),
        ("*/15 * * * *", "2026-01-05T10:31:00Z", false),
        ("0 2 * * *", "2026-01-05T02:00:00Z", true),
        ("0 2 * * 1-5", "2026-01-04T02:00:00Z", false),  // a Sunday
        ("0 2 * * 1-5", "2026-01-05T02:00:00Z", true),  // a Monday
        ("@hourly", "2026-01-05T07:00:00Z", true),
        ("0 0 1,15 * *", "2026-01-15T00:00:00Z", true),
    ])
    func scheduleMatchesTheMinutesItNames(_ schedule: String, _ time: String, _ expected: Bool) throws {
        let parsed = try #require(CronSchedule(schedule))
        #expect(parsed.matches(Self.utc(time)) == expected)
    }

    @Test(arguments: ["* * * *", "61 * * * *", "*/0 * * * *", "a b c d e"])
    func malformedSchedulesAreRefused(_ schedule: String) {
        #expect(CronSchedule(schedule) == nil)
    }

    @Test func latestFiringIsTheNewestMinuteInTheWindow() throws {
        let schedule = try #require(CronSchedule("*/10 * * * *"))
        #expect(
            schedule.latest(after: Self.utc("2026-01-05T10:00:00Z"), until: Self.utc("2026-01-05T10:25:30Z"))
                == Self.utc("2026-01-05T10:20:00Z"))
        #expect(
            schedule.latest(after: Self.utc("2026-01-05T10:20:00Z"), until: Self.utc("2026-01-05T10:25:00Z")) == nil)
    }

    @Test func dueCronJobStartsAnOwnedJob() async throws {
        let sandbox = try await SandboxHarness.start()
        defer { Task { try? await sandbox.stop() } }
        try sandbox.kubectlOK(["create", "cronjob", "nightly", "--image=busybox", "--schedule=* * * * *", "--", "true"])
        sandbox.server.api.runCronJobs(now: Date().addingTimeInterval(120))
        let jobs = try sandbox.kubectlJSON(["get", "jobs"])["items"]?.arrayValue ?? []
        #expect(jobs.count == 1)
        #expect(jobs.first?["metadata"]?["ownerReferences"]?.arrayValue?.first?["name"] == "nightly")
        #expect(try sandbox.kubectlJSON(["get", "cronjob", "nightly"])["status"]?["lastScheduleTime"] != nil)
    }
}
