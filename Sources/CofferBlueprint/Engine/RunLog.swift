public import CofferCore
import Synchronization

/// One line of a run's log: what a phase's command printed, or what the engine did.
public struct RunLogLine: Sendable, Equatable {
    /// Where a line came from.
    public enum Stream: String, Sendable {
        case stdout, stderr
        /// The engine's own account: phases starting, waiting, retrying, finishing.
        case coffer
    }

    /// When the line was complete (RFC 3339).
    public var time: String
    public var phase: String
    public var attempt: Int
    public var stream: Stream
    /// The pod (and container) that printed it; `nil` for the engine's lines.
    public var source: String?
    /// The line without its newline, secrets already redacted.
    public var text: String

    public init(time: String, phase: String, attempt: Int, stream: Stream, source: String? = nil, text: String) {
        self.time = time
        self.phase = phase
        self.attempt = attempt
        self.stream = stream
        self.source = source
        self.text = text
    }

    /// The line as one `-o json` object.
    public var value: Value {
        var map = ValueMap()
        map["time"] = .string(time)
        map["phase"] = .string(phase)
        map["attempt"] = .int(Int64(attempt))
        map["stream"] = .string(stream.rawValue)
        if let source { map["source"] = .string(source) }
        map["text"] = .string(text)
        return .object(map)
    }
}

/// Collects a run's log lines from callbacks on any thread, until the runner stores them.
///
/// Output arrives in chunks that split lines (and secrets) anywhere, so bytes are held per source until a
/// newline ends the line; only whole lines are redacted and kept. A phase attempt keeps at most
/// ``keptBytesPerAttempt``: a chatty dump must not fill the catalog.
final class RunLogBuffer: Sendable {
    /// The most log text one phase attempt keeps; later lines are counted, not kept.
    static let keptBytesPerAttempt = 4 << 20
    /// Longer lines are cut into pieces of this size.
    static let maximumLineLength = 64 << 10

    private struct Attempt: Hashable {
        var phase: String
        var attempt: Int
    }

    /// Where an unfinished line comes from.
    private struct Source: Hashable {
        var attempt: Attempt
        var name: String
        var stream: RunLogLine.Stream
    }

    private struct State {
        var lines: [RunLogLine] = []
        var partial: [Source: [UInt8]] = [:]
        var keptBytes: [Attempt: Int] = [:]
        var dropped: [Attempt: Int] = [:]
    }

    private let state = Mutex(State())
    private let now: @Sendable () -> String

    init(now: @escaping @Sendable () -> String) {
        self.now = now
    }

    /// Adds a line of the engine's own.
    func note(phase: String, attempt: Int, _ text: String) {
        let line = RunLogLine(time: now(), phase: phase, attempt: attempt, stream: .coffer, text: text)
        state.withLock { $0.lines.append(line) }
    }

    /// Adds output bytes; complete lines are redacted with `redactor` and kept.
    func output(
        phase: String, attempt: Int, stream: ExecStream, source: String, bytes: [UInt8], redactor: Redactor
    ) {
        let key = Source(
            attempt: Attempt(phase: phase, attempt: attempt), name: source, stream: stream == .stdout ? .stdout : .stderr)
        let time = now()
        state.withLock { state in
            var pending = state.partial[key, default: []]
            pending += bytes
            var start = 0
            var index = 0
            while index < pending.count {
                let endsLine = pending[index] == UInt8(ascii: "\n")
                if endsLine || index - start + 1 >= Self.maximumLineLength {
                    let text = String(decoding: pending[start..<(endsLine ? index : index + 1)], as: UTF8.self)
                    Self.keep(&state, key, text: redactor.redact(text), time: time)
                    start = index + 1
                }
                index += 1
            }
            state.partial[key] = start == 0 ? pending : Array(pending[start...])
        }
    }

    /// Ends the attempt's output: a last line without a newline is kept, dropped lines are counted.
    func finish(phase: String, attempt: Int, redactor: Redactor) {
        let ending = Attempt(phase: phase, attempt: attempt)
        let time = now()
        state.withLock { state in
            let unfinished = state.partial.keys.filter { $0.attempt == ending }
                .sorted { ($0.name, $0.stream.rawValue) < ($1.name, $1.stream.rawValue) }
            for key in unfinished {
                let bytes = state.partial.removeValue(forKey: key) ?? []
                guard !bytes.isEmpty else { continue }
                Self.keep(&state, key, text: redactor.redact(String(decoding: bytes, as: UTF8.self)), time: time)
            }
            if let dropped = state.dropped.removeValue(forKey: ending) {
                state.lines.append(
                    RunLogLine(
                        time: time, phase: phase, attempt: attempt, stream: .coffer,
                        text: "\(dropped) more lines of output were not kept (over \(Self.keptBytesPerAttempt >> 20) MiB)"
                    ))
            }
        }
    }

    /// The lines gathered since the last call, oldest first.
    func drain() -> [RunLogLine] {
        state.withLock { state in
            defer { state.lines.removeAll() }
            return state.lines
        }
    }

    private static func keep(_ state: inout State, _ source: Source, text: String, time: String) {
        let size = text.utf8.count + 1
        if state.keptBytes[source.attempt, default: 0] + size > keptBytesPerAttempt {
            state.dropped[source.attempt, default: 0] += 1
            return
        }
        state.keptBytes[source.attempt, default: 0] += size
        state.lines.append(
            RunLogLine(
                time: time, phase: source.attempt.phase, attempt: source.attempt.attempt, stream: source.stream,
                source: source.name, text: text))
    }
}

/// The log of one phase attempt, as functions see it.
struct PhaseLog: Sendable {
    let buffer: RunLogBuffer
    let phase: String
    let attempt: Int
    let redactor: Redactor

    func output(_ stream: ExecStream, _ bytes: [UInt8], from source: String) {
        buffer.output(phase: phase, attempt: attempt, stream: stream, source: source, bytes: bytes, redactor: redactor)
    }

    func note(_ text: String) {
        buffer.note(phase: phase, attempt: attempt, redactor.redact(text))
    }

    func finish() {
        buffer.finish(phase: phase, attempt: attempt, redactor: redactor)
    }
}
