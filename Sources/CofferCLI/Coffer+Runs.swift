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
            abstract: "List and describe the runs recorded in the catalog.",
            subcommands: [List.self, Describe.self])
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
}
