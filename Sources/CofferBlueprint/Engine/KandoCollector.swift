import Synchronization

/// Feeds exec output to a ``KandoOutput`` from the client's callback, which may run on any thread.
final class KandoCollector: Sendable {
    private let state = Mutex<(output: KandoOutput, stderr: [UInt8])>((KandoOutput(), []))

    func feed(_ stream: ExecStream, _ bytes: [UInt8]) {
        state.withLock { state in
            switch stream {
            case .stdout: state.output.feed(bytes)
            case .stderr:
                state.stderr += bytes
                if state.stderr.count > 4096 { state.stderr.removeFirst(state.stderr.count - 4096) }
            }
        }
    }

    /// The parsed output and the tail of stderr.
    func finish() -> (KandoOutput, String) {
        state.withLock { state in
            state.output.finish()
            return (state.output, String(decoding: state.stderr, as: UTF8.self))
        }
    }
}
