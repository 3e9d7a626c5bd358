import ArgumentParser
import CofferBlueprint
import CofferCore
import CofferTemplate
import CofferYAML

extension Coffer {
    /// `coffer blueprint`: check and preview blueprints without a cluster.
    struct BlueprintCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "blueprint",
            abstract: "Validate and render Kanister-format blueprints offline.",
            subcommands: [Validate.self, Render.self])
    }
}

// MARK: - validate

extension Coffer.BlueprintCommand {
    /// `coffer blueprint validate FILE...`.
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report every problem in blueprints (and ActionSets, Policies) before anything runs.",
            discussion: """
                Checks the JSON schema, function names and arguments, duplicate phase names, template syntax, \
                references to phases that do not exist or run later, and undeclared input artifacts. \
                Exits 1 when any file has an error.
                """)

        @Argument(
            help: "Blueprint files or directories to check (`-` reads standard input).",
            completion: .file(extensions: ["yaml", "yml", "json"]))
        var files: [String]

        @OptionGroup var output: OutputOptions

        func run() async throws {
            let validator = DocumentFileValidator()
            var reports: [DocumentFileValidator.Report] = []
            for file in FileInput.expandingDirectories(files) {
                do {
                    reports.append(validator.validate(try FileInput.bytes(of: file), file: file))
                } catch {
                    let position = SourcePosition(file: file, line: 1, column: 1)
                    let diagnostic = BlueprintDiagnostic(
                        code: .invalidDocument, message: Self.reason(error.message, file: file), position: position,
                        path: .root)
                    reports.append(.init(file: file, documents: [], kinds: [], diagnostics: [diagnostic]))
                }
            }
            switch output.format {
            case .table: printTable(reports)
            case .json, .yaml: print(OutputOptions.machineText(Self.value(of: reports), as: output.format), terminator: "")
            }
            if reports.contains(where: { !$0.isValid }) { throw CommandFailure(message: "", exitCode: 1) }
        }

        private static func reason(_ message: String, file: String) -> String {
            message.hasPrefix("\(file): ") ? String(message.dropFirst(file.count + 2)) : message
        }

        private func printTable(_ reports: [DocumentFileValidator.Report]) {
            var errors = 0
            var warnings = 0
            for report in reports {
                for diagnostic in report.diagnostics {
                    print(diagnostic.description)
                    if diagnostic.severity == .error { errors += 1 } else { warnings += 1 }
                }
                if report.isValid {
                    let kinds = report.kinds.map { $0 == "Blueprint" ? "blueprint" : $0 }.joined(separator: ", ")
                    Coffer.printError("\(report.file): valid \(kinds)")
                }
            }
            let plural = { (count: Int, word: String) in "\(count) \(word)\(count == 1 ? "" : "s")" }
            Coffer.printError(
                "\(plural(reports.count, "file")) checked: \(plural(errors, "error")), \(plural(warnings, "warning"))")
        }

        static func value(of reports: [DocumentFileValidator.Report]) -> Value {
            let files: [Value] = reports.map { report in
                let diagnostics: [Value] = report.diagnostics.map { diagnostic in
                    [
                        "severity": .string(diagnostic.severity.rawValue),
                        "code": .string(diagnostic.code.description),
                        "message": .string(diagnostic.message),
                        "file": .string(diagnostic.position.file),
                        "line": .int(Int64(diagnostic.position.line)),
                        "column": .int(Int64(diagnostic.position.column)),
                        "path": .string(diagnostic.path.description),
                    ]
                }
                return [
                    "file": .string(report.file),
                    "valid": .bool(report.isValid),
                    "kinds": .array(report.kinds.map { .string($0) }),
                    "diagnostics": .array(diagnostics),
                ]
            }
            return ["valid": .bool(reports.allSatisfy(\.isValid)), "files": .array(files)]
        }
    }
}

// MARK: - render

