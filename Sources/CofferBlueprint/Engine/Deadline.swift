/// Runs `body`, cancelling it and throwing ``BlueprintError/Code/timedOut`` when `limit` passes first.
///
/// The body is cancelled, not abandoned: this returns only after it has finished its cleanup. When the
/// body failed by a time limit of its own in the same moment (a busy machine resumes both timers
/// together), its error wins: it names what was being awaited.
func withTimeLimit<T: Sendable>(
    _ limit: Duration?, _ describe: @autoclosure () -> String, reporting reported: Duration? = nil,
    _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    guard let limit else { return try await body() }
    let outcome = await withTaskGroup(of: TimeLimitOutcome<T>.self) { group in
        group.addTask {
            do { return .finished(try await body()) } catch { return .failed(error) }
        }
        group.addTask {
            do {
                try await Task.sleep(for: limit)
                return .expired
            } catch {
                return .failed(error)
            }
        }
        let first = await group.next() ?? .expired
        group.cancelAll()
        guard case .expired = first else { return first }
        while let other = await group.next() {
            if case .failed(let error as BlueprintError) = other, error.code == .timedOut { return other }
        }
        return .expired
    }
    switch outcome {
    case .finished(let value): return value
    case .failed(let error): throw error
    case .expired:
        throw BlueprintError(.timedOut, "\(describe()) timed out after \(GoDuration.format(reported ?? limit))")
    }
}

private enum TimeLimitOutcome<T: Sendable>: Sendable {
    case finished(T)
    case failed(any Error)
    case expired
}
