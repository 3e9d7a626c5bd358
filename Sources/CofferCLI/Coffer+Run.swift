#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import ArgumentParser
import CofferBlueprint
import CofferCatalog
import CofferCore
import CofferKube
import CofferTemplate
import CofferYAML
import Foundation

extension Coffer {
    /// `coffer run ACTION`: run a blueprint action on a cluster, journalled in the catalog;
    /// `coffer run resume RUN_ID` continues an interrupted one.
    struct RunCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run a blueprint action on an object, or resume an interrupted run.",
            discussion: """
                Runs the action's phases against the cluster the kubeconfig names, recording the run in the \
                catalog as it goes. Progress goes to stderr; with -o json, stdout carries one JSON event per \
                line and then the run's record on one line. SIGINT or SIGTERM stops the running phase, runs \
                the deferPhase and records the run as cancelled; `coffer run resume RUN_ID` continues a run \
                that did not finish from its first phase that did not complete. Exits 0 when the action \
                completes, 1 when it fails, 2 on usage errors, 130 when cancelled.

                With --dry-run=client nothing contacts a cluster: each phase's arguments are rendered as \
                `coffer blueprint render` does and the API calls the phase would make are listed. With \
                --dry-run=server every change is sent with dryRun=All so the cluster validates it; phases that \
                exec, run pods or wait are skipped (and named), output artifacts are not rendered, and the run \
                fails on the first request the cluster rejects.
                """)

        /// How far a dry run goes.
        enum DryRun: String, ExpressibleByArgument, CaseIterable, Sendable {
            case none, client, server
        }

        /// The first argument that makes `coffer run` resume instead of starting an action.
        static let resumeVerb = "resume"

        @Argument(
            help: "The action to run (backup, restore, delete, ...), or `resume` RUN_ID to continue a run (an action named resume runs when --object is given).")
        var action: String?

        @Argument(help: "With `resume`: the id of the run to continue.")
        var runID: String?

        @Option(
            help: "The blueprint file, or the name of one in the --blueprint-dir folders, $COFFER_BLUEPRINT_PATH or ./blueprints.",
            completion: .file(extensions: ["yaml", "yml"]))
        var blueprint: String?

        @Option(help: "The action's target as KIND/NAMESPACE/NAME (or KIND/NAME in the --namespace).")
        var object: String?

        @Option(name: .customLong("options"), help: "An option for the action as KEY=VALUE; repeat for more.")
        var options: [String] = []

        @Option(
            name: .customLong("config-maps"),
            help: "A ConfigMap the action reads as .ConfigMaps.ALIAS, as ALIAS=NAMESPACE/NAME or ALIAS=NAME; repeat for more.")
        var configMaps: [String] = []

        @Option(
            name: .customLong("secrets"),
            help: "A Secret the action reads as .Secrets.ALIAS, as ALIAS=NAMESPACE/NAME or ALIAS=NAME; repeat for more.")
        var secrets: [String] = []

        @Option(
            name: .customLong("pod-labels"),
            help: "A label for every pod the action creates, as KEY=VALUE; repeat for more.")
        var podLabels: [String] = []

        @Option(
            name: .customLong("pod-annotations"),
            help: "An annotation for every pod the action creates, as KEY=VALUE; repeat for more.")
        var podAnnotations: [String] = []

        @Option(
            help: ArgumentHelp(
                "The location profile (.Profile): a Kanister Profile YAML file, or NAMESPACE/NAME or NAME of a Profile in the cluster.",
                valueName: "file|name"),
            completion: .file(extensions: ["yaml", "yml", "json"]))
        var profile: String?

        @Option(
            help: "A YAML or JSON file of input artifacts: NAME: {keyValue: {KEY: VALUE}, kopiaSnapshot: TEXT}.",
            completion: .file(extensions: ["yaml", "yml", "json"]))
        var artifactsIn: String?

        @Option(help: "Take the input artifacts from the output artifacts of this completed run.")
        var from: String?

        @Option(
            name: .shortAndLong, help: "A Kanister ActionSet to run instead of ACTION: each of its actions in turn.",
            completion: .file(extensions: ["yaml", "yml", "json"]))
        var file: String?

        @Option(help: "The catalog file runs are recorded in.")
        var catalog: String = RunCommand.defaultCatalog

        @Option(
            help: "client: render and list API calls without a cluster; server: send each change with dryRun=All.")
        var dryRun: DryRun = .none

        @Flag(help: "Do not ask for confirmation before a destructive action (restore).")
        var yes = false

        @OptionGroup var blueprints: BlueprintSearchOptions
        @OptionGroup var kube: KubeOptions
        @OptionGroup var output: OutputOptions

        /// Where runs are recorded unless --catalog says otherwise.
        static let defaultCatalog = ".coffer/catalog.sqlite"

        /// `resume` with --object is an action of that name; without, it continues a recorded run.
        var isResume: Bool { action == Self.resumeVerb && file == nil && object == nil }

        func validate() throws {
            if file != nil {
                if action != nil || object != nil || from != nil || artifactsIn != nil || !options.isEmpty
                    || !configMaps.isEmpty || !secrets.isEmpty || profile != nil || !podLabels.isEmpty
                    || !podAnnotations.isEmpty
                {
                    throw ValidationError(
                        "-f takes its actions, objects, options, artifacts, ConfigMaps, Secrets and profile from the ActionSet")
                }
                if dryRun != .none { throw ValidationError("-f cannot be a dry run yet") }
                return
            }
            guard action != nil else { throw ValidationError("missing ACTION (or -f ACTIONSET)") }
            if isResume {
                guard runID != nil else {
                    throw ValidationError(
                        "`coffer run resume` needs the RUN_ID to continue (to run an action named resume, give --object)")
                }
                if dryRun != .none { throw ValidationError("`coffer run resume` cannot be a dry run") }
                return
            }
            if let runID { throw ValidationError("unexpected argument \"\(runID)\"") }
            guard blueprint != nil else { throw ValidationError("missing --blueprint") }
            guard let object else { throw ValidationError("missing --object") }
            if Coffer.BlueprintCommand.Render.parseReference(object) == nil {
                throw ValidationError("--object must be KIND/NAMESPACE/NAME or KIND/NAME, got \"\(object)\"")
            }
            for (flag, entries) in [("--options", options), ("--pod-labels", podLabels), ("--pod-annotations", podAnnotations)] {
                for entry in entries where !entry.contains("=") || entry.hasPrefix("=") {
                    throw ValidationError("\(flag) takes KEY=VALUE, got \"\(entry)\"")
                }
            }
            for (flag, entries) in [("--config-maps", configMaps), ("--secrets", secrets)] {
                for entry in entries where Self.namedReference(entry) == nil {
                    throw ValidationError("\(flag) takes ALIAS=NAMESPACE/NAME or ALIAS=NAME, got \"\(entry)\"")
                }
            }
            if artifactsIn != nil, from != nil { throw ValidationError("give --artifacts-in or --from, not both") }
        }

        func run() async throws {
            switch dryRun {
            case .client: return try clientDryRun()
            case .server, .none: break
            }
            let record: RunRecord
            if isResume {
                record = try await resume(runID ?? "")  // checked in validate()
            } else if let file {
                return try await runActionSet(file)
            } else {
                record = try await start()
            }
            try finish(record)
        }

        /// Runs each action of an ActionSet in turn; stops at the first that does not complete.
        private func runActionSet(_ path: String) async throws {
            let actionSet: ActionSet
            do {
                actionSet = try ActionSet(document: YAMLLoader.loadSingle(try FileInput.bytes(of: path), file: path))
            } catch let failure as CommandFailure {
                throw failure
            } catch {
                throw CommandFailure.usage("\(error)")
            }
            let journal = try openCatalog()
            let connection = try kube.connection()
            for entry in actionSet.actions {
                guard let reference = entry.blueprint ?? blueprint else {
                    throw CommandFailure.usage("\(path): action \"\(entry.name)\" names no blueprint; pass --blueprint")
                }
                let blueprint = try blueprints.load(reference)
                do {
                    _ = try blueprint.runnableAction(named: entry.name)
                } catch {
                    throw CommandFailure.usage("\(error)")
                }
                var request = RunRequest(entry)
                if request.object.namespace.isEmpty { request.object.namespace = connection.namespace }
                let object = request.object
                try confirm(action: entry.name, object: "\(object.kind)/\(object.namespace)/\(object.name)")
                let record: RunRecord
                do {
                    record = try await makeRunner(blueprint, connection: connection, journal: journal).run(request)
                } catch let error as BlueprintError {
                    throw CommandFailure.usage("\(error)")
                }
                try finish(record)
            }
        }

        // MARK: - Running on a cluster

        private func start() async throws -> RunRecord {
            var blueprint = try blueprints.load(self.blueprint ?? "")  // checked in validate()
            let action: BlueprintAction
            do {
                action = try blueprint.runnableAction(named: self.action ?? "")  // checked in validate()
            } catch {
                throw CommandFailure.usage("\(error)")
            }
            if dryRun == .server {
                let skipped = action.phases.filter { FunctionRegistry.skippedInServerDryRun.contains($0.function) }
                for phase in skipped {
                    Coffer.printError("dry run: phase \(phase.name) (\(phase.function)) is skipped: it execs, runs a pod or waits")
                }
            } else {
                try confirm(action: action.name, object: object ?? "")
            }
            let journal = try openCatalog()
            let inputs = try await inputArtifacts(journal)
            let (kind, parsedNamespace, name) = Coffer.BlueprintCommand.Render.parseReference(object ?? "")!  // validate()
            let connection = try kube.connection()
            // KIND/NAME means the object is in the --namespace (or the context's), as kubectl reads it.
            let namespace =
                (object ?? "").split(separator: "/").count == 2 ? connection.namespace : parsedNamespace
            var request = RunRequest(
                action: action.name, object: ObjectReference(kind: kind, name: name, namespace: namespace))
            request.options = Self.keyValues(options)
            request.artifactsIn = inputs
            for entry in configMaps {
                let (alias, reference) = Self.namedReference(entry)!  // checked in validate()
                request.configMaps[alias] = ObjectReference(
                    name: reference.name, namespace: reference.namespace ?? connection.namespace)
            }
            for entry in secrets {
                let (alias, reference) = Self.namedReference(entry)!  // checked in validate()
                request.secrets[alias] = ObjectReference(
                    name: reference.name, namespace: reference.namespace ?? connection.namespace)
            }
            if let profile { try Self.apply(profile: profile, to: &request, namespace: connection.namespace) }
            request.podLabels = Self.keyValues(podLabels)
            request.podAnnotations = Self.keyValues(podAnnotations)
            if dryRun == .server {
                // Skipped phases output nothing, so artifacts made from their outputs cannot be rendered.
                for index in blueprint.actions.indices { blueprint.actions[index].outputArtifacts = [:] }
            }
            var runner = makeRunner(blueprint, connection: connection, journal: journal)
            if dryRun == .server {
                // Nothing is stored, so nothing is journalled: a dry run cannot be resumed.
                runner.registry = runner.registry.skippingForServerDryRun
                runner.kube = KubeClientAccess(client: KubeClient(connection: connection), serverDryRun: true)
                runner.journal = MemoryRunJournal()
            }
            do {
                return try await runner.run(request)
            } catch let error as BlueprintError {
                throw CommandFailure.usage("\(error)")
            }
        }

        private func resume(_ id: String) async throws -> RunRecord {
            let journal = try openCatalog()
            guard let stored = try await journal.load(id) else {
                throw CommandFailure.usage("no run \"\(id)\" in \(catalog)")
            }
            let blueprint = try blueprints.load(self.blueprint ?? stored.blueprint)
            let runner = makeRunner(blueprint, connection: try kube.connection(), journal: journal)
            do {
                return try await runner.resume(id)
            } catch let error as BlueprintError {
                throw CommandFailure.usage("\(error)")
            }
        }

        private func makeRunner(
            _ blueprint: CofferBlueprint.Blueprint, connection: ClusterConnection, journal: CatalogStore
        ) -> ActionRunner {
            let progress = RunProgress(json: output.format == .json)
            return ActionRunner(
                blueprint: blueprint, kube: KubeClientAccess(client: KubeClient(connection: connection)),
                journal: journal, events: { progress.report($0) })
        }

        /// The artifacts `--artifacts-in` or `--from` name; none without either.
        private func inputArtifacts(_ journal: CatalogStore) async throws -> [String: TemplateParameters.Artifact] {
            if let from {
                guard let source = try await journal.load(from) else {
                    throw CommandFailure.usage("--from: no run \"\(from)\" in \(catalog)")
                }
                guard source.state == .complete else {
                    throw CommandFailure.usage(
                        "--from: run \"\(from)\" \(source.state.rawValue), so it has no output artifacts")
                }
                return source.artifacts
            }
            guard let artifactsIn else { return [:] }
            let document: Value
            do {
                document = try YAMLLoader.loadSingle(try FileInput.bytes(of: artifactsIn), file: artifactsIn).value
            } catch let failure as CommandFailure {
                throw failure
            } catch {
                throw CommandFailure.usage("\(error)")
            }
            guard let map = document.objectValue else {
                throw CommandFailure.usage("\(artifactsIn): expected a mapping of artifact names")
            }
            var artifacts: [String: TemplateParameters.Artifact] = [:]
            for (name, entry) in map {
                var keyValue: [String: String] = [:]
                for (key, value) in entry["keyValue"]?.objectValue ?? ValueMap() {
                    guard let text = value.stringValue else {
                        throw CommandFailure.usage("\(artifactsIn): \(name).keyValue.\(key) must be a string")
                    }
                    keyValue[key] = text
                }
                artifacts[name] = TemplateParameters.Artifact(
                    keyValue: keyValue, kopiaSnapshot: entry["kopiaSnapshot"]?.stringValue)
            }
            return artifacts
        }

        private func openCatalog() throws -> CatalogStore {
            let directory = (catalog as NSString).deletingLastPathComponent
            do {
                if !directory.isEmpty {
                    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                }
                return try CatalogStore(path: catalog)
            } catch {
                throw CommandFailure.invalidInput("error: cannot open the catalog \"\(catalog)\": \(error)")
            }
        }

        /// Asks before an action that overwrites data in place; without a terminal, only --yes allows it.
        private func confirm(action: String, object: String) throws {
            guard action.lowercased() == "restore", !yes else { return }
            guard isatty(STDIN_FILENO) == 1 else {
                throw CommandFailure.usage(
                    "\"\(action)\" overwrites \(object) in place; pass --yes to run it without a terminal to confirm on")
            }
            fputs("\"\(action)\" overwrites \(object) in place. Continue? [y/N] ", stderr)
            let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
            guard answer == "y" || answer == "yes" else { throw CommandFailure.usage("not confirmed; nothing was run") }
        }

        /// Prints the record and turns its state into the exit code.
        private func finish(_ record: RunRecord) throws {
            switch output.format {
            // One line, unlike other JSON output: it ends a stream of JSON event lines.
            case .json: RunProgress.writeLine(record.outputValue.jsonString(sortedKeys: true))
            case .yaml: print(OutputOptions.machineText(record.outputValue, as: .yaml), terminator: "")
            case .table: print(RunTable.describe(record), terminator: "")
            }
            fflush(stdout)
            switch record.state {
            case .complete: return
            case .cancelled: throw CommandFailure(message: "run \(record.id) cancelled", exitCode: 130)
            case .failed, .running:
                throw CommandFailure(message: "run \(record.id) failed: \(record.error ?? "unknown error")", exitCode: 1)
            }
        }

        // MARK: - Client dry run

        private func clientDryRun() throws {
            let blueprint = try blueprints.load(self.blueprint ?? "")
            let action: BlueprintAction
            do {
                action = try blueprint.runnableAction(named: self.action ?? "")  // checked in validate()
            } catch {
                throw CommandFailure.usage("\(error)")
            }
            let object = self.object ?? ""
            let (kind, namespace, name) = Coffer.BlueprintCommand.Render.parseReference(object)!  // checked in validate()
            var request = OfflineRenderRequest(
                action: action.name, target: .reference(kind: kind, namespace: namespace, name: name),
                time: GoTime.currentUTC())
            request.options = Self.keyValues(options)
            if let profile, let object = try Self.profileFile(profile) {
                request.profile = .offline(object)
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

        /// `KEY=VALUE` entries as a map (checked in `validate()`); a later key wins.
        static func keyValues(_ entries: [String]) -> [String: String] {
            var map: [String: String] = [:]
            for entry in entries {
                let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                map[String(parts[0])] = String(parts[1])
            }
            return map
        }

        /// `ALIAS=NAMESPACE/NAME` or `ALIAS=NAME`, or `nil` when `entry` is neither.
        static func namedReference(_ entry: String) -> (alias: String, (namespace: String?, name: String))? {
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else { return nil }
            let path = parts[1].split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard !path.contains(where: \.isEmpty) else { return nil }
            switch path.count {
            case 1: return (parts[0], (nil, path[0]))
            case 2: return (parts[0], (path[0], path[1]))
            default: return nil
            }
        }

        /// `--profile`: a Profile file is sent whole with the request; otherwise a reference to a Profile in the
        /// cluster (`NAMESPACE/NAME`, or `NAME` in `namespace`).
        static func apply(profile: String, to request: inout RunRequest, namespace: String) throws(CommandFailure) {
            if let document = try profileFile(profile) {
                request.profileObject = document
                return
            }
            let path = profile.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard (1...2).contains(path.count), !path.contains(where: \.isEmpty) else {
                throw .usage("--profile: no file \"\(profile)\", and not NAMESPACE/NAME or NAME of a Profile")
            }
            request.profile = ObjectReference(
                apiVersion: "cr.kanister.io/v1alpha1", kind: "Profile", name: path.last!,
                namespace: path.count == 2 ? path[0] : namespace)
        }

        /// The Kanister Profile in file `path`, checked to name its credential Secret; `nil` when there is no
        /// such file (the argument then names a Profile in the cluster).
        static func profileFile(_ profile: String) throws(CommandFailure) -> Value? {
            guard FileManager.default.fileExists(atPath: profile) else { return nil }
            let document: Value
            do {
                document = try YAMLLoader.loadSingle(try FileInput.bytes(of: profile), file: profile).value
            } catch let failure as CommandFailure {
                throw failure
            } catch {
                throw .usage("\(error)")
            }
            guard document["kind"]?.stringValue == "Profile",
                document["apiVersion"]?.stringValue?.hasPrefix("cr.kanister.io/") == true
            else {
                throw .usage("\(profile): expected a Kanister Profile (apiVersion cr.kanister.io/v1alpha1, kind Profile)")
            }
            let credential = document["credential"]
            guard
                let secret = credential?["keyPair"]?["secret"] ?? credential?["secret"],
                secret["name"]?.stringValue?.isEmpty == false
            else {
                throw .usage(
                    "\(profile): credential.keyPair.secret or credential.secret must name the Secret holding the credential")
            }
            return document
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
