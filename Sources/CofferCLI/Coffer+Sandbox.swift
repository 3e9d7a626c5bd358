import ArgumentParser
import CofferSandbox
import Foundation
import Logging

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

extension Coffer {
    /// `coffer sandbox up|down|serve|status`: a local Kubernetes API server kubectl can drive.
    struct SandboxCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sandbox",
            abstract: "Run a local Kubernetes API server that kubectl and Coffer can use instead of a cluster.",
            subcommands: [Up.self, Down.self, Serve.self, Status.self])
    }

    /// Runs `coffer sandbox serve` with this process's arguments: the `coffer-sandbox` executable.
    public static func sandboxServeMain() async {
        await main(arguments: ["sandbox", "serve"] + CommandLine.arguments.dropFirst())
    }
}

/// The options every sandbox command shares.
struct SandboxDirectoryOptions: ParsableArguments {
    @Option(name: .long, help: "The folder holding the sandbox's state, certificates and kubeconfig.")
    var dir: String = ".coffer/sandbox"

    var directory: URL { URL(fileURLWithPath: dir).standardizedFileURL }
    var pidFile: URL { directory.appendingPathComponent("pid") }
    var logFile: URL { directory.appendingPathComponent("sandbox.log") }
    var kubeconfig: URL { directory.appendingPathComponent("kubeconfig") }

    static let faultsHelp = ArgumentHelp("Random faults to inject, e.g. 500:0.1,429:0.05,reset:0.02,latency:50ms.")
    static let faultRuleHelp = ArgumentHelp(
        "Fail the first N requests with a method and path: 'METHOD PATH STATUS|reset xN' (repeatable).",
        discussion: """
            METHOD is GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or *; PATH excludes the query, and a final * \
            makes it a prefix; STATUS is 429 or 5xx; reset closes the connection unanswered. Rules are checked in \
            order before --faults; once a rule's N requests have failed, later matches pass (or meet the next \
            rule). Example: --fault-rule 'POST /api/v1/namespaces/default/configmaps 500 x2'.
            """,
        valueName: "rule")

    /// Checks `--port`, `--faults` and `--fault-rule` without starting anything.
    static func validate(port: Int, faults: String?, rules: [String]) throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        _ = try faultInjector(faults: faults, rules: rules)
    }

    /// The injector `--faults` and `--fault-rule` describe.
    static func faultInjector(faults: String?, rules: [String]) throws -> FaultInjector {
        var injector = FaultInjector()
        if let faults {
            do {
                injector = try FaultInjector(specification: faults)
            } catch {
                throw ValidationError("--faults: \(error)")
            }
        }
        do {
            injector.rules = try rules.map(FaultRule.init)
        } catch {
            throw ValidationError("--fault-rule: \(error)")
        }
        return injector
    }

    /// The running server's process id, if its pid file names a live process.
    func runningPID() -> pid_t? {
        guard let text = try? String(contentsOf: pidFile, encoding: .utf8),
            let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0, kill(pid, 0) == 0
        else { return nil }
        return pid
    }
}

extension Coffer.SandboxCommand {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the sandbox API server in the foreground until interrupted.")

        @OptionGroup var options: SandboxDirectoryOptions

        @Option(name: .long, help: "The port to listen on at 127.0.0.1; 0 picks a free one.")
        var port: Int = 0

        @Option(name: .long, help: SandboxDirectoryOptions.faultsHelp)
        var faults: String?

        @Option(name: .customLong("fault-rule"), help: SandboxDirectoryOptions.faultRuleHelp)
        var faultRules: [String] = []

        @Option(name: .long, help: "The OS user pod commands run as when the sandbox runs as root (default: nobody).")
        var runtimeUser: String?

        func validate() throws {
            try SandboxDirectoryOptions.validate(port: port, faults: faults, rules: faultRules)
        }

