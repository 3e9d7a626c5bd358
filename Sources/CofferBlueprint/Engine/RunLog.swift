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

    private struct State {
        var lines: [RunLogLine] = []
        var partial: [String: [UInt8]] = [:]
        var keptBytes: [String: Int] = [:]
        var dropped: [String: Int] = [:]
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
        let logStream: RunLogLine.Stream = stream == .stdout ? .stdout : .stderr
        let key = "\(phase)\u{0}\(attempt)\u{0}\(source)\u{0}\(logStream.rawValue)"
        let time = now()
        state.withLock { state in
            var pending = state.partial[key, default: []]
            pending += bytes
            var start = 0
            var index = 0
            func keep(_ end: Int) {
                let text = String(decoding: pending[start..<end], as: UTF8.self)
                Self.keep(
                    &state, key: "\(phase)\u{0}\(attempt)",
                    RunLogLine(
                        time: time, phase: phase, attempt: attempt, stream: logStream, source: source,
                        text: redactor.redact(text)))
            }
            while index < pending.count {
                if pending[index] == UInt8(ascii: "\n") {
                    keep(index)
                    start = index + 1
                } else if index - start + 1 >= Self.maximumLineLength {
                    keep(index + 1)
                    start = index + 1
                }
                index += 1
            }
            state.partial[key] = start == 0 ? pending : Array(pending[start...])
        }
    }

    /// Ends the attempt's output: a last line without a newline is kept, dropped lines are counted.
    func finish(phase: String, attempt: Int, redactor: Redactor) {
        let prefix = "\(phase)\u{0}\(attempt)\u{0}"
        let time = now()
        state.withLock { state in
            for key in state.partial.keys.sorted() where key.hasPrefix(prefix) {
                let bytes = state.partial.removeValue(forKey: key) ?? []
                guard !bytes.isEmpty else { continue }
                let parts = key.split(separator: "\u{0}", omittingEmptySubsequences: false)
                let stream = RunLogLine.Stream(rawValue: String(parts[3])) ?? .stdout
                Self.keep(
                    &state, key: "\(phase)\u{0}\(attempt)",
                    RunLogLine(
                        time: time, phase: phase, attempt: attempt, stream: stream, source: String(parts[2]),
                        text: redactor.redact(String(decoding: bytes, as: UTF8.self))))
            }
            if let dropped = state.dropped.removeValue(forKey: "\(phase)\u{0}\(attempt)") {
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

    private static func keep(_ state: inout State, key: String, _ line: RunLogLine) {
        let size = line.text.utf8.count + 1
        if state.keptBytes[key, default: 0] + size > keptBytesPerAttempt {
            state.dropped[key, default: 0] += 1
            return
        }
        state.keptBytes[key, default: 0] += size
        state.lines.append(line)
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
