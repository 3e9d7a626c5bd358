import Foundation
import NIOConcurrencyHelpers

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// A container's main process: started in a session of its own, so that when it ends everything it left
/// running ends too, as a container's processes do when its init process exits.
///
/// Foundation's `Process` cannot serve here: it notices an exit only once every process that inherited
/// its descriptors has closed them, so a command that leaves a daemon behind would never be seen to end.
/// One thread per process blocks in `waitpid` instead, off the cooperative pool.
final class ContainerProcess: Sendable {
    let pid: pid_t
    /// Set once the leader has ended and its session was killed, before it is reaped.
    private let ended = NIOLockedValueBox(false)

    /// glibc's `POSIX_SPAWN_SETSID`, which Swift's Glibc module does not export.
    private static let spawnSetSID: Int16 = 0x80

    /// Starts `arguments[0]` (a path) with `environment`, reading /dev/null and writing
    /// both output streams to `log`; `exited` gets the exit code (128 + signal when killed) once the
    /// process has ended and the rest of its session has been killed.
    init(
        arguments: [String], environment: [String: String], log: Int32,
        exited: @escaping @Sendable (Int32) -> Void
    ) throws {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Self.spawnSetSID)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, log, 1)
        posix_spawn_file_actions_adddup2(&actions, log, 2)

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var spawned: pid_t = 0
        let status = posix_spawn(&spawned, arguments[0], &actions, &attributes, argv, envp)
        guard status == 0 else {
            throw SandboxError(message: "cannot start \(arguments[0]): \(String(cString: strerror(status)))")
        }
        let pid = spawned
        self.pid = pid
        let ended = self.ended
        let thread = Thread {
            // Wait without reaping: while the leader is a zombie its id cannot name another group.
            var info = siginfo_t()
            while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) == -1 && errno == EINTR {}
            // The session's other processes go with its leader, like a container's with its init.
            kill(-pid, SIGKILL)
            ended.withLockedValue { $0 = true }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            let signal = status & 0x7f
            exited(signal == 0 ? (status >> 8) & 0xff : 128 + signal)
        }
        thread.name = "coffer-sandbox-wait-\(pid)"
        thread.start()
    }

    /// Asks the session to stop (SIGTERM), and kills it after `grace` if its leader has not ended by then.
    func stop(grace: Duration = .seconds(5)) {
        let pid = self.pid
        let ended = self.ended
        // Under the lock, so the leader cannot be reaped (and its id reused) between the check and the kill.
        ended.withLockedValue { if !$0 { kill(-pid, SIGTERM) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(grace.components.seconds * 1000))) {
            ended.withLockedValue { if !$0 { kill(-pid, SIGKILL) } }
        }
    }
}
