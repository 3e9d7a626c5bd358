import CofferCore
public import CofferTemplate

/// Runs a blueprint action against a cluster, phase by phase, as Kanister does, with timeouts,
/// retries, cancellation and a journal that lets an interrupted run resume.
///
/// Kanister's semantics: template parameters are built once per run; each phase's objects are loaded
/// and its arguments rendered just before it runs; a failing phase skips the rest; the deferPhase
/// always runs and its failure fails the action; output artifacts are rendered only after success.
/// Cancelling the calling task stops the running phase, runs the deferPhase and records `cancelled`.
public struct ActionRunner: Sendable {
    /// The longest a phase attempt runs when the blueprint sets no timeout.
    public static let defaultPhaseTimeout: Duration = .seconds(30 * 60)

    /// The blueprint whose actions run.
    public var blueprint: Blueprint
    /// The cluster.
    public var kube: any KubeAccess
    /// Where runs are recorded as they progress; without one, runs cannot be resumed.
    public var journal: (any RunJournal)?
    /// The functions phases may call.
    public var registry: FunctionRegistry
    /// The limit on one phase attempt when the blueprint sets none.
    public var defaultPhaseTimeout: Duration
    /// Receives progress; called from the running task.
    public var events: @Sendable (RunEvent) -> Void
    /// The clock for `.Time` and record timestamps.
    public var now: @Sendable () -> GoTime
    /// Waits between attempts; tests inject one that returns at once.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// Makes the id of a new run.
    public var makeRunID: @Sendable () -> String

/// A runner for `blueprint`'s actions on `kube`; the closures default to the real clock, sleep and ids.
    public init(
        blueprint: Blueprint, kube: any KubeAccess, journal: (any RunJournal)? = nil,
        registry: FunctionRegistry = .builtin, defaultPhaseTimeout: Duration = ActionRunner.defaultPhaseTimeout,
        events: @escaping @Sendable (RunEvent) -> Void = { _ in },
        now: @escaping @Sendable () -> GoTime = { GoTime.currentUTC() },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        makeRunID: @escaping @Sendable () -> String = ActionRunner.randomRunID
    ) {
        self.blueprint = blueprint
        self.kube = kube
        self.journal = journal
        self.registry = registry
        self.defaultPhaseTimeout = defaultPhaseTimeout
        self.events = events
        self.now = now
        self.sleep = sleep
        self.makeRunID = makeRunID
    }

    /// A new run id: `run-` and 12 random hex digits.
    public static func randomRunID() -> String {
        let digits = String(UInt64.random(in: 0..<(1 << 48)), radix: 16)
        return "run-" + String(repeating: "0", count: 12 - digits.count) + digits
    }

    // MARK: - Validation

    /// Checks that `action` exists and that Coffer can run every function it calls.
    ///
    /// - Throws: ``BlueprintError``: `invalidDocument` for an unknown action, `unknownFunction` or
    ///   `unsupportedFunction` (naming the function) for a phase Coffer cannot run.
    public func validate(action name: String) throws -> BlueprintAction {
        try blueprint.runnableAction(named: name, registry: registry)
    }

    // MARK: - Running

    /// Runs `request.action` from its first phase.
    ///
    /// - Returns: The finished run's record; a failed or cancelled action is a record, not an error.
    /// - Throws: ``BlueprintError`` when the run cannot start (see ``validate(action:)``), or the
    ///   journal's error when the record cannot be stored.
    public func run(_ request: RunRequest) async throws -> RunRecord {
        let action = try validate(action: request.action)
        var record = RunRecord(
            id: makeRunID(), blueprint: blueprint.name, request: request,
            time: now().format(GoTime.rfc3339NanoLayout),
            phases: action.phases.map { PhaseRecord(name: $0.name, function: $0.function) },
            deferPhase: action.deferPhase.map { PhaseRecord(name: $0.name, function: $0.function) })
        try await journal?.save(record)
        events(.runStarted(id: record.id, action: action.name))
        try await execute(action, &record)
        return record
    }

    /// Continues an interrupted run from its first phase that did not complete, with the recorded outputs.
    ///
    /// - Throws: ``BlueprintError`` with code `invalidRun` when there is no journal, no such run, the run
    ///   already finished, or the blueprint's action no longer has the recorded phases.
    public func resume(_ id: String) async throws -> RunRecord {
        guard let journal else { throw BlueprintError(.invalidRun, "resuming needs a run journal") }
        guard var record = try await journal.load(id) else {
            throw BlueprintError(.invalidRun, "no run \"\(id)\" in the journal")
        }
        guard record.state == .running else {
            throw BlueprintError(.invalidRun, "run \"\(id)\" already finished as \(record.state.rawValue)")
        }
        let action = try validate(action: record.action)
        guard record.phases.map(\.name) == action.phases.map(\.name), record.blueprint == blueprint.name else {
            throw BlueprintError(
                .invalidRun,
                "run \"\(id)\" was recorded for other phases of \"\(record.action)\" in \"\(record.blueprint)\"")
        }
        events(.runStarted(id: record.id, action: action.name))
        try await execute(action, &record)
        return record
    }

