import CofferCore
import Testing

@testable import CofferBlueprint

@Suite struct RunLogTests {
    static func redactor(_ secret: String) -> Redactor {
        var redactor = Redactor()
        redactor.collect(TemplateParameters.SecretData(name: "s", namespace: "n", data: ["password": Array(secret.utf8)]))
        return redactor
    }

    static func buffer() -> RunLogBuffer { RunLogBuffer(now: { "2026-01-01T00:00:00Z" }) }

    @Test func aSecretSplitAcrossChunksIsRedactedOnceItsLineIsWhole() {
        let log = Self.buffer()
        let redactor = Self.redactor("hunter2-sekret")
        for chunk in ["pass", "word: hun", "ter2-se", "kret\nnext"] {
            log.output(phase: "p", attempt: 1, stream: .stdout, source: "pod/c", bytes: Array(chunk.utf8), redactor: redactor)
        }
        #expect(log.drain().map(\.text) == ["password: <redacted>"])
        log.finish(phase: "p", attempt: 1, redactor: redactor)
        #expect(log.drain().map(\.text) == ["next"])
    }

    @Test func streamsAndSourcesKeepTheirOwnPartialLines() {
        let log = Self.buffer()
        let redactor = Redactor()
        log.output(phase: "p", attempt: 1, stream: .stdout, source: "a/c", bytes: Array("out-".utf8), redactor: redactor)
        log.output(phase: "p", attempt: 1, stream: .stderr, source: "a/c", bytes: Array("err\n".utf8), redactor: redactor)
        log.output(phase: "p", attempt: 1, stream: .stdout, source: "b/c", bytes: Array("other\n".utf8), redactor: redactor)
        log.output(phase: "p", attempt: 1, stream: .stdout, source: "a/c", bytes: Array("line\n".utf8), redactor: redactor)
        let lines = log.drain()
        #expect(lines.map(\.text) == ["err", "other", "out-line"])
        #expect(lines.map(\.stream) == [.stderr, .stdout, .stdout])
        #expect(lines.map(\.source) == ["a/c", "b/c", "a/c"])
    }

    @Test func aLineLongerThanTheLimitIsCutIntoPieces() {
        let log = Self.buffer()
        let long = String(repeating: "x", count: RunLogBuffer.maximumLineLength * 2 + 10) + "\n"
        log.output(phase: "p", attempt: 1, stream: .stdout, source: "s", bytes: Array(long.utf8), redactor: Redactor())
        #expect(
            log.drain().map(\.text.count)
                == [RunLogBuffer.maximumLineLength, RunLogBuffer.maximumLineLength, 10])
    }

    @Test func anAttemptKeepsAtMostItsShareAndCountsTheRest() {
        let log = Self.buffer()
        let line = Array((String(repeating: "y", count: 1023) + "\n").utf8)
        let total = RunLogBuffer.keptBytesPerAttempt / 1024 + 7
        for _ in 0..<total {
            log.output(phase: "p", attempt: 1, stream: .stdout, source: "s", bytes: line, redactor: Redactor())
        }
        log.finish(phase: "p", attempt: 1, redactor: Redactor())
        // A second attempt starts with a fresh allowance.
        log.output(phase: "p", attempt: 2, stream: .stdout, source: "s", bytes: line, redactor: Redactor())
        let lines = log.drain()
        #expect(lines.filter { $0.attempt == 1 && $0.stream == .stdout }.count == total - 7)
        #expect(lines.last { $0.attempt == 1 }?.text == "7 more lines of output were not kept (over 4 MiB)")
        #expect(lines.filter { $0.attempt == 2 }.count == 1)
    }

    @Test func aRetriedPhaseLogsEachAttemptAndWhyItWasRetried() async throws {
        let cluster = FakeCluster(objects: EngineFixtures.objects)
        cluster.failNextExecs(2)
        let journal = MemoryRunJournal()
        let blueprint = try EngineFixtures.blueprint(
            """
            apiVersion: cr.kanister.io/v1alpha1
            kind: Blueprint
            metadata:
              name: bp
              annotations: {coffer.dev/retry.backup.dump: 'attempts=3,backoff=1s'}
            actions:
              backup:
                phases:
                - func: KubeExec
                  name: dump
                  args: {namespace: prod, pod: db-0, command: [sh, -c, "echo dumped"]}
            """)
        let record = try await EngineFixtures.runner(blueprint, cluster, journal: journal)
            .run(RunRequest(action: "backup", object: EngineFixtures.statefulSetTarget))

        let lines = await journal.log(record.id)
        #expect(record.state == .complete)
        #expect(
            lines.filter { $0.phase == "dump" && $0.stream == .coffer }.map(\.text) == [
                "KubeExec started (attempt 1 of 3)",
                "attempt 1 failed: connection reset by peer; retrying in 1s",
                "KubeExec started (attempt 2 of 3)",
                "attempt 2 failed: connection reset by peer; retrying in 2s",
                "KubeExec started (attempt 3 of 3)",
                "phase complete",
            ])
        #expect(lines.first?.phase == "" && lines.last?.text == "run complete")
    }
}
