import ArgumentParser
import CofferBlueprint
import CofferCatalog
import CofferCore
import Foundation

extension Coffer {
    /// `coffer runs`: the runs recorded in the catalog.
    struct RunsCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "runs",
            abstract: "List and describe the runs recorded in the catalog, and show their logs.",
            subcommands: [List.self, Describe.self, Logs.self])
    }
}

extension Coffer.RunsCommand {
    /// `--catalog`, shared by the `runs` subcommands.
    struct CatalogOptions: ParsableArguments {
        @Option(help: "The catalog file runs are recorded in.")
        var catalog: String = Coffer.RunCommand.defaultCatalog

        /// The catalog; a missing file is a usage error rather than a new, empty catalog.
        func open() throws -> CatalogStore {
            guard FileManager.default.fileExists(atPath: catalog) else {
                throw CommandFailure.usage("no catalog at \(catalog); runs are recorded there by `coffer run`")
            }
            do {
                return try CatalogStore(path: catalog)
            } catch {
                throw CommandFailure.invalidInput("error: cannot open the catalog \"\(catalog)\": \(error)")
            }
        }
    }

    /// `coffer runs list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List runs, most recent first.")

        @OptionGroup var catalog: CatalogOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let records = try await catalog.open().runs()
            switch output.format {
            case .table: print(RunTable.list(records), terminator: "")
            case .json, .yaml:
                print(OutputOptions.machineText(.array(records.map(\.outputValue)), as: output.format), terminator: "")
            }
        }
    }

    /// `coffer runs describe RUN_ID`.
    struct Describe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one run: its phases, outputs and artifacts.")

        @Argument(help: "The run's id.")
        var runID: String

        @OptionGroup var catalog: CatalogOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            guard let record = try await catalog.open().load(runID) else {
                throw CommandFailure.invalidInput("error: no run \"\(runID)\" in \(catalog.catalog)")
            }
            switch output.format {
            case .table: print(RunTable.describe(record), terminator: "")
            case .json, .yaml: print(OutputOptions.machineText(record.outputValue, as: output.format), terminator: "")
            }
        }
    }

    /// `coffer runs logs RUN_ID`: what the phases printed and what the engine did, in order.
    struct Logs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what a run's phases printed and what Coffer did, line by line.",
            discussion: """
                Lines are `[PHASE] TEXT`; Coffer's own account of a phase (started, waiting, retrying, \
                finished) is marked `--`. Secrets the run read are already redacted when the lines are stored. \
                With -o json each line is one JSON object: {time, phase, attempt, stream, source, text}.
                """)

        @Argument(help: "The run's id.")
        var runID: String

        @Option(help: "Only the lines of this phase.")
        var phase: String?

        @Flag(name: .shortAndLong, help: "Keep printing new lines until the run finishes.")
        var follow = false

        @Flag(help: "Start each line with the time it was logged.")
        var timestamps = false

        @Flag(help: "Name the pod and container each output line came from.")
        var prefix = false

        @OptionGroup var catalog: CatalogOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let store = try catalog.open()
            guard var record = try await store.load(runID) else {
                throw CommandFailure.invalidInput("error: no run \"\(runID)\" in \(catalog.catalog)")
            }
            if let phase, !record.allPhases.contains(where: { $0.name == phase }) {
                throw CommandFailure.usage("run \(runID) has no phase \"\(phase)\"")
            }
            var last: Int64 = 0
            var printed: [Value] = []
            while true {
                let batch = try await store.log(runID, after: last)
                last = batch.last
                let lines = batch.lines.filter { phase == nil || $0.phase == phase }
                switch output.format {
                case .table: for line in lines { RunProgress.writeLine(text(line)) }
                case .json: for line in lines { RunProgress.writeLine(line.value.jsonString(sortedKeys: true)) }
                case .yaml: printed += lines.map(\.value)
                }
                guard follow, record.state == .running else { break }
                try await Task.sleep(for: .milliseconds(500))
                // Read the state before the lines: lines logged before the run finished are then all seen.
                record = try await store.load(runID) ?? record
            }
            if output.format == .yaml { print(OutputOptions.machineText(.array(printed), as: .yaml), terminator: "") }
        }

        private func text(_ line: RunLogLine) -> String {
            var text = timestamps ? line.time + " " : ""
            if line.phase.isEmpty {
                text += "-- "
            } else {
                text += "[\(line.phase)"
                if prefix, let source = line.source { text += " \(source)" }
                text += "] "
                if line.stream == .coffer { text += "-- " }
            }
            return text + line.text
        }
    }
}
