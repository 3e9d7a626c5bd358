import CofferTestSupport
import Foundation
import Testing

/// `coffer blueprint validate` as users run it: exit codes and one-line positioned errors.
@Suite struct BlueprintValidateCommandTests {
    static let valid = """
        apiVersion: cr.kanister.io/v1alpha1
        kind: Blueprint
        metadata:
          name: demo
        actions:
          backup:
            kind: StatefulSet
            phases:
            - func: KubeTask
              name: dump
              args:
                image: busybox
                namespace: "{{ .StatefulSet.Namespace }}"
                command: ["sh", "-c", "echo {{ .StatefulSet.Name }}"]

        """

    /// Writes `content` to a fresh file and runs `coffer blueprint validate` on it.
    static func validate(_ content: [UInt8], name: String = "bp.yaml", extra: [String] = [])
        throws -> (CofferProcess.Result, String)
    {
        let directory = try Fixtures.temporaryDirectory()
        let file = directory.appendingPathComponent(name)
        try Data(content).write(to: file)
        return (try CofferProcess.run(["blueprint", "validate"] + extra + [file.path]), file.path)
    }

    static func validate(_ text: String, extra: [String] = []) throws -> (CofferProcess.Result, String) {
        try validate(Array(text.utf8), extra: extra)
    }

    /// The process ended by itself with exit code 1 (not a crash, signal or time-out) and printed one
    /// line naming `file:line:column:` for each problem.
    static func expectCleanFailure(
        _ result: CofferProcess.Result, file: String, containing message: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(!result.timedOut, "timed out", sourceLocation: sourceLocation)
        #expect(result.exitCode == 1, "exit \(result.exitCode); stderr: \(result.stderr)", sourceLocation: sourceLocation)
        let lines = result.stdout.split(separator: "\n")
        #expect(!lines.isEmpty, "no diagnostic printed", sourceLocation: sourceLocation)
        for line in lines {
            #expect(line.hasPrefix("\(file):"), "\(line)", sourceLocation: sourceLocation)
            #expect(line.range(of: #"^[^:]+:\d+:\d+: "#, options: .regularExpression) != nil, "\(line)", sourceLocation: sourceLocation)
        }
        #expect(result.stdout.contains(message), "\(result.stdout)", sourceLocation: sourceLocation)
        #expect(!result.stderr.contains("Fatal error"), sourceLocation: sourceLocation)
    }

    @Test func validBlueprintExitsZero() throws {
        let (result, file) = try Self.validate(Self.valid)
        #expect(result.exitCode == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("\(file): valid blueprint"))
    }

    @Test func truncatedYAMLIsAPositionedError() throws {
        let truncated = String(Self.valid.prefix(Self.valid.count - 20)) + "\n  - [unclosed"
        let (result, file) = try Self.validate(truncated)
        Self.expectCleanFailure(result, file: file, containing: "\(file):15:14: found unexpected end of stream")
    }

    @Test func tabIndentationIsAPositionedError() throws {
        let (result, file) = try Self.validate(Self.valid.replacingOccurrences(of: "    kind: StatefulSet", with: "\tkind: StatefulSet"))
        Self.expectCleanFailure(result, file: file, containing: "\(file):7:")
    }

    @Test func duplicateKeyIsReportedAtTheSecondKey() throws {
        let (result, file) = try Self.validate(Self.valid + "  backup:\n    phases: []\n")
        Self.expectCleanFailure(result, file: file, containing: "\(file):15:3: mapping key \"backup\" already defined at line 6")
    }

    @Test func unknownFunctionListsTheKnownOnes() throws {
        let (result, file) = try Self.validate(Self.valid.replacingOccurrences(of: "func: KubeTask", with: "func: KubeTasc"))
        Self.expectCleanFailure(result, file: file, containing: "\(file):9:13: unknown function \"KubeTasc\"")
        #expect(result.stdout.contains("KubeTask"))
    }

    @Test func badTemplateSyntaxIsReportedInsideTheString() throws {
        let (result, file) = try Self.validate(Self.valid.replacingOccurrences(of: "{{ .StatefulSet.Namespace }}", with: "{{ .StatefulSet.Namespace | toJsn }}"))
        Self.expectCleanFailure(result, file: file, containing: "function \"toJsn\" not defined")
        #expect(result.stdout.contains("\(file):13:"))
    }

    @Test func unclosedActionInABlockNamesTheFileLineWhereItStarted() throws {
        let broken = Self.valid.replacingOccurrences(
            of: "command: [\"sh\", \"-c\", \"echo {{ .StatefulSet.Name }}\"]",
            with: "command:\n        - |\n          echo one\n          echo {{ if .Options.verbose }}v{{ end\n")
        let (result, file) = try Self.validate(broken)
        Self.expectCleanFailure(result, file: file, containing: "template: unclosed action started at line 17")
    }

