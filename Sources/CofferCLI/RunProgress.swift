#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import CofferBlueprint
import CofferCore
import Synchronization

/// Shows a run's progress: JSON event lines on stdout (`-o json`), a live line on a terminal, or plain
/// lines on stderr otherwise.
///
/// Events arrive from the runner's tasks; the state sits behind a mutex so the terminal's once-a-second
/// redraw sees a consistent phase, start time and wait.
final class RunProgress: Sendable {
    private struct State {
        var phase = ""
        var function = ""
        var waitingFor: String?
        var phaseStart = ContinuousClock.now
        var ticker: Task<Void, Never>?
    }

    private let json: Bool
    private let live: Bool
    private let state = Mutex(State())

    /// A reporter for `-o json` (`json`) or human progress; live when stderr is a terminal.
    init(json: Bool) {
        self.json = json
        self.live = !json && isatty(STDERR_FILENO) == 1
    }

    /// Shows `event`.
    func report(_ event: RunEvent) {
        if json {
            Self.writeLine(event.value.jsonString(sortedKeys: true))
            return
        }
        let line: String? = state.withLock { state in
            switch event {
            case .runStarted(let id, let action):
                return "run \(id): \(action)"
            case .phaseSkipped(let phase):
                return "phase \(phase): completed earlier, skipped"
            case .phaseStarted(let phase, let function, let attempt):
                state.phase = phase
                state.function = function
                state.waitingFor = nil
                state.phaseStart = .now
                return "phase \(phase) (\(function)): started" + (attempt > 1 ? ", attempt \(attempt)" : "")
            case .phaseWaiting(let phase, let what):
                state.waitingFor = what
                return "phase \(phase): waiting for \(what)"
            case .phaseRetrying(let phase, let next, let after, let error):
                return "phase \(phase): \(error); attempt \(next) in \(GoDuration.format(after))"
            case .phaseFinished(let phase, let result, let error):
                state.phase = ""
                state.waitingFor = nil
                return "phase \(phase): \(result.rawValue)" + (error.map { ": \($0)" } ?? "")
            case .runFinished(let id, let result, _):
                state.ticker?.cancel()
                state.ticker = nil
                return "run \(id): \(result.rawValue)"
            }
        }
        guard let line else { return }
        if live {
            // Finished steps scroll up as plain lines; the bottom line shows the phase, its time and its wait.
            Self.write("\r\u{1B}[2K" + line + "\n")
            if case .runFinished = event { return }
            redraw()
            startTicker()
        } else {
            Self.write(line + "\n")
        }
    }

    private func redraw() {
        let text: String = state.withLock { state in
            guard !state.phase.isEmpty else { return "" }
            let seconds = (ContinuousClock.now - state.phaseStart).components.seconds
            return "\(state.phase) (\(state.function)) \(seconds)s"
                + (state.waitingFor.map { ": waiting for \($0)" } ?? "")
        }
        Self.write("\r\u{1B}[2K" + text)
    }

    private func startTicker() {
        state.withLock { state in
            guard state.ticker == nil else { return }
            state.ticker = Task { [weak self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(1))
                    guard let self, !Task.isCancelled else { return }
                    self.redraw()
                }
            }
        }
    }

    private static func write(_ text: String) {
        fputs(text, stderr)
        fflush(stderr)
    }

    /// Writes one line to stdout at once, so a reader sees each event as it happens.
    static func writeLine(_ text: String) {
        fputs(text + "\n", stdout)
        fflush(stdout)
    }
}