        func run() async throws {
            LoggingSystem.bootstrap(StreamLogHandler.standardError)
            let logger = Logger(label: "coffer.sandbox")
            var configuration = SandboxConfiguration(directory: options.directory, port: port)
            configuration.faults = try SandboxDirectoryOptions.faultInjector(faults: faults, rules: faultRules)
            configuration.runtimeUser = runtimeUser
            let server: SandboxServer
            do {
                server = try await SandboxServer.start(configuration, logger: logger)
            } catch {
                throw CommandFailure(message: "error: \(error)", exitCode: 1)
            }
            try "\(getpid())\n".write(to: options.pidFile, atomically: true, encoding: .utf8)
            await withTaskCancellationHandler {
                try? await server.waitUntilClosed()
            } onCancel: {
                Task { try? await server.stop() }
            }
            // The listener is closed; wait for the open connections to drain before exiting.
            try? await server.stop()
            try? FileManager.default.removeItem(at: options.pidFile)
        }
    }

    struct Up: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start the sandbox in the background and write DIR/kubeconfig.")

        @OptionGroup var options: SandboxDirectoryOptions

        @Option(name: .long, help: "The port to listen on at 127.0.0.1; 0 picks a free one.")
        var port: Int = 0

        @Option(name: .long, help: SandboxDirectoryOptions.faultsHelp)
        var faults: String?

        @Option(name: .customLong("fault-rule"), help: SandboxDirectoryOptions.faultRuleHelp)
        var faultRules: [String] = []

        @Option(name: .long, help: "The OS user pod commands run as when the sandbox runs as root (default: nobody).")
        var runtimeUser: String?

        func validate() throws {
            try SandboxDirectoryOptions.validate(port: port, faults: faults, rules: faultRules)
        }

        func run() async throws {
            if let pid = options.runningPID() {
                print(options.kubeconfig.path)
                Coffer.printError("sandbox already running (pid \(pid))")
                return
            }
            try FileManager.default.createDirectory(at: options.directory, withIntermediateDirectories: true)
            try? FileManager.default.removeItem(at: options.pidFile)
            let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
                .deletingLastPathComponent().appendingPathComponent("coffer-sandbox")
            guard FileManager.default.isExecutableFile(atPath: executable.path) else {
                throw CommandFailure(message: "error: \(executable.path) not found beside coffer", exitCode: 1)
            }
            _ = FileManager.default.createFile(atPath: options.logFile.path, contents: nil)
            let log = try FileHandle(forWritingTo: options.logFile)
            let process = Process()
            // setsid detaches the server from this terminal's session, so it outlives `coffer`.
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
            var arguments = [executable.path, "--dir", options.directory.path, "--port", String(port)]
            if let faults { arguments += ["--faults", faults] }
            for rule in faultRules { arguments += ["--fault-rule", rule] }
            if let runtimeUser { arguments += ["--runtime-user", runtimeUser] }
            process.arguments = arguments
            process.standardOutput = log
            process.standardError = log
            process.standardInput = FileHandle.nullDevice
            try process.run()
            for _ in 0..<300 {
                if options.runningPID() != nil {
                    print(options.kubeconfig.path)
                    return
                }
                if !process.isRunning { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            let logText = (try? String(contentsOf: options.logFile, encoding: .utf8)) ?? ""
            throw CommandFailure(message: "error: the sandbox did not start; its log says:\n\(logText)", exitCode: 1)
        }
    }

    struct Down: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the sandbox started by `coffer sandbox up`.")

        @OptionGroup var options: SandboxDirectoryOptions

        func run() async throws {
            guard let pid = options.runningPID() else {
                Coffer.printError("sandbox not running")
                return
            }
            kill(pid, SIGTERM)
            for _ in 0..<100 where kill(pid, 0) == 0 {
                try await Task.sleep(for: .milliseconds(100))
            }
            if kill(pid, 0) == 0 { kill(pid, SIGKILL) }
            try? FileManager.default.removeItem(at: options.pidFile)
            Coffer.printError("sandbox stopped (pid \(pid))")
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Say whether the sandbox is running.")

        @OptionGroup var options: SandboxDirectoryOptions

        func run() async throws {
            guard let pid = options.runningPID() else {
                throw CommandFailure(message: "sandbox not running", exitCode: 1)
            }
            print("running (pid \(pid)), kubeconfig \(options.kubeconfig.path)")
        }
    }
}
