import NIOCore
import NIOSSL
import Synchronization

/// The server's open connections, so that stopping can drain them: idle ones close at once, ones answering a
/// request close once the answer is sent, and watches and log streams are ended cleanly first.
///
/// Closing a TLS connection the usual way sends `close_notify` and then waits, up to NIOSSL's five-second
/// `shutdownTimeout`, for the client's; an idle keep-alive client (curl's pool, kubectl) is not reading and
/// never answers, so each idle connection held `stop()` for five seconds. ``closePromptly(_:)`` sends
/// `close_notify` and closes the socket without waiting, as Go's servers do.
final class OpenConnections: Sendable {
    /// The user event each connection's pipeline receives when the server stops.
    struct Drain: Sendable {}

    private struct State {
        var draining = false
        var channels: [ObjectIdentifier: any Channel] = [:]
    }
    private let state = Mutex(State())

    /// Tracks `channel` until it closes.
    /// - Returns: false when the server is already stopping; the caller closes the channel.
    func track(_ channel: any Channel) -> Bool {
        let id = ObjectIdentifier(channel)
        let accepted = state.withLock { state in
            guard !state.draining else { return false }
            state.channels[id] = channel
            return true
        }
        if accepted {
            channel.closeFuture.whenComplete { _ in _ = self.state.withLock { $0.channels.removeValue(forKey: id) } }
        }
        return accepted
    }

    /// Sends ``Drain`` to every connection and returns once all have closed; connections still open after
    /// `gracePeriod` (a client stalled mid-request) are closed outright.
    func drain(gracePeriod: TimeAmount) async {
        let channels = state.withLock { state in
            state.draining = true
            return Array(state.channels.values)
        }
        var stragglers: [Scheduled<Void>] = []
        for channel in channels {
            channel.pipeline.fireUserInboundEventTriggered(Drain())
            stragglers.append(
                channel.eventLoop.scheduleTask(in: gracePeriod) { Self.closeBelowTLS(channel) })
        }
        for channel in channels { try? await channel.closeFuture.get() }
        for straggler in stragglers { straggler.cancel() }
    }

    /// Sends `close_notify` after whatever is already written, then closes the socket without waiting for the
    /// client's `close_notify`. Call on the channel's event loop.
    static func closePromptly(_ channel: any Channel) {
        channel.close(mode: .output).whenComplete { _ in closeBelowTLS(channel) }
    }

    /// Closes the socket itself: a close issued from the TLS handler's context goes to the handlers below it,
    /// so the TLS handler does not start (or keep) waiting for the client.
    private static func closeBelowTLS(_ channel: any Channel) {
        guard let tls = try? channel.pipeline.syncOperations.context(handlerType: NIOSSLServerHandler.self) else {
            channel.close(promise: nil)
            return
        }
        tls.close(promise: nil)
    }
}
