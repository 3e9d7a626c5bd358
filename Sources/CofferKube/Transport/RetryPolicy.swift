import Foundation

/// When and how long to wait before trying a failed request again.
///
/// Requests that change nothing on the server (GET, HEAD, PUT with its resourceVersion, DELETE) are retried
/// after connection failures, 429 and 5xx. Others (POST, PATCH) only when the server cannot have acted on
/// them: a refused connection, or 429, which the API server answers before doing anything. So a create is
/// never sent twice after it may have succeeded.
public struct RetryPolicy: Sendable, Hashable {
    /// Retries after the first attempt; 0 disables retrying.
    public var maxRetries: Int
    /// The first backoff; each retry doubles it, up to ``maxDelay``.
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// Whether to pick each delay uniformly between half and all of the backoff, so clients spread out.
    public var jitter: Bool

    public init(
        maxRetries: Int = 5, baseDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(5),
        jitter: Bool = true
    ) {
        self.maxRetries = maxRetries
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.jitter = jitter
    }

    /// Never retry.
    public static let none = RetryPolicy(maxRetries: 0)

    /// What went wrong with one attempt.
    enum Failure: Sendable {
        /// The connection could not be made: the request never reached the server.
        case connectionRefused
        /// The connection broke or timed out: the request may or may not have been acted on.
        case connectionLost
        /// The server answered with `statusCode`, maybe asking to wait `retryAfter`.
        case status(Int, retryAfter: Duration?)
    }

    /// How long to wait before attempt `attempt + 1` (attempts count from 0), or `nil` to give up.
    func delay(method: String, failure: Failure, attempt: Int, random: Double = Double.random(in: 0...1)) -> Duration? {
        guard attempt < maxRetries else { return nil }
        let idempotent = ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"].contains(method)
        var serverDelay: Duration?
        switch failure {
        case .connectionRefused:
            break
        case .connectionLost:
            guard idempotent else { return nil }
        case .status(let code, let retryAfter):
            guard code == 429 || (idempotent && [500, 502, 503, 504].contains(code)) else { return nil }
            serverDelay = retryAfter
        }
        let shift = min(attempt, 30)
        var backoff = baseDelay * (1 << shift)
        if backoff > maxDelay { backoff = maxDelay }
        if jitter { backoff = backoff * (0.5 + 0.5 * random) }
        if let serverDelay {
            // Retry-After is the server's floor; never wait less, but cap a silly value.
            return min(max(serverDelay, backoff), .seconds(60))
        }
        return backoff
    }

    /// The delay a `Retry-After` header asks for: whole seconds, as the API server sends it.
    static func retryAfter(_ header: String?) -> Duration? {
        guard let header, let seconds = Int(header.trimmingCharacters(in: .whitespaces)), seconds >= 0 else {
            return nil
        }
        return .seconds(seconds)
    }
}