    @Test func everyProblemIsReportedAtOnce() throws {
        let broken = Self.valid
            .replacingOccurrences(of: "func: KubeTask", with: "func: KubeTasc")
            .replacingOccurrences(of: "{{ .StatefulSet.Name }}", with: "{{ .Phases.later.Output.x }}")
        let directory = try Fixtures.temporaryDirectory()
        let first = directory.appendingPathComponent("a.yaml")
        let second = directory.appendingPathComponent("b.yaml")
        try Data(broken.utf8).write(to: first)
        try Data(Self.valid.replacingOccurrences(of: "image: busybox", with: "imag: busybox").utf8).write(to: second)
        let result = try CofferProcess.run(["blueprint", "validate", first.path, second.path])
        #expect(result.exitCode == 1)
        #expect(result.stdout.contains("unknown function \"KubeTasc\""))
        #expect(result.stdout.contains("unknown phase \"later\""))
        #expect(result.stdout.contains("\(second.path):12:9: unknown argument \"imag\" for KubeTask (did you mean \"image\"?)"))
        #expect(result.stdout.contains("\(second.path):11:7: missing required argument \"image\" for KubeTask"))
        #expect(result.stderr.contains("2 files checked: 4 errors, 0 warnings"))
    }

    @Test func binaryGarbageIsRejectedCleanly() throws {
        var generator = SplitMix64(seed: 42)
        let garbage = (0..<4096).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let (result, file) = try Self.validate(garbage)
        Self.expectCleanFailure(result, file: file, containing: file)
    }

    @Test func tenThousandNestingLevelsAreRejectedCleanly() throws {
        let nested = Self.valid + "  deep:\n    x: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n"
        let (result, file) = try Self.validate(nested)
        Self.expectCleanFailure(result, file: file, containing: "nest")
    }

    @Test func tenMegabyteBlueprintIsValidatedAndItsLastErrorPlaced() throws {
        var text = Self.valid.replacingOccurrences(of: "    phases:\n", with: "    phases:\n")
        let phase = """
                - func: KubeTask
                  name: step%d
                  args:
                    image: busybox
                    command: ["sh", "-c", "%@"]

            """
        let padding = String(repeating: "x", count: 400)
        var count = 0
        while text.utf8.count < 10 * 1024 * 1024 {
            text += phase.replacingOccurrences(of: "%d", with: String(count)).replacingOccurrences(of: "%@", with: padding)
            count += 1
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        text += "    - func: NoSuchFunction\n      name: last\n"
        let (result, file) = try Self.validate(text)
        Self.expectCleanFailure(result, file: file, containing: "\(file):\(lines):13: unknown function \"NoSuchFunction\"")
    }

    @Test func directoryIsWalkedForYAMLFiles() throws {
        let directory = try Fixtures.temporaryDirectory()
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("nested"), withIntermediateDirectories: true)
        try Data(Self.valid.utf8).write(to: directory.appendingPathComponent("a.yaml"))
        try Data(Self.valid.replacingOccurrences(of: "KubeTask", with: "Nope").utf8)
            .write(to: directory.appendingPathComponent("nested/b.yml"))
        try Data("not yaml: [".utf8).write(to: directory.appendingPathComponent("notes.txt"))
        let result = try CofferProcess.run(["blueprint", "validate", directory.path])
        #expect(result.exitCode == 1)
        #expect(result.stdout.contains("nested/b.yml:9:13: unknown function \"Nope\""))
        #expect(!result.stdout.contains("notes.txt"))
        #expect(result.stderr.contains("2 files checked: 1 error, 0 warnings"))
    }

    @Test func missingFileIsAnErrorNotACrash() throws {
        let result = try CofferProcess.run(["blueprint", "validate", "/nonexistent/bp.yaml"])
        #expect(result.exitCode == 1)
        #expect(result.stdout.contains("/nonexistent/bp.yaml:1:1: cannot read: No such file or directory"))
    }

    @Test func jsonOutputListsEveryDiagnosticWithItsPosition() throws {
        let (result, file) = try Self.validate(Self.valid.replacingOccurrences(of: "func: KubeTask", with: "func: KubeTasc"), extra: ["-o", "json"])
        #expect(result.exitCode == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["valid"] as? Bool == false)
        let files = try #require(object["files"] as? [[String: Any]])
        let diagnostic = try #require((files.first?["diagnostics"] as? [[String: Any]])?.first)
        #expect(diagnostic["file"] as? String == file)
        #expect(diagnostic["line"] as? Int == 9)
        #expect(diagnostic["column"] as? Int == 13)
        #expect(diagnostic["code"] as? String == "unknownFunction")
        #expect(diagnostic["path"] as? String == "$.actions.backup.phases[0].func")
    }

    @Test func usageErrorsExitTwo() throws {
        let result = try CofferProcess.run(["blueprint", "validate", "--output", "xml", "bp.yaml"])
        #expect(result.exitCode == 2)
    }
}

/// A small deterministic generator, so "random" inputs are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
