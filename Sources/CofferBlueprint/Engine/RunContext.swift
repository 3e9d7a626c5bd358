import CofferCore
import CofferTemplate

/// The mutable state of one run: its template parameters as phases add to them.
struct RunContext: Sendable {
    let runner: ActionRunner
    let action: BlueprintAction
    var parameters = TemplateParameters(object: .null, time: "")
    var redactor: Redactor
    let renderer: BlueprintRenderer
    /// Where phases' output and the engine's account of them gather until the runner stores them.
    let log: RunLogBuffer

    init(runner: ActionRunner, action: BlueprintAction, redactor: Redactor) {
        self.runner = runner
        self.action = action
        self.redactor = redactor
        let now = runner.now
        renderer = BlueprintRenderer(
            sourceMap: runner.blueprint.document.sourceMap, context: FunctionContext(now: { now() }))
        log = RunLogBuffer(now: { now().format(GoTime.rfc3339NanoLayout) })
    }

    private var stamp: String { runner.now().format(GoTime.rfc3339NanoLayout) }

    /// Runs one phase with its retries; updates `record` and, on success, `.Phases.<name>.Output`.
    mutating func runPhase(_ phase: Phase, _ record: inout PhaseRecord, deadline: ContinuousClock.Instant?) async
        -> PhaseState
    {
        if record.startedAt == nil { record.startedAt = stamp }
        record.state = .running
        parameters.currentPhase = phase.name
        let outcome: PhaseState
        do {
            try await loadObjects(of: phase)
            let function = try prepare(phase)
            let output = try await attempts(of: function, phase, &record, deadline: deadline)
            parameters.phases[phase.name, default: .init()].output = output
            if phase.path == action.deferPhase?.path {
                parameters.deferPhase = TemplateParameters.PhaseValues(output: output)
            }
            record.output = output.mapValues(redactor.redact)
            record.error = nil
            outcome = .complete
        } catch {
            outcome = Task.isCancelled ? .cancelled : .failed
            let message = ActionRunner.message(error)
            record.error = redactor.redact("phase \"\(phase.name)\" (\(phase.function)): \(message)")
        }
        record.state = outcome
        record.finishedAt = stamp
        log.note(
            phase: phase.name, attempt: max(record.attempts, 1),
            outcome == .complete ? "phase complete" : "phase \(outcome.rawValue): \(record.error ?? "")")
        runner.events(.phaseFinished(phase: phase.name, state: outcome, error: record.error))
        return outcome
    }

    /// Renders the phase's arguments, checks their keys and decodes them.
    func prepare(_ phase: Phase) throws -> any ExecutableFunction {
        guard let type = try runner.registry.executableFunction(named: phase.function) as? any ExecutableFunction.Type
        else {
            throw BlueprintError(.unsupportedFunction, "function \"\(phase.function)\" is not supported by Coffer yet")
        }
        let argsPath = phase.path.appending("args")
        let ownConditions = type.rendersOwnArguments
        let rendered = try renderer.render(.object(phase.args), at: argsPath, with: parameters.templateValue) { path in
            ownConditions && Blueprint.isWaitCondition(path, under: argsPath)
        }
        let args = rendered.objectValue ?? ValueMap()
        let accepted = Set(type.arguments.map(\.name))
        for key in args.keys where !accepted.contains(key) {
            throw BlueprintError(.unknownArgument, "unknown argument \"\(key)\" for \(type.name)")
        }
        for key in type.requiredArguments where args[key] == nil {
            throw BlueprintError(.missingArgument, "missing required argument \"\(key)\" for \(type.name)")
        }
        return try type.init(ArgumentValues(function: type.name, args))
    }

