import CofferCore
import Testing

@testable import CofferBlueprint

/// Timeouts, retries, cancellation and resuming: what Coffer adds to Kanister's semantics.
@Suite(.timeLimit(.minutes(1)))  // hang guard only; no assertion depends on timing
struct RunControlTests {
    static let request = RunRequest(action: "backup", object: EngineFixtures.statefulSetTarget)

    /// `wait` waits for an annotation nobody sets, unless the test sets it.
    static func waitingBlueprint(annotations: String = "") -> String {
        """
        apiVersion: cr.kanister.io/v1alpha1
        kind: Blueprint
        metadata:
          name: bp
          annotations: {\(annotations)}
        actions:
          backup:
            phases:
            - func: KubeExec
              name: before
              args: {namespace: prod, pod: db-0, command: [before]}
            - func: WaitV2
              name: wait
              args:
                timeout: 10m
                conditions:
                  anyOf:
                  - objectReference: {apiVersion: v1beta1, group: postgres-operator.crunchydata.com, resource: postgresclusters, name: hippo, namespace: prod}
                    condition: "{{ .metadata.annotations.ready }}"
            - func: KubeExec
              name: after
              args: {namespace: prod, pod: db-0, command: [after]}
            deferPhase:
              func: KubeExec
              name: cleanup
              args: {namespace: prod, pod: db-0, command: [cleanup]}
        """
    }

    @Test func phaseTimeoutStopsAWaitThatNeverHolds() async throws {
        let cluster = FakeCluster(objects: EngineFixtures.objects)
        let blueprint = try EngineFixtures.blueprint(
            Self.waitingBlueprint(annotations: "coffer.dev/timeout.backup.wait: 50ms"))
        let runner = EngineFixtures.runner(blueprint, cluster)

        let record = try await runner.run(Self.request)

        #expect(record.state == .failed)
        #expect(record.phases.map(\.state) == [.complete, .failed, .pending])
        #expect(record.error == "phase \"wait\" (WaitV2): the phase timed out after 50ms")
        #expect(record.deferPhase?.state == .complete)
        #expect(cluster.activeWatches == 0)
    }

    @Test func waitV2HoldsOnceTheWatchedObjectChangesAndMissingKeysAreNotErrors() async throws {
        let cluster = FakeCluster(objects: EngineFixtures.objects)
        let events = EventLog()
        let runner = EngineFixtures.runner(
            try EngineFixtures.blueprint(Self.waitingBlueprint()), cluster, events: events)

        let run = Task { try await runner.run(Self.request) }
        await events.first { if case .phaseWaiting(phase: "wait", _) = $0 { true } else { false } }
        cluster.update(FakeCluster.postgresClusters, namespace: "prod", name: "hippo") { object in
            object["metadata"] = ["name": "hippo", "namespace": "prod", "annotations": ["ready": "true"]]
        }
        let record = try await run.value

        #expect(record.state == .complete)
        #expect(record.phases.map(\.state) == [.complete, .complete, .complete])
    }

    @Test func cancellationDuringALongWaitRunsTheDeferPhaseAndRecordsCancelled() async throws {
        let cluster = FakeCluster(objects: EngineFixtures.objects)
        let events = EventLog()
        let journal = MemoryRunJournal()
        let runner = EngineFixtures.runner(
            try EngineFixtures.blueprint(Self.waitingBlueprint()), cluster, journal: journal, events: events)

        let run = Task { try await runner.run(Self.request) }
        await events.first { if case .phaseWaiting(phase: "wait", _) = $0 { true } else { false } }
        run.cancel()
        let record = try await run.value

        #expect(record.state == .cancelled)
        #expect(record.phases.map(\.state) == [.complete, .cancelled, .pending])
        #expect(record.deferPhase?.state == .complete)
        #expect(cluster.calls.last == "exec prod/db-0/ cleanup")
        #expect(await journal.load(record.id)?.state == .cancelled)
        #expect(events.all.last == .runFinished(id: record.id, state: .cancelled, error: record.error))
    }

