import CofferCore
import CofferKubeAPI
import Foundation
import NIOConcurrencyHelpers

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// Runs pod commands as processes on this host, with the container's environment, in a per-pod working
/// folder; main-process output goes to `DIR/data/logs/<namespace>_<pod>_<container>.log`.
///
/// When the sandbox runs as root, commands run as `user` (default `nobody`) through `runuser`, so a pod
/// never gets root on the host by accident.
final class HostRuntime: PodRuntime {
    let user: String?
    let logDirectory: URL
    private let running = NIOLockedValueBox<[String: ContainerProcess]>([:])

    let podDirectory: URL

    init(user: String?, logDirectory: URL) {
        self.user = getuid() == 0 ? (user ?? "nobody") : nil
        self.logDirectory = logDirectory
        self.podDirectory = logDirectory.deletingLastPathComponent().appendingPathComponent("pods")
        try? FileManager.default.createDirectory(at: logDirectory, withIntermediateDirectories: true)
    }

    /// The pod's working folder, writable by the user its commands run as.
    private func workingDirectory(_ pod: Value) -> URL {
        let name = "\(pod.string("metadata", "namespace") ?? "")_\(pod.string("metadata", "name") ?? "")"
        let url = podDirectory.appendingPathComponent(name)
        try? FileManager.default.createDirectory(
            at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o777])
        try? FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: url.path)
        return url
    }

    func logFile(namespace: String, pod: String, container: String) -> URL {
        logDirectory.appendingPathComponent("\(namespace)_\(pod)_\(container).log")
    }

    /// The container's environment as the pod declares it (references already resolved), over the
    /// sandbox's own, with the pod's name and namespace.
    private func environment(pod: Value, container: String) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for variable in Self.container(container, of: pod)?["env"]?.arrayValue ?? [] {
            if let name = variable["name"]?.stringValue, let value = variable["value"]?.stringValue {
                environment[name] = value
            }
        }
        environment["HOSTNAME"] = pod.string("metadata", "name")
        environment["POD_NAMESPACE"] = pod.string("metadata", "namespace")
        return environment
    }

    /// `command` run as the runtime user (through runuser when the sandbox is root), in `directory` if given.
    private func launcher(_ command: [String], in directory: String? = nil) -> [String] {
        let env = ["/usr/bin/env"] + (directory.map { ["-C", $0] } ?? []) + ["--"]
        if let user { return ["/usr/sbin/runuser", "-u", user, "--"] + env + command }
        return env + command
    }

    private func process(pod: Value, container: String, command: [String]) -> Process {
        let process = Process()
        process.environment = environment(pod: pod, container: container)
        process.currentDirectoryURL = workingDirectory(pod)
        let arguments = launcher(command)
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        return process
    }

    func exec(
        pod: Value, container: String, command: [String],
        output: @escaping @Sendable (UInt8, [UInt8]) -> Void, exited: @escaping @Sendable (Int32) -> Void
    ) throws -> any ExecSession {
        guard !command.isEmpty else { throw SandboxError(message: "you must specify at least one command") }
        let process = process(pod: pod, container: container, command: command)
        let stdout = Pipe()
        let stderr = Pipe()
        let stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        let completion = Completion(waitingFor: 3) { exited(process.terminationStatus) }
        process.terminationHandler = { _ in completion.done() }
        try process.run()
        // Each stream is drained by its own blocking reader off the cooperative pool, until EOF.
        for (stream, pipe) in [(UInt8(1), stdout), (UInt8(2), stderr)] {
            let handle = pipe.fileHandleForReading
            DispatchQueue.global().async {
                while true {
                    let data = handle.availableData
                    if data.isEmpty { break }
                    output(stream, Array(data))
                }
                completion.done()
            }
        }
        return HostExecSession(process: process, stdin: stdin.fileHandleForWriting)
    }

    func run(pod: Value, container: String, exited: @escaping @Sendable (Int32) -> Void) throws {
        let spec = Self.container(container, of: pod)
        let command = ((spec?["command"]?.arrayValue ?? []) + (spec?["args"]?.arrayValue ?? [])).compactMap(\.stringValue)
        let namespace = pod.string("metadata", "namespace") ?? ""
        let name = pod.string("metadata", "name") ?? ""
        let file = logFile(namespace: namespace, pod: name, container: container)
        let log = open(file.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard log >= 0 else { throw SandboxError(message: "cannot write \(file.path): \(String(cString: strerror(errno)))") }
        defer { close(log) }
        let key = "\(namespace)/\(name)/\(container)"
        // Registered before it starts, so a quick exit cannot remove it before it was added.
        let started = NIOLockedValueBox<ContainerProcess?>(nil)
        let process = try ContainerProcess(
            arguments: launcher(command, in: workingDirectory(pod).path),
            environment: environment(pod: pod, container: container), log: log
        ) { [running] code in
            running.withLockedValue { running in
                if let current = running[key], current === started.withLockedValue({ $0 }) {
                    running.removeValue(forKey: key)
                }
            }
            exited(code)
        }
        started.withLockedValue { $0 = process }
        running.withLockedValue { $0[key] = process }
    }

    func stop(namespace: String, pod: String) {
        let prefix = "\(namespace)/\(pod)/"
        let processes = running.withLockedValue { $0.filter { $0.key.hasPrefix(prefix) }.map(\.value) }
        for process in processes { process.stop() }
    }

    /// The spec of the pod's container or init container called `name`.
    private static func container(_ name: String, of pod: Value) -> Value? {
        let all = (pod["spec"]?["containers"]?.arrayValue ?? []) + (pod["spec"]?["initContainers"]?.arrayValue ?? [])
        return all.first { $0["name"]?.stringValue == name }
    }

    func logs(namespace: String, pod: String, container: String) -> [UInt8] {
        (try? Array(Data(contentsOf: logFile(namespace: namespace, pod: pod, container: container)))) ?? []
    }
}

/// Calls `action` once `count` events have happened.
private final class Completion: Sendable {
    private let remaining: NIOLockedValueBox<Int>
    private let action: @Sendable () -> Void

    init(waitingFor count: Int, action: @escaping @Sendable () -> Void) {
        remaining = NIOLockedValueBox(count)
        self.action = action
    }

    func done() {
        let left = remaining.withLockedValue {
            $0 -= 1
            return $0
        }
        if left == 0 { action() }
    }
}

private final class HostExecSession: ExecSession, @unchecked Sendable {
    // @unchecked: `process` and `stdin` are thread-safe Foundation objects; `closed` is behind `lock`.
    private let process: Process
    private let stdin: FileHandle
    private let closed = NIOLockedValueBox(false)

    init(process: Process, stdin: FileHandle) {
        self.process = process
        self.stdin = stdin
    }

    func writeStdin(_ bytes: [UInt8]) {
        guard !closed.withLockedValue({ $0 }) else { return }
        try? stdin.write(contentsOf: bytes)
    }

    func closeStdin() {
        let wasClosed = closed.withLockedValue { state in
            let was = state
            state = true
            return was
        }
        if !wasClosed { try? stdin.close() }
    }

    func terminate() {
        closeStdin()
        if process.isRunning { process.terminate() }
    }
}