    private func attempts(
        of function: any ExecutableFunction, _ phase: Phase, _ record: inout PhaseRecord,
        deadline: ContinuousClock.Instant?
    ) async throws -> [String: Value] {
        let policy = phase.options.retry ?? RetryPolicy(attempts: 1)
        var attempt = 1
        while true {
            record.attempts = attempt
            runner.events(.phaseStarted(phase: phase.name, function: phase.function, attempt: attempt))
            var limit = phaseLimit(phase, function)
            var what = "the phase"
            var reported = limit
            if let deadline, let actionTimeout = action.timeout {
                let left = ContinuousClock.now.duration(to: deadline)
                if left < limit {
                    limit = max(left, .zero)
                    what = "action \"\(action.name)\""
                    reported = actionTimeout
                }
            }
            let phaseLog = PhaseLog(buffer: log, phase: phase.name, attempt: attempt, redactor: redactor)
            let context = PhaseContext(
                kube: runner.kube, phase: phase.name, attempt: attempt, parameters: parameters,
                functionContext: renderer.context, templates: renderer.templates,
                defaultNamespace: defaultNamespace, report: runner.events, log: phaseLog)
            phaseLog.note(
                "\(phase.function) started" + (policy.attempts > 1 ? " (attempt \(attempt) of \(policy.attempts))" : ""))
            do {
                defer { phaseLog.finish() }
                return try await withTimeLimit(limit, what, reporting: reported) { try await function.run(context) }
            } catch {
                if Task.isCancelled || attempt >= policy.attempts { throw error }
                if let deadline, deadline <= ContinuousClock.now { throw error }
                if let error = error as? BlueprintError, error.code == .invalidArgument { throw error }
                let delay = policy.backoff * (1 << min(attempt - 1, 20))
                let message = redactor.redact(ActionRunner.message(error))
                phaseLog.note("attempt \(attempt) failed: \(message); retrying in \(GoDuration.format(delay))")
                runner.events(.phaseRetrying(phase: phase.name, nextAttempt: attempt + 1, after: delay, error: message))
                try await runner.sleep(delay)
                attempt += 1
            }
        }
    }

    /// How long one attempt of `phase` may run: the blueprint's timeout for it, else the default — but
    /// never less than the function's own limit (Wait's `timeout`) and time to report it, so that limit
    /// is the one that fires and says what was awaited.
    func phaseLimit(_ phase: Phase, _ function: any ExecutableFunction) -> Duration {
        phase.options.timeout
            ?? max(runner.defaultPhaseTimeout, (function.ownTimeout ?? .zero) + Self.ownTimeoutGrace)
    }

    static let ownTimeoutGrace: Duration = .seconds(10)

    /// The target's namespace (its name, for a Namespace).
    var defaultNamespace: String {
        if let target = parameters.namedTarget, target.kind == .namespace { return target.name }
        return parameters.object["metadata"]?["namespace"]?.stringValue ?? "default"
    }

    /// Loads the Secrets and ConfigMaps the phase's `objects` name into `.Phases.<name>`.
    mutating func loadObjects(of phase: Phase) async throws {
        guard !phase.objects.isEmpty else { return }
        let objectsPath = phase.path.appending("objects")
        var values = parameters.phases[phase.name] ?? .init()
        for alias in phase.objects.keys.sorted() {
            let reference = phase.objects[alias]!  // `alias` comes from its keys
            let path = objectsPath.appending(alias)
            let data = parameters.templateValue
            let name = try renderer.render(reference.name, at: path.appending("name"), with: data)
            let namespace = try renderer.render(reference.namespace, at: path.appending("namespace"), with: data)
            switch reference.kind.lowercased() {
            case "secret":
                let secret = try await runner.loadSecret(namespace: namespace, name: name)
                redactor.collect(secret)
                values.secrets[alias] = secret
            case "configmap":
                values.configMaps[alias] = try await runner.loadConfigMap(namespace: namespace, name: name)
            default:
                throw BlueprintError(
                    .invalidArgument,
                    "object \"\(alias)\" of phase \"\(phase.name)\" has kind \"\(reference.kind)\"; only Secret and ConfigMap objects are loaded"
                )
            }
        }
        parameters.phases[phase.name] = values
    }

    /// The action's output artifacts, rendered with everything the phases produced.
    func renderArtifacts(_ action: BlueprintAction) throws -> [String: TemplateParameters.Artifact] {
        let data = parameters.templateValue
        var artifacts: [String: TemplateParameters.Artifact] = [:]
        for name in action.outputArtifacts.keys.sorted() {
            let artifact = action.outputArtifacts[name]!  // `name` comes from its keys
            let path = action.path.appending("outputArtifacts").appending(name)
            var rendered = TemplateParameters.Artifact()
            for (key, value) in artifact.keyValue {
                rendered.keyValue[key] = try renderer.render(
                    value, at: path.appending("keyValue").appending(key), with: data)
            }
            if let snapshot = artifact.kopiaSnapshot {
                rendered.kopiaSnapshot = try renderer.render(snapshot, at: path.appending("kopiaSnapshot"), with: data)
            }
            artifacts[name] = rendered
        }
        return artifacts
    }
}
