/// Runs `body`, cancelling it and throwing ``BlueprintError/Code/timedOut`` when `limit` passes first.
///
/// The body is cancelled, not abandoned: this returns only after it has finished its cleanup.
func withTimeLimit<T: Sendable>(
    _ limit: Duration?, _ describe: @autoclosure () -> String, reporting reported: Duration? = nil,
    _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    guard let limit else { return try await body() }
    let outcome = try await withThrowingTaskGroup(of: TimeLimitOutcome<T>.self) { group in
        group.addTask { .finished(try await body()) }
        group.addTask {
            try await Task.sleep(for: limit)
            return .expired
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { return TimeLimitOutcome<T>.expired }
        return first
    }
    switch outcome {
    case .finished(let value): return value
    case .expired:
        throw BlueprintError(.timedOut, "\(describe()) timed out after \(GoDuration.format(reported ?? limit))")
    }
}

private enum TimeLimitOutcome<T: Sendable>: Sendable {
    case finished(T)
    case expired
}
