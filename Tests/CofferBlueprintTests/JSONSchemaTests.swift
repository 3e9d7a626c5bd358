import CofferCore
import Testing

@testable import CofferBlueprint

@Suite struct JSONSchemaTests {
    struct KeywordCase: Sendable, CustomTestStringConvertible {
        var schema: String
        var valid: Value
        var invalid: Value
        var message: String
        var testDescription: String { schema }
    }

    static let keywordCases: [KeywordCase] = [
        .init(schema: #"{"type": "string"}"#, valid: "x", invalid: 1, message: "expected string, got integer"),
        .init(
            schema: #"{"type": ["string", "null"]}"#, valid: nil, invalid: true,
            message: "expected null or string, got boolean"),
        .init(schema: #"{"type": "integer"}"#, valid: 3.0, invalid: 3.5, message: "expected integer, got number"),
        .init(schema: #"{"type": "number"}"#, valid: 3, invalid: "3", message: "expected number, got string"),
        .init(schema: #"{"enum": ["a", 1]}"#, valid: 1.0, invalid: "b", message: #""b" is not one of "a", 1"#),
        .init(
            schema: #"{"const": "Blueprint"}"#, valid: "Blueprint", invalid: "ActionSet",
            message: #"expected "Blueprint", got "ActionSet""#),
        .init(
            schema: #"{"required": ["func"]}"#, valid: ["func": "X"], invalid: ["name": "x"],
            message: #"missing required property "func""#),
        .init(
            schema: #"{"properties": {"a": {"type": "string"}}}"#, valid: ["a": "x", "b": 1], invalid: ["a": 1],
            message: "expected string, got integer"),
        .init(
            schema: #"{"properties": {"a": true}, "additionalProperties": false}"#, valid: ["a": 1], invalid: ["b": 1],
            message: #"unknown property "b"; expected one of: a"#),
        .init(
            schema: #"{"additionalProperties": {"type": "string"}}"#, valid: ["a": "x"], invalid: ["a": 1],
            message: "expected string, got integer"),
        .init(
            schema: #"{"patternProperties": {"^x-": {"type": "integer"}}}"#, valid: ["x-a": 1, "y": "s"],
            invalid: ["x-a": "s"], message: "expected integer, got string"),
        .init(
            schema: #"{"propertyNames": {"pattern": "^[a-z]+$"}}"#, valid: ["abc": 1], invalid: ["aBc": 1],
            message: #"property name "aBc" is not allowed"#),
        .init(
            schema: #"{"minProperties": 1}"#, valid: ["a": 1], invalid: [:],
            message: "expected at least 1 property, got 0"),
        .init(
            schema: #"{"maxProperties": 1}"#, valid: ["a": 1], invalid: ["a": 1, "b": 2],
            message: "expected at most 1 property, got 2"),
        .init(
            schema: #"{"items": {"type": "string"}}"#, valid: ["a", "b"], invalid: ["a", 2],
            message: "expected string, got integer"),
        .init(
            schema: #"{"prefixItems": [{"type": "integer"}], "items": {"type": "string"}}"#, valid: [1, "a"],
            invalid: ["a", "b"], message: "expected integer, got string"),
        .init(schema: #"{"minItems": 2}"#, valid: [1, 2], invalid: [1], message: "expected at least 2 items, got 1"),
        .init(schema: #"{"maxItems": 1}"#, valid: [1], invalid: [1, 2], message: "expected at most 1 item, got 2"),
        .init(schema: #"{"uniqueItems": true}"#, valid: [1, "1"], invalid: [1, 1.0], message: "duplicate item 1"),
        .init(
            schema: #"{"pattern": "^[0-9]+s$"}"#, valid: "90s", invalid: "90",
            message: #""90" does not match the pattern ^[0-9]+s$"#),
        .init(schema: #"{"minLength": 1}"#, valid: "a", invalid: "", message: "expected a non-empty string"),
        .init(
            schema: #"{"minLength": 3}"#, valid: "abc", invalid: "ab", message: "expected at least 3 characters, got 2"),
        .init(
            schema: #"{"maxLength": 2}"#, valid: "µs", invalid: "abc", message: "expected at most 2 characters, got 3"),
        .init(schema: #"{"minimum": 0}"#, valid: 0, invalid: -1, message: "expected at least 0, got -1"),
        .init(schema: #"{"maximum": 10}"#, valid: 10, invalid: 10.5, message: "expected at most 10, got 10.5"),
        .init(schema: #"{"exclusiveMinimum": 0}"#, valid: 1, invalid: 0, message: "expected more than 0, got 0"),
        .init(schema: #"{"exclusiveMaximum": 5}"#, valid: 4, invalid: 5, message: "expected less than 5, got 5"),
        .init(
            schema: #"{"multipleOf": 0.5}"#, valid: 2.5, invalid: 2.2, message: "expected a multiple of 0.5, got 2.2"),
        .init(
            schema: ##"{"$defs": {"s": {"type": "string"}}, "$ref": "#/$defs/s"}"##, valid: "x", invalid: 1,
            message: "expected string, got integer"),
        .init(
            schema: #"{"allOf": [{"minimum": 1}, {"maximum": 2}]}"#, valid: 2, invalid: 3,
            message: "expected at most 2, got 3"),
        .init(
            schema: #"{"anyOf": [{"type": "string"}, {"type": "integer"}]}"#, valid: 1, invalid: true,
            message: "expected integer or string, got boolean"),
        .init(
            schema: #"{"oneOf": [{"type": "integer"}, {"minimum": 5}]}"#, valid: 3, invalid: 7,
            message: "value matches 2 of the allowed forms; expected exactly one"),
        .init(
            schema: #"{"not": {"type": "null"}}"#, valid: 1, invalid: nil,
            message: "value matches a form that is not allowed here"),
        .init(
            schema:
                #"{"if": {"properties": {"kind": {"const": "a"}}}, "then": {"required": ["x"]}, "else": {"required": ["y"]}}"#,
            valid: ["kind": "b", "y": 1], invalid: ["kind": "a", "y": 1], message: #"missing required property "x""#),
        .init(
            schema: #"{"properties": {"a": false}}"#, valid: [:], invalid: ["a": 1], message: "no value is allowed here"
        ),
    ]

    @Test(arguments: keywordCases)
    func keywordAcceptsValidAndReportsInvalid(_ test: KeywordCase) throws {
        let schema = try JSONSchema(text: test.schema)
        #expect(schema.violations(of: test.valid).isEmpty)
        #expect(schema.accepts(test.valid))
        #expect(schema.violations(of: test.invalid).map(\.message) == [test.message])
        #expect(!schema.accepts(test.invalid))
    }

    @Test func annotationKeywordsAreIgnored() throws {
        let schema = try JSONSchema(
            text:
                #"{"title": "t", "description": "d", "examples": [1], "default": 2, "format": "uri", "type": "string"}"#
        )
        #expect(schema.accepts("not a uri"))
    }

    @Test(arguments: [
        ##"{"unevaluatedProperties": false}"##, ##"{"$ref": "other.json"}"##, ##"{"$ref": "#/$defs/missing"}"##,
        #"{"pattern": "(("}"#, #"{"type": "text"}"#, #"{"minItems": -1}"#, "[1]", "{",
    ])
    func unsupportedOrBrokenSchemaDoesNotCompile(text: String) {
        #expect(throws: BlueprintError.self) { try JSONSchema(text: text) }
    }

    @Test func reportsEveryProblemNotJustTheFirst() throws {
        let schema = try JSONSchema(
            text: #"""
                {"type": "object", "required": ["a", "b"], "additionalProperties": false,
                 "properties": {"a": {"type": "string"}, "c": {"type": "array", "items": {"type": "integer"}}}}
                """#)
        let violations = schema.violations(of: ["c": [1, "x", "y"], "d": 1])
        #expect(
            violations.map(\.description) == [
                #"missing required property "a" (at $)"#,
                #"missing required property "b" (at $)"#,
                "expected integer, got string (at $.c[1])",
                "expected integer, got string (at $.c[2])",
                #"unknown property "d"; expected one of: a, c (at $.d)"#,
            ])
    }

    @Test func recursiveReferencesValidateNestedValues() throws {
        let schema = try JSONSchema(
            text: ##"""
                {"$defs": {"node": {"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#/$defs/node"}}, "name": {"type": "string"}}}},
                 "$ref": "#/$defs/node"}
                """##)
        let tree: Value = ["name": "a", "children": [["name": "b", "children": [["name": 3]]]]]
        #expect(schema.violations(of: tree).map(\.path.description) == ["$.children[0].children[0].name"])
    }

    @Test func anyOfReportsTheBranchWhoseTypeFits() throws {
        let schema = try JSONSchema(
            text: #"{"anyOf": [{"type": "string"}, {"type": "object", "required": ["name"]}]}"#)
        #expect(schema.violations(of: ["other": 1]).map(\.message) == [#"missing required property "name""#])
    }

    @Test func anyOfSummarisesWhenSeveralBranchesFit() throws {
        let schema = try JSONSchema(text: #"{"anyOf": [{"required": ["name"]}, {"required": ["generateName"]}]}"#)
        #expect(
            schema.violations(of: [:]).map(\.message) == [
                #"value matches none of the allowed forms: missing required property "name"; or missing required property "generateName""#
            ])
    }

    // MARK: - Positions

    @Test func missingPropertyIsReportedAtTheParentsKey() throws {
        let schema = try JSONSchema(
            text: #"{"properties": {"spec": {"type": "object", "required": ["func"]}}}"#)
        let test = TestDocument(["kind": "x", "spec": ["name": "a"]])
        let diagnostic = try #require(schema.diagnostics(for: test.document).first)
        #expect(diagnostic.position == test.position(of: "spec:"))
        #expect(diagnostic.path == path("spec"))
        #expect(diagnostic.description == #"test.yaml:2:1: missing required property "func" (at $.spec)"#)
    }

    @Test func wrongValueIsReportedAtTheValue() throws {
        let schema = try JSONSchema(text: #"{"properties": {"replicas": {"type": "integer"}}}"#)
        let test = TestDocument(["name": "a", "replicas": "three"])
        let diagnostic = try #require(schema.diagnostics(for: test.document).first)
        #expect(diagnostic.position == test.position(of: "three"))
        #expect(diagnostic.code == .schema)
    }

    @Test func unknownPropertyIsReportedAtItsKey() throws {
        let schema = try JSONSchema(text: #"{"properties": {"a": true}, "additionalProperties": false}"#)
        let test = TestDocument(["a": 1, "typo": ["x": 1]])
        let diagnostic = try #require(schema.diagnostics(for: test.document).first)
        #expect(diagnostic.position == test.position(of: "typo:"))
        #expect(diagnostic.path == path("typo"))
    }

    @Test func arrayElementIsReportedAtTheElement() throws {
        let schema = try JSONSchema(text: #"{"properties": {"names": {"items": {"type": "string"}}}}"#)
        let test = TestDocument(["names": ["a", 2]])
        let diagnostic = try #require(schema.diagnostics(for: test.document).first)
        #expect(diagnostic.position == test.position(of: "2", onLineWith: "- 2"))
        #expect(diagnostic.path == path("names", 1))
    }
}
