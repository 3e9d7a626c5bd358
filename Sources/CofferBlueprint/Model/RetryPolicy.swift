/// How often Coffer runs a failing phase before giving up, and how long it waits in between.
public struct RetryPolicy: Hashable, Sendable {
    /// The delay used when an annotation gives no `backoff`.
    public static let defaultBackoff: Duration = .seconds(1)

    /// How many times the phase runs at most, the first run included; at least 1.
    public var attempts: Int
    /// How long to wait before each further attempt.
    public var backoff: Duration

    public init(attempts: Int, backoff: Duration = RetryPolicy.defaultBackoff) {
        self.attempts = attempts
        self.backoff = backoff
    }
}

/// Coffer's per-phase settings; Kanister has neither.
public struct PhaseOptions: Hashable, Sendable {
    /// The longest one attempt of the phase may run.
    public var timeout: Duration?
    /// Whether and how a failed phase is run again.
    public var retry: RetryPolicy?

    public init(timeout: Duration? = nil, retry: RetryPolicy? = nil) {
        self.timeout = timeout
        self.retry = retry
    }
}
