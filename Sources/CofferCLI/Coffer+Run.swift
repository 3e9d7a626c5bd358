import ArgumentParser
import CofferBlueprint
import CofferCore
import CofferTemplate
import CofferYAML

extension Coffer {
    /// `coffer run ACTION`: run a blueprint action. Until the Kubernetes client lands, only
    /// `--dry-run=client` works: it shows each phase's rendered arguments and the API calls it would make.
    struct RunCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run a blueprint action on an object (this build: --dry-run=client only).",
            discussion: """
                With --dry-run=client nothing contacts a cluster: each phase's arguments are rendered as \
                `coffer blueprint render` does and the API calls the phase would make are listed. Exits 2 \
                when the action calls a function Coffer cannot run.
                """)

        /// How far a dry run goes.
        enum DryRun: String, ExpressibleByArgument, CaseIterable, Sendable {
            case none, client, server
        }

        @Argument(help: "The action to run (backup, restore, delete, ...).")
        var action: String

        @Option(help: "The blueprint file.", completion: .file(extensions: ["yaml", "yml"]))
        var blueprint: String

        @Option(help: "The action's target as KIND/NAMESPACE/NAME (or KIND/NAME in namespace default).")
        var object: String

        @Option(name: .customLong("options"), help: "An option for the action as KEY=VALUE; repeat for more.")
        var options: [String] = []

        @Option(help: "client: render and list API calls without a cluster; server: not available yet.")
        var dryRun: DryRun = .none

        @Flag(help: "Do not ask for confirmation.")
        var yes = false

        @OptionGroup var output: OutputOptions

        func validate() throws {
            if Coffer.BlueprintCommand.Render.parseReference(object) == nil {
                throw ValidationError("--object must be KIND/NAMESPACE/NAME or KIND/NAME, got \"\(object)\"")
            }
            for option in options where !option.contains("=") {
                throw ValidationError("--options takes KEY=VALUE, got \"\(option)\"")
            }
        }

        func run() async throws {
            guard dryRun == .client else {
                throw CommandFailure.usage(
                    "running against a cluster needs the Kubernetes client, which this build does not have yet; use --dry-run=client"
                )
            }
            let blueprint = try loadBlueprint()
            let action: BlueprintAction
            do {
                action = try blueprint.runnableAction(named: self.action)
            } catch {
                throw CommandFailure.usage("\(error)")
            }
            let (kind, namespace, name) = Coffer.BlueprintCommand.Render.parseReference(object)!  // checked in validate()
            var request = OfflineRenderRequest(
                action: action.name, target: .reference(kind: kind, namespace: namespace, name: name),
                time: GoTime.currentUTC())
            for option in options {
                let parts = option.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                request.options[String(parts[0])] = String(parts[1])
            }
            let rendered: RenderedAction
            do {
                rendered = try blueprint.renderOffline(request)
            } catch {
                throw CommandFailure.invalidInput(error.description)
            }
            let plan = Plan(
                blueprint: blueprint.name, object: object, target: (kind, namespace, name), action: rendered)
            switch output.format {
            case .table: print(plan.table, terminator: "")
            case .json, .yaml: print(OutputOptions.machineText(plan.value, as: output.format), terminator: "")
            }
        }

        private func loadBlueprint() throws(CommandFailure) -> CofferBlueprint.Blueprint {
            let report = DocumentFileValidator().validate(try FileInput.bytes(of: blueprint), file: blueprint)
            guard report.isValid else {
                throw .usage(
                    report.diagnostics.filter { $0.severity == .error }.map(\.description).joined(separator: "\n"))
            }
            guard let index = report.kinds.firstIndex(of: "Blueprint") else {
                throw .usage("\(blueprint): no Blueprint document in the file")
            }
            do {
                return try CofferBlueprint.Blueprint(document: report.documents[index])
            } catch {
                throw .usage("\(error)")
            }
        }
    }
}

/// What a client-side dry run prints: phases with rendered arguments and planned API calls.
private struct Plan {
    var blueprint: String
    var object: String
    var target: (kind: String, namespace: String, name: String)
    var action: RenderedAction

    private var phases: [(phase: RenderedPhase, isDefer: Bool)] {
        action.phases.map { ($0, false) } + (action.deferPhase.map { [($0, true)] } ?? [])
    }

    private func calls(_ phase: RenderedPhase) -> [String] {
        PlannedCalls.describe(function: phase.function, args: phase.args, target: target)
    }

    var value: Value {
        func phaseValue(_ phase: RenderedPhase) -> Value {
            var map = phase.value.objectValue ?? ValueMap()
            map["calls"] = .array(calls(phase).map { .string($0) })
            return .object(map)
        }
        var map = ValueMap()
        map["action"] = .string(action.name)
        map["blueprint"] = .string(blueprint)
        map["object"] = .string(object)
        map["dryRun"] = "client"
        map["phases"] = .array(action.phases.map(phaseValue))
        if let deferPhase = action.deferPhase { map["deferPhase"] = phaseValue(deferPhase) }
        return .object(map)
    }

    var table: String {
        var text = ""
        for (index, (phase, isDefer)) in phases.enumerated() {
            let label = isDefer ? "deferPhase" : "phase \(index + 1)/\(action.phases.count)"
            text += "# \(label): \(phase.name.isEmpty ? "(unnamed)" : phase.name) (\(phase.function))\n"
            for call in calls(phase) { text += "#   \(call)\n" }
            text += YAMLEmitter.emit(phase.args)
            text += "\n"
        }
        return text
    }
}
