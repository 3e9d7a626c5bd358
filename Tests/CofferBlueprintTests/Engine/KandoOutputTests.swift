import CofferCore
import Testing

@testable import CofferBlueprint

@Suite struct KandoOutputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var input: String
        var values: [String: String]
        var problems = 0
    }

    static let cases: [Case] = [
        .init(
            testDescription: "one line", input: "###Phase-output###: {\"key\":\"a\",\"value\":\"1\"}\n",
            values: ["a": "1"]),
        .init(
            testDescription: "among other output, last value wins",
            input:
                "log\n###Phase-output###: {\"key\":\"a\",\"value\":\"1\"}\nmore\n###Phase-output###: {\"key\":\"a\",\"value\":\"2\"}",
            values: ["a": "2"]),
        .init(
            testDescription: "marker after a prefix and surrounding spaces",
            input: "  2026-01-01 INFO ###Phase-output###:   {\"key\":\"b_2\",\"value\":\"x y\"}  \r\n",
            values: ["b_2": "x y"]),
        .init(testDescription: "no output lines", input: "hello\nworld\n", values: [:]),
        .init(testDescription: "invalid JSON", input: "###Phase-output###: {\"key\":\n", values: [:], problems: 1),
        .init(
            testDescription: "value not a string", input: "###Phase-output###: {\"key\":\"a\",\"value\":1}\n",
            values: [:],
            problems: 1),
        .init(
            testDescription: "empty key", input: "###Phase-output###: {\"key\":\"\",\"value\":\"v\"}\n", values: [:],
            problems: 1),
        .init(
            testDescription: "key with a dash", input: "###Phase-output###: {\"key\":\"a-b\",\"value\":\"v\"}\n",
            values: [:], problems: 1),
        .init(
            testDescription: "escaped newline in the value",
            input: "###Phase-output###: {\"key\":\"k\",\"value\":\"line1\\nline2\"}\n", values: ["k": "line1\nline2"]),
    ]

    @Test(arguments: cases) func parsesOutputLines(_ test: Case) {
        let output = KandoOutput.parse(test.input)
        #expect(output.values == test.values)
        #expect(output.problems.count == test.problems)
    }

    @Test func linesLongerThan64KiBArriveWhole() {
        let value = String(repeating: "x", count: 200_000)
        let line = Array("###Phase-output###: {\"key\":\"big\",\"value\":\"\(value)\"}\n".utf8)
        var output = KandoOutput()
        for chunk in line.chunks(of: 4096) { output.feed(chunk) }
        #expect(output.values["big"]?.count == 200_000)
    }

    @Test func aLineSplitAcrossChunksIsParsedOnceComplete() {
        var output = KandoOutput()
        output.feed(Array("###Phase-out".utf8))
        output.feed(Array("put###: {\"key\":\"a\",".utf8))
        #expect(output.values.isEmpty)
        output.feed(Array("\"value\":\"1\"}\n".utf8))
        #expect(output.values == ["a": "1"])
    }

    @Test func otherOutputIsKeptAsATailForErrorMessages() {
        let output = KandoOutput.parse("first\n###Phase-output###: {\"key\":\"a\",\"value\":\"1\"}\nsecond")
        #expect(output.tailText == "first\nsecond\n")
    }
}

@Suite struct RunEventTests {
    @Test func eventsBecomeJSONLines() {
        let event = RunEvent.phaseRetrying(phase: "dump", nextAttempt: 2, after: .seconds(10), error: "refused")
        #expect(
            event.value.jsonString(sortedKeys: true)
                == #"{"after":"10s","error":"refused","event":"phaseRetrying","nextAttempt":2,"phase":"dump"}"#)
        #expect(RunEvent.phaseFinished(phase: "a", state: .complete, error: nil).value["error"] == nil)
    }
}
