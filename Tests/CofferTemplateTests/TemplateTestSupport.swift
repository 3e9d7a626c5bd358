import Testing

@testable import CofferTemplate

/// Small functions for pipeline tests, so these tests do not depend on the Sprig library.
let testFunctions = FunctionTable([
    TemplateFunction("upper", [.string]) { arguments, _ in
        guard case .string(let text) = arguments[0] else { return arguments[0] }
        return .string(text.uppercased())
    },
    // The Go type a value arrives with, to check how literals and data are typed.
    TemplateFunction("kind", [.any]) { arguments, _ in .string(arguments[0].goTypeName) },
    TemplateFunction("addInt", [.int, .int]) { arguments, _ in
        guard case .int(let a) = arguments[0], case .int(let b) = arguments[1] else { return .nil_ }
        return .int(a + b)
    },
    TemplateFunction("addInt64", [.int64, .int64]) { arguments, _ in
        guard case .int64(let a) = arguments[0], case .int64(let b) = arguments[1] else { return .nil_ }
        return .int64(a + b)
    },
    TemplateFunction("isHalf", [.float64]) { arguments, _ in
        guard case .float64(let value) = arguments[0] else { return .nil_ }
        return .bool(value == 0.5)
    },
    TemplateFunction("flag", [.bool]) { arguments, _ in .string(arguments[0].isGoTrue ? "on" : "off") },
    TemplateFunction("size", [.list]) { arguments, _ in
        guard case .list(let list) = arguments[0] else { return .nil_ }
        return .int(list.count)
    },
    TemplateFunction("keys", [.map]) { arguments, _ in
        guard case .map(let map) = arguments[0] else { return .nil_ }
        return .string(map.keys.sorted().joined(separator: ","))
    },
    // Shows argument order: a pipeline's value arrives last.
    TemplateFunction("pair", [.string, .string]) { arguments, _ in
        guard case .string(let a) = arguments[0], case .string(let b) = arguments[1] else { return .nil_ }
        return .string("\(a)+\(b)")
    },
    TemplateFunction("count", [], variadic: .any) { arguments, _ in .int(arguments.count) },
    TemplateFunction("joined", [.string], variadic: .string) { arguments, _ in
        let parts = arguments.map { value -> String in
            if case .string(let text) = value { return text }
            return "?"
        }
        return .string(parts.dropFirst().joined(separator: parts[0]))
    },
    TemplateFunction("echo", [.any]) { arguments, _ in arguments[0] },
    TemplateFunction("fail", [.string]) { arguments, _ in
        guard case .string(let message) = arguments[0] else { return .nil_ }
        throw FunctionError(message)
    },
    TemplateFunction("null", []) { _, _ in .nil_ },
])

/// A struct such as Kanister's `StatefulSetParams`.
let statefulSet = TemplateValue.structure(
    TemplateStruct(
        typeName: "*param.StatefulSetParams",
        fields: [
            ("Name", .string("db")),
            ("Namespace", .string("prod")),
            ("Pods", .list([.string("db-0"), .string("db-1")])),
            ("Owner", .nil_),
        ]))

/// The data most conformance cases render with, shaped like Kanister's unstructured maps.
let conformanceData = TemplateValue.map([
    "str": .string("hello"),
    "empty": .string(""),
    "int": .int(7),
    "i64": .int64(7),
    "big": .int64(10),
    "zero": .int64(0),
    "half": .float64(0.5),
    "yes": .bool(true),
    "no": .bool(false),
    "none": .nil_,
    "list": .list([.int64(1), .int64(2), .int64(3)]),
    "strs": .list([.string("a"), .string("b"), .string("c")]),
    "emptyList": .list([]),
    "map": .map(["b": .int64(2), "a": .int64(1), "c": .int64(3)]),
    "emptyMap": .map([:]),
    "nested": .map(["inner": .map(["leaf": .string("deep")])]),
    "labels": .map(["app.kubernetes.io/instance": .string("pg")]),
    "Secrets": .map(["creds": .map(["Data": .map(["password": .bytes([104, 105])])])]),
    "items": .list([
        .map(["name": .string("x"), "on": .bool(true)]),
        .map(["name": .string("y"), "on": .bool(false)]),
    ]),
    "holes": .list([.string("a"), .nil_]),
    "StatefulSet": statefulSet,
    "time": .time(GoTime(seconds: 0)),
    "fn": .function(
        TemplateFunction("add", [.int, .int]) { arguments, _ in
            guard case .int(let a) = arguments[0], case .int(let b) = arguments[1] else { return .nil_ }
            return .int(a + b)
        }),
    "failing": .function(TemplateFunction("boom", []) { _, _ in throw FunctionError("boom") }),
])

/// What a conformance case expects: output, or an error of a code whose description contains a text.
enum Outcome: Sendable {
    case output(String)
    case failure(TemplateError.Code, String)
}

/// One row of a conformance table: template text, what Go does with it, and optionally other data.
struct ConformanceCase: Sendable, CustomTestStringConvertible {
    var template: String
    var outcome: Outcome
    var data: TemplateValue

    init(_ template: String, _ output: String, data: TemplateValue = conformanceData) {
        self.template = template
        self.outcome = .output(output)
        self.data = data
    }

    init(_ template: String, fails code: TemplateError.Code, _ message: String, data: TemplateValue = conformanceData) {
        self.template = template
        self.outcome = .failure(code, message)
        self.data = data
    }

    var testDescription: String { template }
}

/// Parses and renders a case's template, checking the output or the error.
func check(_ testCase: ConformanceCase, sourceLocation: SourceLocation = #_sourceLocation) {
    let result: Result<String, TemplateError>
    do {
        let template = try Template.parse(testCase.template, name: "t", functions: testFunctions)
        result = .success(try template.render(testCase.data))
    } catch {
        result = .failure(error)
    }
    switch (testCase.outcome, result) {
    case (.output(let expected), .success(let output)):
        #expect(output == expected, sourceLocation: sourceLocation)
    case (.output(let expected), .failure(let error)):
        Issue.record("expected \(expected.debugDescription), got error \(error)", sourceLocation: sourceLocation)
    case (.failure(let code, let message), .failure(let error)):
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        #expect(error.description.contains(message), "\(error)", sourceLocation: sourceLocation)
    case (.failure(_, let message), .success(let output)):
        Issue.record(
            "expected an error containing \(message.debugDescription), got \(output.debugDescription)",
            sourceLocation: sourceLocation)
    }
}

/// Renders `text` with `data`, for tests that look at one thing.
func render(_ text: String, _ data: TemplateValue = conformanceData) throws(TemplateError) -> String {
    try Template.parse(text, name: "t", functions: testFunctions).render(data)
}

/// The error parsing or rendering `text` gives, or `nil` when it renders.
func renderError(_ text: String, _ data: TemplateValue = conformanceData) -> TemplateError? {
    do {
        _ = try render(text, data)
        return nil
    } catch {
        return error
    }
}