    @Test func cancelledKubeTaskDeletesItsPod() async throws {
        let cluster = FakeCluster(
            objects: EngineFixtures.objects, podScript: { _ in FakeCluster.PodScript(runsForever: true) })
        let blueprint = try EngineFixtures.blueprint(
            """
            apiVersion: cr.kanister.io/v1alpha1
            kind: Blueprint
            metadata: {name: bp}
            actions:
              backup:
                phases:
                - func: KubeTask
                  name: task
                  args: {image: tools:1, command: [sleep, infinity]}
            """)
        let events = EventLog()
        let runner = EngineFixtures.runner(blueprint, cluster, events: events)

        let run = Task { try await runner.run(Self.request) }
        await events.first { if case .phaseWaiting(phase: "task", _) = $0 { true } else { false } }
        run.cancel()
        let record = try await run.value

        #expect(record.state == .cancelled)
        #expect(cluster.calls.contains { $0.hasPrefix("delete pods prod/kanister-job-") })
        #expect(!cluster.objects(.pods).contains { $0["metadata"]?["generateName"] == "kanister-job-" })
    }

    @Test func retriedPhaseSucceedsOnItsThirdAttemptWithExponentialBackoff() async throws {
        let cluster = FakeCluster(objects: EngineFixtures.objects)
        cluster.failNextExecs(2)
        let sleeps = SleepLog()
        let events = EventLog()
        let blueprint = try EngineFixtures.blueprint(
            Self.waitingBlueprint(
                annotations:
                    "coffer.dev/retry.backup.before: 'attempts=3,backoff=2s', coffer.dev/timeout.backup.wait: 1ms"))
        let runner = EngineFixtures.runner(blueprint, cluster, events: events, sleeps: sleeps)

        let record = try await runner.run(RunRequest(action: "backup", object: EngineFixtures.statefulSetTarget))
            .phases[0]

        #expect(record.state == .complete)
        #expect(record.attempts == 3)
        #expect(sleeps.all == [.seconds(2), .seconds(4)])
        #expect(
            events.all.contains(
                .phaseRetrying(phase: "before", nextAttempt: 3, after: .seconds(4), error: "connection reset by peer")))
    }

    @Test func retriesStopAfterTheLastAttempt() async throws {
        let cluster = FakeCluster(objects: EngineFixtures.objects)
        cluster.failNextExecs(5)
        let blueprint = try EngineFixtures.blueprint(
            Self.waitingBlueprint(annotations: "coffer.dev/retry.backup.before: 'attempts=2,backoff=1s'"))  // fails before the wait
        let runner = EngineFixtures.runner(blueprint, cluster)

        let record = try await runner.run(Self.request)

        #expect(record.state == .failed)
        #expect(record.phases[0].attempts == 2)
        #expect(record.phases[0].error == "phase \"before\" (KubeExec): connection reset by peer")
    }

    @Test func resumeAfterACrashDoesNotRunCompletedPhasesAgain() async throws {
        let blueprint = try EngineFixtures.blueprint(
            """
            apiVersion: cr.kanister.io/v1alpha1
            kind: Blueprint
            metadata: {name: bp}
            actions:
              backup:
                outputArtifacts:
                  result: {keyValue: {id: "{{ .Phases.second.Output.id }}"}}
                phases:
                - func: KubeExec
                  name: first
                  args: {namespace: prod, pod: db-0, command: [first]}
                - func: KubeExec
                  name: second
                  args: {namespace: prod, pod: db-0, command: [second, "{{ .Phases.first.Output.id }}"]}
            """)
        let script: @Sendable (String, String?, [String]) -> FakeCluster.ExecScript = { _, _, command in
            FakeCluster.ExecScript(
                stdout: "###Phase-output###: {\"key\":\"id\",\"value\":\"\(command.joined(separator: "-"))\"}\n")
        }
        // Saves: created, first running, first done, second running; the process dies before second is recorded.
        let crashing = CrashingJournal(crashAfter: 4)
        let firstCluster = FakeCluster(objects: EngineFixtures.objects, execScript: script)
        await #expect(throws: FakeCluster.FakeError.self) {
            try await EngineFixtures.runner(blueprint, firstCluster, journal: crashing).run(Self.request)
        }
        let journal = crashing.inner
        let interrupted = try #require(await journal.load("run-1"))
        #expect(interrupted.state == .running)
        #expect(interrupted.phases.map(\.state) == [.complete, .running])

        let secondCluster = FakeCluster(objects: EngineFixtures.objects, execScript: script)
        let events = EventLog()
        let record = try await EngineFixtures.runner(blueprint, secondCluster, journal: journal, events: events)
            .resume("run-1")

        #expect(record.state == .complete)
        #expect(secondCluster.calls == ["exec prod/db-0/ second first"])
        #expect(record.artifacts["result"]?.keyValue == ["id": "second-first"])
        #expect(events.all.contains(.phaseSkipped(phase: "first")))
        #expect(await journal.load("run-1")?.state == .complete)
    }

    @Test func finishedRunsCannotBeResumed() async throws {
        let journal = MemoryRunJournal()
        let runner = EngineFixtures.runner(
            try EngineFixtures.blueprint(Self.waitingBlueprint(annotations: "coffer.dev/timeout.backup.wait: 1ms")),
            FakeCluster(objects: EngineFixtures.objects), journal: journal)
        let record = try await runner.run(Self.request)

        let error = await #expect(throws: BlueprintError.self) { try await runner.resume(record.id) }

        #expect(error?.code == .invalidRun)
        #expect(error?.description == "run \"run-1\" already finished as failed")
    }

    @Test func actionTimeoutFailsTheActionButStillRunsTheDeferPhase() async throws {
        let cluster = FakeCluster(objects: EngineFixtures.objects)
        let runner = EngineFixtures.runner(
            try EngineFixtures.blueprint(Self.waitingBlueprint(annotations: "coffer.dev/timeout.backup: 50ms")), cluster
        )

        let record = try await runner.run(Self.request)

        #expect(record.state == .failed)
        // Whether the limit strikes during `wait` or between phases depends on the machine's speed.
        #expect(record.error?.hasSuffix("action \"backup\" timed out after 50ms") == true)
        #expect(record.deferPhase?.state == .complete)
    }

    @Test func aFailingJournalDoesNotKeepTheDeferPhaseFromRunning() async throws {
        let cluster = FakeCluster(objects: EngineFixtures.objects)
        let blueprint = try EngineFixtures.blueprint(
            Self.waitingBlueprint(annotations: "coffer.dev/timeout.backup.wait: 1ms"))
        let runner = EngineFixtures.runner(blueprint, cluster, journal: CrashingJournal(crashAfter: 1))

        await #expect(throws: FakeCluster.FakeError.self) { try await runner.run(Self.request) }

        #expect(cluster.calls.last == "exec prod/db-0/ cleanup")
    }

    @Test func theDefaultPhaseTimeoutDoesNotCutAWaitsOwnTimeoutShort() async throws {
        let blueprint = try EngineFixtures.blueprint(
            """
            apiVersion: cr.kanister.io/v1alpha1
            kind: Blueprint
            metadata:
              name: bp
              annotations: {coffer.dev/timeout.backup.set: 5s}
            actions:
              backup:
                phases:
                - func: WaitV2
                  name: wait
                  args:
                    timeout: 20ms
                    conditions:
                      anyOf:
                      - objectReference: {apiVersion: v1, group: apps, resource: statefulsets, name: db, namespace: prod}
                        condition: "{{ .metadata.name }}"
                - func: WaitV2
                  name: set
                  args:
                    timeout: 1h
                    conditions:
                      anyOf:
                      - objectReference: {apiVersion: v1, group: apps, resource: statefulsets, name: db, namespace: prod}
                        condition: "{{ .metadata.name }}"
            """)
        var runner = EngineFixtures.runner(blueprint, FakeCluster(objects: EngineFixtures.objects))
        runner.defaultPhaseTimeout = .milliseconds(1)
        let action = try runner.validate(action: "backup")
        var run = RunContext(runner: runner, action: action, redactor: Redactor())
        run.parameters = try await runner.buildParameters(Self.request, time: "now")

        // The Wait's own 20ms, and time to report it, rather than the 1ms default.
        #expect(
            run.phaseLimit(action.phases[0], try run.prepare(action.phases[0]))
                == .milliseconds(20) + RunContext.ownTimeoutGrace)
        // A timeout the blueprint sets for the phase is what the user asked for: it stands.
        #expect(run.phaseLimit(action.phases[1], try run.prepare(action.phases[1])) == .seconds(5))
    }

    @Test func whenAPhaseLimitAndTheFunctionsOwnExpireTogetherTheFunctionsErrorWins() async throws {
        let own = BlueprintError(.timedOut, "waiting for any of statefulsets/db timed out after 20ms")
        // The body ignores cancellation and fails by its own limit, as a Wait whose timer already fired does.
        let error = await #expect(throws: BlueprintError.self) {
            try await withTimeLimit(.milliseconds(1), "the phase") { () async throws -> Int in
                let started = ContinuousClock.now
                while ContinuousClock.now - started < .milliseconds(50) { await Task.yield() }
                throw own
            }
        }
        #expect(error?.message == own.message)
    }
}
