#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization

/// SIGINT and SIGTERM handling: the first signal cancels the work, a second exits at once.
enum Interrupt {
    private static let count = Atomic<Int>(0)
    // Kept alive for the process's lifetime; only touched while installing, which happens once at start.
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    /// Whether a signal has arrived.
    static var received: Bool { count.load(ordering: .acquiring) > 0 }

    /// Calls `handler` on the first SIGINT or SIGTERM; exits with 130 on the second.
    static func onFirst(_ handler: @escaping @Sendable () -> Void) {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                let previous = count.add(1, ordering: .acquiringAndReleasing).oldValue
                if previous == 0 { handler() } else { exit(130) }
            }
            source.resume()
            sources.append(source)
        }
    }
}
