import Synchronization

/// Where a transfer's answer goes; called only on the curl thread, in order: head, chunks, completion.
protocol TransferSink: AnyObject, Sendable {
    func receiveHead(_ head: HTTPResponseHead)
    /// Takes one body chunk; `false` aborts the transfer (the consumer went away).
    func receive(_ bytes: UnsafeRawBufferPointer) -> Bool
    /// Called exactly once; `nil` means the body ended normally.
    func complete(_ error: KubeError?)
}

/// The flag cancellation flips from any thread and the curl thread polls.
final class CancelFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    var isSet: Bool { flag.load(ordering: .acquiring) }
    func set() { flag.store(true, ordering: .releasing) }
}

/// Collects a whole answer and resumes one continuation with it.
final class BufferedSink: TransferSink, @unchecked Sendable {
    // @unchecked: `head` and `body` are touched only on the curl thread; the continuation is resumed once,
    // from `complete`, after which nothing touches them.
    private var head: HTTPResponseHead?
    private var body: [UInt8] = []
    private let continuation: CheckedContinuation<HTTPResponse, any Error>

    init(_ continuation: CheckedContinuation<HTTPResponse, any Error>) {
        self.continuation = continuation
    }

    func receiveHead(_ head: HTTPResponseHead) { self.head = head }

    func receive(_ bytes: UnsafeRawBufferPointer) -> Bool {
        body.append(contentsOf: bytes)
        return true
    }

    func complete(_ error: KubeError?) {
        if let error {
            continuation.resume(throwing: error)
        } else if let head {
            continuation.resume(returning: HTTPResponse(statusCode: head.statusCode, headers: head.headers, body: body))
        } else {
            continuation.resume(throwing: KubeError(.transport, "the server closed the connection without an answer"))
        }
    }
}

/// Hands the head to one continuation, then streams body chunks to an `AsyncThrowingStream`.
final class StreamingSink: TransferSink, @unchecked Sendable {
    // @unchecked: `headContinuation` is read and cleared only on the curl thread; `chunks` is itself Sendable.
    private var headContinuation: CheckedContinuation<HTTPResponseHead, any Error>?
    private let chunks: AsyncThrowingStream<[UInt8], any Error>.Continuation
    private let consumerGone = Atomic<Bool>(false)

    init(
        head: CheckedContinuation<HTTPResponseHead, any Error>,
        chunks: AsyncThrowingStream<[UInt8], any Error>.Continuation
    ) {
        self.headContinuation = head
        self.chunks = chunks
    }

    /// Marks the stream abandoned, so the next chunk aborts the transfer.
    func abandon() { consumerGone.store(true, ordering: .releasing) }

    func receiveHead(_ head: HTTPResponseHead) {
        headContinuation?.resume(returning: head)
        headContinuation = nil
    }

    func receive(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if consumerGone.load(ordering: .acquiring) { return false }
        if case .terminated = chunks.yield(Array(bytes)) { return false }
        return true
    }

    func complete(_ error: KubeError?) {
        if let headContinuation {
            headContinuation.resume(
                throwing: error ?? KubeError(.transport, "the server closed the connection without an answer"))
            self.headContinuation = nil
        }
        chunks.finish(throwing: error)
    }
}
