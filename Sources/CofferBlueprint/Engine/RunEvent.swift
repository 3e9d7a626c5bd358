/// Progress of a run, for the CLI's live display and `-o json` event lines.
public enum RunEvent: Sendable, Equatable {
    case runStarted(id: String, action: String)
    /// A phase completed in an earlier attempt of a resumed run and is not run again.
    case phaseSkipped(phase: String)
    case phaseStarted(phase: String, function: String, attempt: Int)
    /// The phase is blocked on something outside Coffer (a pod starting, a condition holding).
    case phaseWaiting(phase: String, what: String)
    case phaseRetrying(phase: String, nextAttempt: Int, after: Duration, error: String)
    case phaseFinished(phase: String, state: PhaseState, error: String?)
    case runFinished(id: String, state: RunState, error: String?)
}
