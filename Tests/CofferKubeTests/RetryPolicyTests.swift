import CofferTestSupport
import Testing

@testable import CofferKube

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy(maxRetries: 3, baseDelay: .milliseconds(100), maxDelay: .seconds(1), jitter: false)

    @Test(arguments: ["GET", "PUT", "DELETE"])
    func idempotentVerbsRetryServerErrorsAndLostConnections(method: String) {
        #expect(policy.delay(method: method, failure: .status(503, retryAfter: nil), attempt: 0) == .milliseconds(100))
        #expect(policy.delay(method: method, failure: .connectionLost, attempt: 1) == .milliseconds(200))
    }

    @Test(arguments: ["POST", "PATCH"])
    func otherVerbsRetryOnlyWhatTheServerCannotHaveActedOn(method: String) {
        #expect(policy.delay(method: method, failure: .status(500, retryAfter: nil), attempt: 0) == nil)
        #expect(policy.delay(method: method, failure: .connectionLost, attempt: 0) == nil)
        #expect(policy.delay(method: method, failure: .status(429, retryAfter: nil), attempt: 0) != nil)
        #expect(policy.delay(method: method, failure: .connectionRefused, attempt: 0) != nil)
    }

    @Test func clientErrorsAreNeverRetried() {
        for code in [400, 401, 403, 404, 409, 410, 422] {
            #expect(policy.delay(method: "GET", failure: .status(code, retryAfter: nil), attempt: 0) == nil)
        }
    }

    @Test func backoffDoublesUpToTheCapAndStopsAfterMaxRetries() {
        #expect(policy.delay(method: "GET", failure: .connectionLost, attempt: 2) == .milliseconds(400))
        let capped = RetryPolicy(maxRetries: 10, baseDelay: .milliseconds(100), maxDelay: .seconds(1), jitter: false)
        #expect(capped.delay(method: "GET", failure: .connectionLost, attempt: 8) == .seconds(1))
        #expect(policy.delay(method: "GET", failure: .connectionLost, attempt: 3) == nil)
    }

    @Test func retryAfterIsAFloorOnTheDelay() {
        #expect(policy.delay(method: "GET", failure: .status(429, retryAfter: .seconds(3)), attempt: 0) == .seconds(3))
        #expect(policy.delay(method: "GET", failure: .status(429, retryAfter: .zero), attempt: 0) == .milliseconds(100))
        #expect(RetryPolicy.retryAfter("7") == .seconds(7))
        #expect(RetryPolicy.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT") == nil)
    }

    @Test func jitterStaysBetweenHalfAndAllOfTheBackoff() {
        let jittered = RetryPolicy(maxRetries: 3, baseDelay: .milliseconds(100), maxDelay: .seconds(1), jitter: true)
        #expect(jittered.delay(method: "GET", failure: .connectionLost, attempt: 0, random: 0) == .milliseconds(50))
        #expect(jittered.delay(method: "GET", failure: .connectionLost, attempt: 0, random: 1) == .milliseconds(100))
    }
}

@Suite struct RateLimiterTests {
    @Test func aBurstPassesThenRequestsWaitForTokens() {
        let start = ContinuousClock.now
        let limiter = RateLimiter(RateLimit(qps: 10, burst: 3), now: start)
        #expect((0..<3).map { _ in limiter.reserve(now: start) } == [.zero, .zero, .zero])
        #expect(limiter.reserve(now: start) == .milliseconds(100))
        #expect(limiter.reserve(now: start) == .milliseconds(200))
    }

    @Test func tokensRefillWithElapsedTimeUpToTheBurst() {
        let start = ContinuousClock.now
        let limiter = RateLimiter(RateLimit(qps: 10, burst: 2), now: start)
        _ = limiter.reserve(now: start)
        _ = limiter.reserve(now: start)
        #expect(limiter.reserve(now: start + .seconds(10)) == .zero)
        #expect(limiter.reserve(now: start + .seconds(10)) == .zero)
        #expect(limiter.reserve(now: start + .seconds(10)) == .milliseconds(100))
    }

    @Test func anUnlimitedLimiterNeverWaits() {
        let limiter = RateLimiter(.unlimited)
        #expect((0..<100).allSatisfy { _ in limiter.reserve(now: .now) == .zero })
    }
}
