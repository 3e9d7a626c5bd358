import Testing

@testable import CofferTemplate

@Suite struct TemplateParserTests {
    struct Position: Sendable, CustomTestStringConvertible {
        var template: String
        var line: Int
        var column: Int
        var message: String

        var testDescription: String { template.debugDescription }
    }

    // Lines are Go's (the line of the token Go's parser last read); columns point at the culprit
    // when it is on that line, counted in characters.
    @Test(arguments: [
        Position(template: "{{.a}}\n{{end}}", line: 2, column: 1, message: "unexpected {{end}}"),
        Position(template: "x\n  {{$y}}", line: 2, column: 5, message: "undefined variable \"$y\""),
        Position(template: "{{ nope }}", line: 1, column: 4, message: "function \"nope\" not defined"),
        Position(template: "é{{nope}}", line: 1, column: 4, message: "function \"nope\" not defined"),
        Position(template: "{{if .a}}\n\n{{.b}}", line: 3, column: 7, message: "unexpected EOF"),
        Position(template: "{{.a\n\n", line: 3, column: 1, message: "unclosed action started at t:1"),
        Position(template: "a\n{{.x | 3}}", line: 2, column: 9, message: "non executable command in pipeline stage 2"),
        Position(template: "{{/* x", line: 1, column: 3, message: "unclosed comment"),
        Position(template: "{{\n.a }", line: 2, column: 4, message: "unexpected \"}\" in operand"),
        Position(template: "{{break}}", line: 1, column: 8, message: "{{break}} outside {{range}}"),
        Position(template: "{{'\\z'}}", line: 1, column: 3, message: "invalid syntax"),
    ])
    func syntaxErrorsCarryGoLineAndCulpritColumn(_ expected: Position) throws {
        let error = try #require(throws: TemplateError.self) {
            try Template.parse(expected.template, name: "t", functions: testFunctions)
        }
        #expect(error.code == .syntax)
        #expect(error.message == expected.message)
        #expect(error.line == expected.line)
        #expect(error.column == expected.column)
        #expect(error.context == nil)
    }

    @Test func syntaxErrorDescriptionNamesTemplateLineAndColumn() throws {
        let error = try #require(throws: TemplateError.self) {
            try Template.parse("ok\n{{ .a | nope }}", name: "args.command")
        }
        #expect(error.description == "template: args.command:2:9: function \"nope\" not defined")
    }

    @Test func tenThousandNestedParenthesesFailCleanly() throws {
        let text = "{{" + String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000) + "}}"
        let error = try #require(throws: TemplateError.self) { try Template.parse(text) }
        #expect(error.message == "max expression depth exceeded")
    }

    @Test(arguments: ["{{if 1}}", "{{with 1}}", "{{range 1}}", "{{block \"b\" 1}}"])
    func tenThousandNestedControlsFailCleanly(_ opening: String) throws {
        let text = String(repeating: opening, count: 10_000) + String(repeating: "{{end}}", count: 10_000)
        let error = try #require(throws: TemplateError.self) { try Template.parse(text) }
        #expect(error.message == "exceeded maximum control structure depth (100)")
    }

    @Test func nestingUpToTheLimitParsesAndRenders() throws {
        let ifs = String(repeating: "{{if 1}}", count: 100) + "x" + String(repeating: "{{end}}", count: 100)
        let parens = "{{" + String(repeating: "(", count: 100) + "1" + String(repeating: ")", count: 100) + "}}"
        #expect(try Template.parse(ifs + parens).render(.nil_) == "x1")
    }

    @Test func longElseIfChainsAreNotNesting() throws {
        let text = "{{if 0}}" + String(repeating: "{{else if 0}}", count: 10_000) + "{{else}}last{{end}}"
        #expect(try Template.parse(text).render(.nil_) == "last")
    }

    @Test func textWithoutActionsIsPlainAndRendersUnchanged() throws {
        let text = "a } b {c} }} -}}\n"
        let template = try Template.parse(text)
        #expect(template.isPlainText)
        #expect(try template.render(.nil_) == text)
    }

    @Test(arguments: ["{{/* only a comment */}}", "{{.x}}", "a {{- \"b\" }}"])
    func textWithActionsOrCommentsIsNotPlain(_ text: String) throws {
        #expect(try !Template.parse(text).isPlainText)
    }

    @Test func breakIsAFunctionWhenTheTableDefinesOne() throws {
        let functions = FunctionTable([TemplateFunction("break", []) { _, _ in .string("called") }])
        #expect(try Template.parse("{{break}}", functions: functions).render(.nil_) == "called")
    }

    @Test func goBuiltinsAreAvailableWithAnyTable() throws {
        let template = try Template.parse("{{len .}} {{eq 1 1}}", functions: FunctionTable())
        #expect(try template.render(.list([.int(1)])) == "1 true")
    }

    @Test func tableFunctionsOverrideBuiltinsOfTheSameName() throws {
        let functions = FunctionTable([TemplateFunction("len", [.any]) { _, _ in .string("mine") }])
        #expect(try Template.parse("{{len 1}}", functions: functions).render(.nil_) == "mine")
    }

    @Test func templateNameIsKept() throws {
        #expect(try Template.parse("{{.}}", name: "phase.args").name == "phase.args")
    }
}
