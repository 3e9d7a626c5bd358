public import CofferCore

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

extension RunEvent {
    /// The event as one `-o json` event line's object: `{"event": "phaseStarted", "phase": ..., ...}`.
    public var value: Value {
        func object(_ event: String, _ fields: [(String, Value?)]) -> Value {
            .object(ValueMap([("event", .string(event))] + fields.compactMap { key, value in value.map { (key, $0) } }))
        }
        func text(_ string: String?) -> Value? { string.map { .string($0) } }
        switch self {
        case .runStarted(let id, let action): return object("runStarted", [("id", text(id)), ("action", text(action))])
        case .phaseSkipped(let phase): return object("phaseSkipped", [("phase", text(phase))])
        case .phaseStarted(let phase, let function, let attempt):
            return object(
                "phaseStarted", [("phase", text(phase)), ("func", text(function)), ("attempt", .int(Int64(attempt)))])
        case .phaseWaiting(let phase, let what):
            return object("phaseWaiting", [("phase", text(phase)), ("for", text(what))])
        case .phaseRetrying(let phase, let nextAttempt, let after, let error):
            return object(
                "phaseRetrying",
                [
                    ("phase", text(phase)), ("nextAttempt", .int(Int64(nextAttempt))),
                    ("after", text(GoDuration.format(after))), ("error", text(error)),
                ])
        case .phaseFinished(let phase, let state, let error):
            return object(
                "phaseFinished", [("phase", text(phase)), ("state", text(state.rawValue)), ("error", text(error))])
        case .runFinished(let id, let state, let error):
            return object("runFinished", [("id", text(id)), ("state", text(state.rawValue)), ("error", text(error))])
        }
    }
}
