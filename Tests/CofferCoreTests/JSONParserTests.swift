import Testing

@testable import CofferCore

/// `Value(json:)` parses JSON as Kubernetes' unstructured decoding does.
@Suite struct JSONParserTests {
    static let documents: [(String, Value)] = [
        ("null", nil), ("true", true), ("false", false), ("0", 0), ("-0", 0), ("42", 42), ("-42", -42),
        ("9223372036854775807", .int(.max)), ("-9223372036854775808", .int(.min)),
        ("9223372036854775808", 9_223_372_036_854_775_808.0), ("1.0", 1.0), ("1e2", 100.0), ("1E+2", 100.0),
        ("-1.5e-3", -0.0015), ("0.1", 0.1), ("\"\"", ""), ("\"a\\\"b\\\\c\\/d\"", "a\"b\\c/d"),
        ("\"\\b\\f\\n\\r\\t\"", "\u{8}\u{c}\n\r\t"), ("\"\\u00e9\\u4E2D\"", "\u{e9}\u{4e2d}"),
        ("\"\\ud83d\\ude00\"", "\u{1F600}"), ("\"\\ud83d\"", "\u{FFFD}"), ("\"\\ude00x\"", "\u{FFFD}x"),
        ("\"\\ud83d\\u0041\"", "\u{FFFD}A"), ("\"caf\u{e9} \u{1F600}\"", "caf\u{e9} \u{1F600}"),
        ("[]", []), ("{}", [:]), (" [1, \"a\", null, [true]] ", [1, "a", nil, [true]]),
        ("{\"a\": {\"b\": [1, 2.5]}, \"c\": \"d\"}", ["a": ["b": [1, 2.5]], "c": "d"]),
        ("\t\r\n{ \"k\" : 1 }\n", ["k": 1]),
    ]

    @Test(arguments: documents)
    func parsesJSON(text: String, expected: Value) throws {
        #expect(try Value(json: text) == expected)
    }

    @Test func objectsKeepDocumentOrder() throws {
        let value = try Value(json: #"{"z": 1, "a": 2, "m": 3}"#)
        #expect(value.objectValue?.keys == ["z", "a", "m"])
    }

    @Test func repeatedKeyKeepsItsFirstPlaceAndLastValue() throws {
        let value = try Value(json: #"{"a": 1, "b": 2, "a": 3}"#)
        #expect(value.objectValue?.keys == ["a", "b"])
        #expect(value["a"] == 3)
    }

    @Test func integralLiteralsAreIntsAndOthersDoubles() throws {
        let value = try Value(json: "[1, 1.0, 1e0, 100000000000000000000]")
        #expect(value == [.int(1), .double(1), .double(1), .double(1e20)])
    }

    @Test func invalidUTF8BecomesReplacementCharacter() throws {
        let bytes: [UInt8] = [0x22, 0x61, 0xFF, 0x62, 0x22]
        #expect(try Value(json: bytes) == "a\u{FFFD}b")
    }

    @Test func bytesAndStringsParseAlike() throws {
        let text = #"{"a": [1, "x\ny"]}"#
        #expect(try Value(json: Array(text.utf8)) == Value(json: text))
    }

    @Test func nestingUpToTheLimitParses() throws {
        let depth = JSONParser.maximumDepth
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var value = try Value(json: text)
        var levels = 1
        while case .array(let items) = value, let first = items.first {
            value = first
            levels += 1
        }
        #expect(levels == depth)
    }

    // MARK: - Errors

    static let errors: [(String, JSONError.Code, Int, Int)] = [
        ("", .truncated, 1, 1), ("  ", .truncated, 1, 3), ("[1, 2", .truncated, 1, 6), ("{\"a\": ", .truncated, 1, 7),
        ("\"abc", .truncated, 1, 5), ("tru", .truncated, 1, 4), ("-", .truncated, 1, 2), ("1.", .truncated, 1, 3),
        ("{\"a\"", .truncated, 1, 5),
        ("x", .syntax, 1, 1), ("[1,]", .syntax, 1, 4), ("[1 2]", .syntax, 1, 4), ("{\"a\" 1}", .syntax, 1, 6),
        ("{a: 1}", .syntax, 1, 2), ("{\"a\": 1,}", .syntax, 1, 9), ("01", .syntax, 1, 2), ("1 2", .syntax, 1, 3),
        ("-a", .syntax, 1, 2), ("1.e5", .syntax, 1, 3), ("1e+", .truncated, 1, 4), ("truth", .syntax, 1, 1),
        ("NaN", .syntax, 1, 1), ("\u{FEFF}{}", .syntax, 1, 1), ("[1]\n  x", .syntax, 2, 3), ("'a'", .syntax, 1, 1),
        ("\"a\nb\"", .invalidString, 1, 3), ("\"\\x\"", .invalidString, 1, 3), ("\"\\u12G4\"", .invalidString, 1, 2),
        ("\"\\u12", .truncated, 1, 2), ("1e400", .numberOutOfRange, 1, 1), ("[-1e400]", .numberOutOfRange, 1, 2),
        ("{\"é\": [\n  1,\n  x]}", .syntax, 3, 3),
    ]

    @Test(arguments: errors)
    func malformedJSONIsRejectedWithItsPosition(text: String, code: JSONError.Code, line: Int, column: Int) throws {
        let error = try #require(throws: JSONError.self) { try Value(json: text, file: "in.json") }
        #expect(error.code == code)
        #expect(error.position == SourcePosition(file: "in.json", line: line, column: column))
    }

    @Test func nestingPastTheLimitIsTooDeep() throws {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let error = try #require(throws: JSONError.self) { try Value(json: text) }
        #expect(error.code == .tooDeep)
        #expect(error.position == SourcePosition(file: "<json>", line: 1, column: 1001))
    }

    static let descriptions: [(String, String)] = [
        ("[1, 2", "in.json:1:6: unexpected end of input, expected ',' or ']' after an array element"),
        ("[1 2]", "in.json:1:4: expected ',' or ']' after an array element, found '2'"),
        ("\"a\u{1}\"", "in.json:1:3: control character U+0001 must be escaped in a string"),
        ("1e400", "in.json:1:1: number 1e400 is out of range"),
        ("{\"a\": é}", "in.json:1:7: expected a value, found U+00E9"),
    ]

    @Test func tooDeepDescriptionNamesTheLimit() throws {
        let text = String(repeating: "{\"a\":", count: 1001)
        let error = try #require(throws: JSONError.self) { try Value(json: text, file: "in.json") }
        #expect(error.description == "in.json:1:5001: arrays and objects nest deeper than 1000 levels")
    }

    @Test(arguments: descriptions)
    func errorDescriptionNamesFilePositionAndProblem(text: String, expected: String) throws {
        let error = try #require(throws: JSONError.self) { try Value(json: text, file: "in.json") }
        #expect(error.description == expected)
    }
}