extension Coffer.BlueprintCommand {
    /// `coffer blueprint render FILE --action NAME`.
    struct Render: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print each phase's arguments as an action would render them, without a cluster.",
            discussion: """
                Values only a run can know (phase outputs, Secrets, ConfigMaps, input artifacts) render as \
                visible placeholders such as <Phases.backup.Output.id>.
                """)

        @Argument(help: "The blueprint file.", completion: .file(extensions: ["yaml", "yml"]))
        var file: String

        @Option(help: "The action to render (backup, restore, delete, ...).")
        var action: String

        @Option(help: "The action's target as KIND/NAMESPACE/NAME (or KIND/NAME in namespace default).")
        var object: String?

        @Option(help: "A YAML or JSON file holding the action's target object.", completion: .file())
        var objectFile: String?

        @Option(name: .customLong("options"), help: "An option for the action as KEY=VALUE; repeat for more.")
        var options: [String] = []

        @Option(help: "A YAML or JSON file of input artifacts: NAME: {keyValue: {KEY: VALUE}, kopiaSnapshot: ...}.", completion: .file())
        var artifactsIn: String?

        @Option(help: "The action's start time (.Time and `now`), RFC 3339; default: now.")
        var time: String?

        @OptionGroup var output: OutputOptions

        func validate() throws {
            if object != nil && objectFile != nil { throw ValidationError("give --object or --object-file, not both") }
            if let object, Self.parseReference(object) == nil {
                throw ValidationError("--object must be KIND/NAMESPACE/NAME or KIND/NAME, got \"\(object)\"")
            }
            for option in options where !option.contains("=") {
                throw ValidationError("--options takes KEY=VALUE, got \"\(option)\"")
            }
        }

        func run() async throws {
            let report = DocumentFileValidator().validate(try FileInput.bytes(of: file), file: file)
            guard report.isValid else {
                throw CommandFailure.invalidInput(report.diagnostics.filter { $0.severity == .error }.map(\.description).joined(separator: "\n"))
            }
            guard let index = report.kinds.firstIndex(of: "Blueprint") else {
                throw CommandFailure.invalidInput("\(file): no Blueprint document in the file")
            }
            let blueprint: Blueprint
            do {
                blueprint = try Blueprint(document: report.documents[index])
            } catch {
                throw CommandFailure.invalidInput("\(error)")
            }
            var request = OfflineRenderRequest(action: action, time: try renderTime())
            if let object, let (kind, namespace, name) = Self.parseReference(object) {
                request.target = .reference(kind: kind, namespace: namespace, name: name)
            }
            if let objectFile { request.target = .object(try loadDocument(objectFile)) }
            for option in options {
                let parts = option.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                request.options[String(parts[0])] = String(parts[1])
            }
            if let artifactsIn { request.artifactsIn = try loadArtifacts(artifactsIn) }

            let rendered: RenderedAction
            do {
                rendered = try blueprint.renderOffline(request)
            } catch {
                throw CommandFailure.invalidInput(error.description)
            }
            switch output.format {
            case .table: print(Self.table(rendered), terminator: "")
            case .json, .yaml: print(OutputOptions.machineText(rendered.value, as: output.format), terminator: "")
            }
        }

        private func renderTime() throws(CommandFailure) -> GoTime {
            guard let time else { return GoTime.currentUTC() }
            do {
                return try GoTime.parse(layout: GoTime.rfc3339NanoLayout, time)
            } catch {
                throw .usage("--time must be RFC 3339 (2026-01-02T03:04:05Z): \(error.message)")
            }
        }

        private func loadDocument(_ path: String) throws(CommandFailure) -> Value {
            do {
                return try YAMLLoader.loadSingle(try FileInput.bytes(of: path), file: path).value
            } catch let error as CommandFailure {
                throw error
            } catch {
                throw .invalidInput("\(error)")
            }
        }

        private func loadArtifacts(_ path: String) throws(CommandFailure) -> [String: TemplateParameters.Artifact] {
            guard let map = try loadDocument(path).objectValue else {
                throw .invalidInput("\(path): expected a map of artifact names to {keyValue: {...}}")
            }
            var artifacts: [String: TemplateParameters.Artifact] = [:]
            for (name, entry) in map {
                var artifact = TemplateParameters.Artifact()
                for (key, value) in entry["keyValue"]?.objectValue ?? ValueMap() {
                    guard let text = value.stringValue ?? value.scalarText else {
                        throw .invalidInput("\(path): artifact \"\(name)\" key \"\(key)\" must be a string")
                    }
                    artifact.keyValue[key] = text
                }
                artifact.kopiaSnapshot = entry["kopiaSnapshot"]?.stringValue
                artifacts[name] = artifact
            }
            return artifacts
        }

        static func parseReference(_ text: String) -> (String, String, String)? {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard !parts.contains(where: \.isEmpty) else { return nil }
            switch parts.count {
            case 2: return (parts[0], "default", parts[1])
            case 3: return (parts[0], parts[1], parts[2])
            default: return nil
            }
        }

        /// Phases one after another, each with its rendered arguments as YAML.
        static func table(_ action: RenderedAction) -> String {
            var text = ""
            let all = action.phases.map { ($0, false) } + (action.deferPhase.map { [($0, true)] } ?? [])
            for (index, (phase, isDefer)) in all.enumerated() {
                let label = isDefer ? "deferPhase" : "phase \(index + 1)/\(action.phases.count)"
                text += "# \(label): \(phase.name.isEmpty ? "(unnamed)" : phase.name) (\(phase.function))\n"
                if let objects = phase.objects { text += YAMLEmitter.emit(["objects": objects]) }
                text += YAMLEmitter.emit(phase.args)
                text += "\n"
            }
            for artifact in action.outputArtifacts {
                text += "# output artifact: \(artifact.name)\n"
                text += YAMLEmitter.emit(.object(ValueMap(artifact.keyValue.map { ($0.key, Value.string($0.value)) })))
            }
            return text
        }
    }
}

extension Value {
    /// A scalar's text the way YAML wrote it, for string-typed fields given a number or boolean.
    fileprivate var scalarText: String? {
        switch self {
        case .bool(let bool): return bool ? "true" : "false"
        case .int(let int): return String(int)
        case .double(let double): return String(double)
        default: return nil
        }
    }
}
