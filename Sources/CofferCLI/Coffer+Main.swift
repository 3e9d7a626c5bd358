#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser

extension Coffer {
    /// Runs the command line and exits with Coffer's codes: 0 success, 1 failure, 2 usage, 130 interrupted.
    ///
    /// ArgumentParser exits 64 (`EX_USAGE`) on usage errors; kubectl users expect 2 for those, as
    /// our own validation failures also give.
    public static func main() async {
        await main(arguments: Array(CommandLine.arguments.dropFirst()))
    }

    static func main(arguments: [String]) async {
        let work = Task.detached {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        }
        Interrupt.onFirst { work.cancel() }
        do {
            try await work.value
        } catch {
            if Interrupt.received { Glibc.exit(130) }
            if let failure = error as? CommandFailure {
                if !failure.message.isEmpty { printError(failure.message) }
                Glibc.exit(failure.exitCode)
            }
            let code = exitCode(for: error)
            guard code != .success else { exit(withError: error) }  // --help, --version
            printError(fullMessage(for: error))
            Glibc.exit(code == .validationFailure ? 2 : code.rawValue)
        }
        Glibc.exit(0)
    }

    static func printError(_ message: String) {
        fflush(stdout)  // keep stdout and stderr lines in the order they were produced
        var text = message
        if !text.hasSuffix("\n") { text += "\n" }
        fputs(text, stderr)
    }
}

/// A failure already explained to the user (or about to be): its message and the exit code to use.
struct CommandFailure: Error {
    var message: String
    var exitCode: Int32

    /// The input was wrong (validation, parse errors): exit 1, as `coffer blueprint validate` documents.
    static func invalidInput(_ message: String) -> CommandFailure { CommandFailure(message: message, exitCode: 1) }
    /// A usage error found after parsing: exit 2.
    static func usage(_ message: String) -> CommandFailure { CommandFailure(message: message, exitCode: 2) }
}
