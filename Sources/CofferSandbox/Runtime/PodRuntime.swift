import CofferCore
import CofferKubeAPI
import Foundation

/// Runs what a pod would run. The sandbox runs no images: commands run on this host.
protocol PodRuntime: Sendable {
    /// Starts `command` in `pod`'s `container`; `output` receives (1 stdout | 2 stderr, bytes), `exited` the
    /// exit code once both streams ended.
    func exec(
        pod: Value, container: String, command: [String],
        output: @escaping @Sendable (UInt8, [UInt8]) -> Void, exited: @escaping @Sendable (Int32) -> Void
    ) throws -> any ExecSession

    /// Runs the container's command as the pod's main process, logging to the pod's log file.
    func run(pod: Value, container: String, exited: @escaping @Sendable (Int32) -> Void) throws

    /// Stops what runs for the pod, if anything.
    func stop(namespace: String, pod: String)

    /// What the container printed.
    func logs(namespace: String, pod: String, container: String) -> [UInt8]
}

/// A running exec: its stdin, until closed.
protocol ExecSession: Sendable {
    func writeStdin(_ bytes: [UInt8])
    func closeStdin()
    func terminate()
}
