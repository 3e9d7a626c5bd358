import CofferCore
import CofferTestSupport
import Foundation
import Logging
import Testing

@testable import CofferSandbox

/// A sandbox started in-process on an ephemeral 127.0.0.1 port with a fresh data directory, and a way to
/// run the real `kubectl` against it.
final class SandboxHarness: Sendable {
    let directory: URL
    let server: SandboxServer

    private init(directory: URL, server: SandboxServer) {
        self.directory = directory
        self.server = server
    }

    /// Starts a sandbox in `directory` (a new temporary one when nil).
    static func start(directory: URL? = nil, faults: FaultInjector = FaultInjector()) async throws -> SandboxHarness {
        let directory = try directory ?? Fixtures.temporaryDirectory("coffer-sandbox")
        var logger = Logger(label: "coffer.sandbox.test")
        logger.logLevel = .error
        let server = try await SandboxServer.start(
            SandboxConfiguration(directory: directory, port: 0, faults: faults), logger: logger)
        return SandboxHarness(directory: directory, server: server)
    }

    func stop() async throws { try await server.stop() }

    /// The outcome of one kubectl run.
    struct Output: Sendable {
        var exitCode: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs kubectl with this sandbox's kubeconfig and a private discovery cache.
    ///
    /// Fails the test (never skips it) when kubectl is not installed: the conformance tests are the point.
    func kubectl(_ arguments: [String], stdin: String? = nil, sourceLocation: SourceLocation = #_sourceLocation)
        throws -> Output
    {
        let kubectl = try #require(
            Self.kubectlPath,
            "kubectl is not on PATH: install it (it is preinstalled in CI; Debian's kubernetes-client is a fallback)",
            sourceLocation: sourceLocation)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: kubectl)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["KUBECONFIG"] = server.kubeconfig.path
        environment["KUBECACHEDIR"] = directory.appendingPathComponent("kubecache").path
        environment["HOME"] = directory.path
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let errorData = ThreadSafeData()
        let reader = Thread { errorData.set(errors.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errorData.isSet { usleep(1000) }
        return Output(
            exitCode: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errorData.value, as: UTF8.self))
    }

    /// Runs kubectl and expects success; returns stdout.
    @discardableResult
    func kubectlOK(_ arguments: [String], stdin: String? = nil, sourceLocation: SourceLocation = #_sourceLocation)
        throws -> String
    {
        let result = try kubectl(arguments, stdin: stdin, sourceLocation: sourceLocation)
        #expect(
            result.exitCode == 0, "kubectl \(arguments.joined(separator: " ")) failed: \(result.stderr)",
            sourceLocation: sourceLocation)
        return result.stdout
    }

    /// Runs kubectl and parses its stdout as JSON.
    func kubectlJSON(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> Value {
        try Value(json: try kubectlOK(arguments + ["-o", "json"], sourceLocation: sourceLocation))
    }

    static let kubectlPath: String? = {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let candidate = "\(directory)/kubectl"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()
}

/// Bytes handed from a reader thread to the test thread.
final class ThreadSafeData: @unchecked Sendable {
    // @unchecked: `stored` and `done` are only touched while holding `lock`.
    private let lock = NSLock()
    private var stored = Data()
    private var done = false

    func set(_ data: Data) {
        lock.lock()
        stored = data
        done = true
        lock.unlock()
    }

    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return done
    }

    var value: Data {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}

extension SandboxHarness {
    /// A kubectl left running (a watch), whose stdout is collected as it arrives.
    final class RunningKubectl: @unchecked Sendable {
        // @unchecked: `collected` is only touched while holding `lock`; `process` is thread-safe.
        let process: Process
        private let lock = NSLock()
        private var collected = Data()

        init(process: Process, output: Pipe) {
            self.process = process
            output.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                guard let self, !data.isEmpty else { return }
                self.lock.lock()
                self.collected.append(data)
                self.lock.unlock()
            }
        }

        var output: String {
            lock.lock()
            defer { lock.unlock() }
            return String(decoding: collected, as: UTF8.self)
        }

        /// Waits (a hang guard, not a timing assertion) until the output satisfies `done`.
        func wait(until done: (String) -> Bool, attempts: Int = 600) async throws {
            for _ in 0..<attempts where !done(output) { try await Task.sleep(for: .milliseconds(50)) }
        }

        func stop() {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
    }

    /// Starts kubectl without waiting for it.
    func startKubectl(_ arguments: [String]) throws -> RunningKubectl {
        let kubectl = try #require(Self.kubectlPath, "kubectl is not on PATH")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: kubectl)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["KUBECONFIG"] = server.kubeconfig.path
        environment["KUBECACHEDIR"] = directory.appendingPathComponent("kubecache").path
        environment["HOME"] = directory.path
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let running = RunningKubectl(process: process, output: output)
        try process.run()
        return running
    }
}