    private func execute(_ action: BlueprintAction, _ record: inout RunRecord) async throws {
        let deadline = action.timeout.map { ContinuousClock.now.advanced(by: $0) }
        var run = RunContext(runner: self, action: action, redactor: Redactor())
        var failure: String?
        var cancelled = false
        // A journal that stops working must not stop the run: the deferPhase still has to undo what the
        // phases did. The first journal error is thrown once the run has finished.
        var journalError: (any Error)?
        func persist(_ record: RunRecord) async {
            guard let journal, journalError == nil else { return }
            do { try await journal.save(record) } catch { journalError = error }
        }

        // Log lines reach the journal every half second, so `coffer runs logs --follow` sees a phase as it runs.
        let flusher = journal.map { journal in
            Task { [log = run.log, id = record.id] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(500))
                    let lines = log.drain()
                    if !lines.isEmpty { try? await journal.appendLog(id, lines) }
                }
            }
        }
        let target = record.request.object
        let resuming = record.phases.contains { $0.startedAt != nil }
        run.log.note(
            phase: "", attempt: 0,
            "\(action.name) of \(target.kind)/\(target.namespace)/\(target.name) \(resuming ? "resumed" : "started")")

        var prepared = false
        do {
            run.parameters = try await buildParameters(record.request, time: record.time)
            run.redactor.collect(from: run.parameters)
            prepared = true
        } catch {
            failure = "preparing the run: \(Self.message(error))"
            cancelled = Task.isCancelled
        }

        if failure == nil {
            for (index, phase) in action.phases.enumerated() {
                if record.phases[index].state == .complete {
                    // Completed before an interruption: restore its output and objects, do not run it again.
                    run.parameters.phases[phase.name, default: .init()].output = record.phases[index].output
                    try? await run.loadObjects(of: phase)
                    run.log.note(phase: phase.name, attempt: 0, "completed before the run was interrupted; not run again")
                    events(.phaseSkipped(phase: phase.name))
                    continue
                }
                if Task.isCancelled {
                    cancelled = true
                    break
                }
                if let deadline, deadline <= ContinuousClock.now {
                    failure = "action \"\(action.name)\" timed out after \(GoDuration.format(action.timeout!))"
                    break
                }
                record.phases[index].state = .running
                record.phases[index].startedAt = now().format(GoTime.rfc3339NanoLayout)
                await persist(record)
                let outcome = await run.runPhase(phase, &record.phases[index], deadline: deadline)
                await persist(record)
                if outcome == .complete { continue }
                if outcome == .cancelled || Task.isCancelled { cancelled = true }
                failure = record.phases[index].error
                break
            }
        }

        // Without parameters no phase ran, so there is nothing for the deferPhase to undo.
        if prepared, let deferPhase = action.deferPhase, var deferRecord = record.deferPhase {
            // An unstructured task does not inherit the run's cancellation: the deferPhase must get to run.
            deferRecord.state = .running
            deferRecord.startedAt = now().format(GoTime.rfc3339NanoLayout)
            record.deferPhase = deferRecord
            await persist(record)
            let snapshot = run
            let result = await Task {
                var run = snapshot
                let outcome = await run.runPhase(deferPhase, &deferRecord, deadline: nil)
                return (run, deferRecord, outcome)
            }.value
            run = result.0
            record.deferPhase = result.1
            if result.2 != .complete, failure == nil, !cancelled {
                failure = result.1.error
            }
        }

        if failure == nil, !cancelled {
            do {
                record.artifacts = try run.renderArtifacts(action)
            } catch {
                failure = Self.message(error)
            }
        }
        record.state = cancelled ? .cancelled : failure == nil ? .complete : .failed
        record.error = cancelled ? (failure ?? "cancelled") : failure
        record.error = record.error.map(run.redactor.redact)
        record.artifacts = record.artifacts.mapValues(run.redactor.redact)
        record.finishedAt = now().format(GoTime.rfc3339NanoLayout)
        run.log.note(
            phase: "", attempt: 0, "run \(record.state.rawValue)" + (record.error.map { ": \($0)" } ?? ""))
        flusher?.cancel()
        await flusher?.value
        if let journal, journalError == nil {
            do { try await journal.appendLog(record.id, run.log.drain()) } catch { journalError = error }
        }
        await persist(record)
        events(.runFinished(id: record.id, state: record.state, error: record.error))
        if let journalError { throw journalError }
    }

    static func message(_ error: any Error) -> String {
        if let error = error as? BlueprintError { return error.description }
        if error is CancellationError { return "cancelled" }
        return String(describing: error)
    }
}
