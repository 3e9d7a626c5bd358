import Synchronization

/// Collects an exec's output from the client's callback, which may run on any thread.
final class ExecBuffers: Sendable {
    private let buffers = Mutex<(stdout: [UInt8], stderr: [UInt8])>(([], []))

    func append(_ stream: ExecStream, _ bytes: [UInt8]) {
        buffers.withLock { buffers in
            switch stream {
            case .stdout: buffers.stdout += bytes
            case .stderr: buffers.stderr += bytes
            }
        }
    }

    var contents: (stdout: [UInt8], stderr: [UInt8]) { buffers.withLock { $0 } }
}
