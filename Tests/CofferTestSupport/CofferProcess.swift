public import Foundation

/// Runs the built `coffer` executable, as a user would, and captures what it prints.
public enum CofferProcess {
    /// The outcome of one run.
    public struct Result: Sendable {
        public var exitCode: Int32
        public var stdout: String
        public var stderr: String
        /// Whether the process was killed for taking longer than the allowed time.
        public var timedOut: Bool
    }

    /// The `coffer` binary built beside the test bundle (`swift build --build-tests` builds both).
    public static var executable: URL {
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            bundleDirectory.appendingPathComponent("coffer"),
            Fixtures.packageRoot.appendingPathComponent(".build/debug/coffer"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[1]
    }

    /// Runs `coffer` with `arguments` and waits at most `timeout` seconds.
    ///
    /// The time limit turns a hang into a failed expectation rather than a stuck test run; it is not a
    /// performance assertion.
    public static func run(
        _ arguments: [String], stdin: Data? = nil, currentDirectory: URL? = nil,
        environment: [String: String] = [:], timeout: TimeInterval = 120
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let output = Pipe()
        let errors = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()

        // Read both pipes while the process runs so a chatty child never blocks on a full pipe.
        let collected = OutputCollector()
        let group = DispatchGroup()
        for (pipe, isError) in [(output, false), (errors, true)] {
            group.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.store(data, isError: isError)
                group.leave()
            }
        }
        let finished = group.wait(timeout: .now() + timeout) == .success
        if !finished { process.terminate() }
        process.waitUntilExit()
        group.wait()
        return Result(
            exitCode: process.terminationStatus,
            stdout: String(decoding: collected.stdout, as: UTF8.self),
            stderr: String(decoding: collected.stderr, as: UTF8.self),
            timedOut: !finished)
    }
}

private final class OutputCollector: @unchecked Sendable {
    // @unchecked: both fields are written under `lock` and read only after every writer finished.
    private let lock = NSLock()
    private(set) var stdout = Data()
    private(set) var stderr = Data()

    func store(_ data: Data, isError: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if isError { stderr = data } else { stdout = data }
    }
}
