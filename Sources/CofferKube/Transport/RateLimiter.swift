import Synchronization

/// A client-side limit on request rate, as client-go's `QPS` and `Burst`.
public struct RateLimit: Sendable, Hashable {
    /// Sustained requests per second; 0 or less disables the limit.
    public var qps: Double
    /// Requests allowed at once before the sustained rate applies.
    public var burst: Int

    public init(qps: Double, burst: Int) {
        self.qps = qps
        self.burst = max(1, burst)
    }

    /// 50 requests per second, bursts of 100: kubectl's defaults, generous enough for blueprint phases and
    /// still gentle on a busy API server. (client-go's library defaults, 5 and 10, throttle a restore loop.)
    public static let `default` = RateLimit(qps: 50, burst: 100)
    /// No limit.
    public static let unlimited = RateLimit(qps: 0, burst: 1)
}

/// A token bucket shared by every request of one client; waiting happens in `Task.sleep`, never blocking.
final class RateLimiter: Sendable {
    private struct State {
        var tokens: Double
        var last: ContinuousClock.Instant
    }
    private let limit: RateLimit
    private let state: Mutex<State>

    init(_ limit: RateLimit, now: ContinuousClock.Instant = .now) {
        self.limit = limit
        self.state = Mutex(State(tokens: Double(limit.burst), last: now))
    }

    /// Takes one token and says how long to wait before using it; tokens may go negative, so waiters queue.
    func reserve(now: ContinuousClock.Instant) -> Duration {
        guard limit.qps > 0 else { return .zero }
        return state.withLock { state in
            let elapsed = now - state.last
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            state.tokens = min(Double(limit.burst), state.tokens + seconds * limit.qps)
            state.last = now
            state.tokens -= 1
            return state.tokens >= 0 ? .zero : .seconds(-state.tokens / limit.qps)
        }
    }

    /// Waits for a token.
    func acquire() async throws {
        let wait = reserve(now: .now)
        if wait > .zero { try await Task.sleep(for: wait) }
    }
}
