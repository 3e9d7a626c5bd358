import CofferCore
import Testing

@testable import CofferTemplate

@Suite struct TemplateExecutionTests {
    // MARK: - Errors

    @Test func missingKeyErrorCarriesCodePositionAndContext() throws {
        let error = try #require(throws: TemplateError.self) { try render("a\n  {{ .Phases.backup.Output }}") }
        #expect(error.code == .missingKey)
        #expect(error.message == "map has no entry for key \"Phases\"")
        #expect((error.line, error.column) == (2, 13))
        #expect(error.context == ".Phases.backup.Output")
        #expect(
            error.description
                == "template: t:2:13: executing \"t\" at <.Phases.backup.Output>: map has no entry for key \"Phases\"")
    }

    @Test func functionErrorNamesTheFunctionAndTheCommand() throws {
        let error = try #require(throws: TemplateError.self) { try render("{{ .str | fail }}") }
        #expect(error.code == .function)
        #expect(error.description == "template: t:1:11: executing \"t\" at <fail>: error calling fail: hello")
    }

    @Test func executionErrorDescribesTheArgument() throws {
        let error = try #require(throws: TemplateError.self) { try render("{{ addInt .i64 1 }}") }
        #expect(error.code == .execution)
        #expect(
            error.description
                == "template: t:1:11: executing \"t\" at <.i64>: wrong type for value; expected int; got int64")
    }

    @Test func errorsInsideDefinitionsPointIntoTheText() throws {
        let text = "{{ define \"T\" }}\n  {{ .nope }}\n{{ end }}{{ template \"T\" .nested }}"
        let error = try #require(throws: TemplateError.self) { try render(text) }
        #expect(error.code == .missingKey)
        #expect((error.line, error.column, error.context) == (2, 6, ".nope"))
    }

    @Test func runawayRecursionIsAnErrorNotACrash() throws {
        let text = "{{define \"R\"}}{{if .}}{{template \"R\" .}}{{end}}{{end}}{{template \"R\" 1}}"
        let error = try #require(throws: TemplateError.self) { try render(text) }
        #expect(error.code == .execution)
        #expect(error.message == "exceeded maximum template depth (300)")
    }

    // MARK: - Rendering

    @Test func kanisterImageIdiomUsesTheOptionOrTheDefault() throws {
        let text = """
            image: {{ if index .Options "kanisterImage" -}}
              {{- .Options.kanisterImage -}}
            {{- else -}}
              ghcr.io/kanisterio/kanister-tools:0.110.0
            {{- end }}
            """
        let withOption = TemplateValue.map(["Options": .map(["kanisterImage": .string("img:1")])])
        #expect(try render(text, withOption) == "image: img:1")
        #expect(try render(text, .map(["Options": .map([:])])) == "image: ghcr.io/kanisterio/kanister-tools:0.110.0")
    }

    @Test func documentWholeNumbersArriveAsInt64() throws {
        let data = TemplateValue(Value.object(ValueMap([("replicas", Value.int(2))])))
        #expect(try render("{{ addInt64 .replicas 1 }}", data) == "3")
        let error = try #require(throws: TemplateError.self) { try render("{{ addInt .replicas 1 }}", data) }
        #expect(error.message == "wrong type for value; expected int; got int64")
    }

    @Test func printsCompositeValuesWithGoFormatting() throws {
        #expect(try render("{{ .map }} {{ .list }} {{ .emptyList }}") == "map[a:1 b:2 c:3] [1 2 3] []")
    }

    @Test func topLevelTemplateCanCallItselfByName() throws {
        let text = "{{ if . }}{{ index . 0 }}{{ template \"t\" (slice . 1) }}{{ end }}"
        #expect(try render(text, .list([.string("a"), .string("b")])) == "ab")
    }

    @Test func functionsReceiveTheRenderContext() throws {
        let functions = FunctionTable([
            TemplateFunction("zone", []) { _, context in .string(context.localZoneName) },
            TemplateFunction("epoch", []) { _, context in .int64(context.now().seconds) },
        ])
        let template = try Template.parse("{{ zone }} {{ epoch }}", functions: functions)
        let context = FunctionContext(now: { GoTime(seconds: 42) }, localZoneName: "CET", localZoneOffset: 3600)
        #expect(try template.render(.nil_, context: context) == "CET 42")
    }

    @Test func oneTemplateRendersConcurrently() async throws {
        let template = try Template.parse("{{ range . }}{{ . }}{{ end }}", functions: testFunctions)
        let outputs = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<50 {
                group.addTask { try template.render(.list([.int(index), .int(index)])) }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(Set(outputs) == Set((0..<50).map { "\($0)\($0)" }))
    }

    // MARK: - Field references

    struct References: Sendable, CustomTestStringConvertible {
        var template: String
        var paths: [[String]]

        var testDescription: String { template }
    }

    @Test(arguments: [
        References(template: "{{ .Phases.backup.Output.path }}", paths: [["Phases", "backup", "Output", "path"]]),
        References(
            template: "{{ index .Object.metadata.labels \"app.kubernetes.io/instance\" }}",
            paths: [["Object", "metadata", "labels", "app.kubernetes.io/instance"]]),
        References(
            template: "{{ index .Phases.dump.Secrets.pg.Data \"password\" | echo }}",
            paths: [["Phases", "dump", "Secrets", "pg", "Data", "password"]]),
        References(template: "{{ index . \"Phases\" \"x\" }}", paths: [["Phases", "x"]]),
        References(template: "{{ index .M .key \"lit\" }}", paths: [["M"], ["key"]]),
        References(template: "{{ (index .Phases \"b\").Output.k }}", paths: [["Phases", "b", "Output", "k"]]),
        References(template: "{{ upper (index .A \"b\") }}", paths: [["A", "b"]]),
        References(template: "{{ range .ArtifactsIn }}{{ .KeyValue.path }}{{ end }}", paths: [["ArtifactsIn"]]),
        References(
            template: "{{ range $k, $v := .Items }}{{ $.ArtifactsIn.b.KeyValue.p }}{{ else }}{{ .E }}{{ end }}",
            paths: [["Items"], ["ArtifactsIn", "b", "KeyValue", "p"], ["E"]]),
        References(
            template: "{{ with .Options }}{{ .x }}{{ else with .Other }}{{ .y }}{{ else }}{{ .Fallback }}{{ end }}",
            paths: [["Options"], ["Other"], ["Fallback"]]),
        References(
            template: "{{ if .A }}{{ .B }}{{ else if .C }}{{ .D }}{{ end }}", paths: [["A"], ["B"], ["C"], ["D"]]),
        References(
            template: "{{ define \"T\" }}{{ .Hidden }}{{ $.AlsoHidden }}{{ end }}{{ template \"T\" .Arg.X }}",
            paths: [["Arg", "X"]]),
        References(template: "{{ block \"B\" .Arg }}{{ .Hidden }}{{ end }}", paths: [["Arg"]]),
        References(template: "{{ $x := .A }}{{ $x.B }}{{ $.C }}", paths: [["A"], ["C"]]),
        References(template: "{{ .A | upper }}{{ .}}{{ $ }}", paths: [["A"]]),
        References(template: "no actions", paths: []),
    ])
    func fieldReferencesListChainsReadFromTheData(_ expected: References) throws {
        let template = try Template.parse(expected.template, functions: testFunctions)
        #expect(template.fieldReferences.map(\.path) == expected.paths)
    }

    @Test func fieldReferencesCarryTheChainStart() throws {
        let text = "command:\n  - {{ .Phases.dump.Output.file }}\n  - é {{ index $.ArtifactsIn.b.KeyValue \"k\" }}"
        let references = try Template.parse(text, functions: testFunctions).fieldReferences
        #expect(
            references == [
                FieldReference(path: ["Phases", "dump", "Output", "file"], line: 2, column: 8),
                FieldReference(path: ["ArtifactsIn", "b", "KeyValue", "k"], line: 3, column: 16),
            ])
    }
}
