internal import CCofferCurl
import Foundation
import Synchronization

/// One thread driving every HTTP transfer through a libcurl multi handle.
///
/// libcurl blocks, and the cooperative pool has only as many threads as cores, so no curl call ever runs
/// there: async callers hand a request and a ``TransferSink`` to ``submit(_:sink:cancel:)``, which queues it
/// and wakes the thread with `curl_multi_wakeup`. The thread adds queued transfers, runs `curl_multi_perform`,
/// completes finished ones, drops cancelled ones, and sleeps in `curl_multi_poll`. The multi handle keeps
/// the connection cache, so connections (and HTTP/2 streams) are reused across requests.
final class CurlEngine: Sendable {
    /// The process-wide engine; its thread and multi handle live as long as the process.
    static let shared = CurlEngine()

    private struct Pending: Sendable {
        var request: HTTPRequest
        var sink: any TransferSink
        var cancel: CancelFlag
    }

    // nonisolated(unsafe): the multi handle is used only on the engine thread, except `curl_multi_wakeup`,
    // which libcurl documents as callable from any thread.
    nonisolated(unsafe) private let multi: UnsafeMutableRawPointer
    private let pending = Mutex<[Pending]>([])

    private init() {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        guard let multi = curl_multi_init() else {
            fatalError("libcurl could not create a multi handle")  // only out of memory; nothing to recover
        }
        self.multi = multi
        // libcurl's default cache (4 per added handle) evicts idle connections as soon as a burst of requests to
        // other servers ends; one process talks to few API servers, so keep plenty.
        _ = ccoffer_curl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, 256)
        let thread = Thread { [self] in self.run() }
        thread.name = "coffer-curl"
        thread.start()
    }

    /// Queues a transfer; the sink hears about it on the engine thread.
    func submit(_ request: HTTPRequest, sink: any TransferSink, cancel: CancelFlag) {
        pending.withLock { $0.append(Pending(request: request, sink: sink, cancel: cancel)) }
        curl_multi_wakeup(multi)
    }

    /// Wakes the engine so it notices a flipped cancel flag now rather than at its next poll timeout.
    func wake() {
        curl_multi_wakeup(multi)
    }

    // MARK: - Engine thread

    private func run() {
        var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
        while true {
            for job in pending.withLock({ queue in
                defer { queue = [] }
                return queue
            }) {
                if job.cancel.isSet {
                    job.sink.complete(
                        KubeError(.transport, "the request was cancelled", underlying: CancellationError()))
                    continue
                }
                do {
                    let transfer = try CurlTransfer(request: job.request, sink: job.sink, cancel: job.cancel)
                    curl_multi_add_handle(multi, transfer.handle)
                    active[transfer.handle] = transfer
                } catch {
                    job.sink.complete(error)
                }
            }
            for (handle, transfer) in active where transfer.cancel.isSet {
                curl_multi_remove_handle(multi, handle)
                active[handle] = nil
                transfer.finishCancelled()
            }
            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            var left: Int32 = 0
            while let message = curl_multi_info_read(multi, &left) {
                guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle else { continue }
                let result = message.pointee.data.result
                curl_multi_remove_handle(multi, handle)
                if let transfer = active.removeValue(forKey: handle) { transfer.finish(result) }
            }
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
    }
}

// MARK: - Async bridge

extension CurlEngine {
    /// Performs `request` and returns the whole answer, whatever its status.
    ///
    /// - Throws: ``KubeError`` with ``KubeError/Code/transport`` or ``KubeError/Code/timeout`` when no answer
    ///   arrived, or a `CancellationError` when the task was cancelled.
    func perform(_ request: HTTPRequest) async throws -> HTTPResponse {
        let cancel = CancelFlag()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                submit(request, sink: BufferedSink(continuation), cancel: cancel)
            }
        } onCancel: {
            cancel.set()
            wake()
        }
    }

    /// Starts `request` and returns its head once it arrives, with a stream of its body chunks.
    ///
    /// Ending iteration of the stream (or cancelling the iterating task) aborts the transfer.
    func stream(_ request: HTTPRequest) async throws -> (HTTPResponseHead, AsyncThrowingStream<[UInt8], any Error>) {
        let cancel = CancelFlag()
        let (chunks, chunkContinuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
        chunkContinuation.onTermination = { [self] termination in
            if case .cancelled = termination {
                cancel.set()
                wake()
            }
        }
        let head = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                submit(request, sink: StreamingSink(head: continuation, chunks: chunkContinuation), cancel: cancel)
            }
        } onCancel: {
            cancel.set()
            wake()
        }
        return (head, chunks)
    }
}
