import Testing

@testable import CofferCore

/// `jsonString` writes JSON as Go's encoding/json does.
@Suite struct JSONWriterTests {
    static let compact: [(Value, String)] = [
        (nil, "null"), (true, "true"), (false, "false"), (0, "0"), (-7, "-7"), (.int(.min), "-9223372036854775808"),
        (1.0, "1"), (1.5, "1.5"), (-0.0, "-0"), (1e21, "1e+21"), (1e-7, "1e-7"), (1e20, "100000000000000000000"),
        (.double(.nan), "null"), (.double(.infinity), "null"), ("", "\"\""), ("a\"b\\c", #""a\"b\\c""#),
        ("\n\r\t\u{8}\u{c}", #""\n\r\t\b\f""#), ("\u{1}\u{1f}\u{7f}", #""\u0001\u001f\#u{7f}""#),
        ("<a&b>", "\"<a&b>\""), ("\u{2028}\u{2029}", #""\u2028\u2029""#), ("é😀/", "\"é😀/\""),
        ([], "[]"), ([:], "{}"), ([1, [2, [:]], nil], "[1,[2,{}],null]"),
        (["b": 1, "a": ["c": "d"]], #"{"b":1,"a":{"c":"d"}}"#),
    ]

    @Test(arguments: compact)
    func compactOutputMatchesGo(value: Value, expected: String) {
        #expect(value.jsonString() == expected)
    }

    @Test func prettyOutputIndentsLikeKubectl() {
        let value: Value = ["kind": "Pod", "spec": ["containers": [["name": "a", "ports": []]], "empty": [:]]]
        #expect(
            value.jsonString(pretty: true) == """
                {
                    "kind": "Pod",
                    "spec": {
                        "containers": [
                            {
                                "name": "a",
                                "ports": []
                            }
                        ],
                        "empty": {}
                    }
                }
                """)
    }

    @Test func sortedKeysOrderByUTF8Bytes() {
        let value: Value = ["b": 1, "a": ["z": 1, "Z": 2], "é": 3, "B": 4]
        #expect(value.jsonString(sortedKeys: true) == #"{"B":4,"a":{"Z":2,"z":1},"b":1,"é":3}"#)
    }

    @Test func htmlEscapingIsAvailableForGoCompatibleTemplates() {
        let writer = JSONWriter(escapeHTML: true)
        #expect(writer.string(for: "<a&b>") == #""\u003ca\u0026b\u003e""#)
    }

    static let roundTrips: [Value] = [
        nil, true, 0, .int(.max), .int(.min), 0.1, 1e300, .double(.leastNonzeroMagnitude), -1.5e-7, 1e21, 123456789.125,
        "quote \" backslash \\ tab \t nul \u{0} emoji 😀 line\u{2028}sep",
        ["a": [1, 2.5, ["b": nil]], "": [[], [:]], "x y": "z"],
    ]

    @Test(arguments: roundTrips)
    func parsingWrittenJSONGivesTheSameValue(value: Value) throws {
        #expect(try Value(json: value.jsonString()) == value)
        #expect(try Value(json: value.jsonString(pretty: true, sortedKeys: true)) == value)
    }

    @Test func deepValuesAreWrittenWithoutRecursion() {
        var value: Value = 1
        for _ in 0..<5_000 { value = [value] }
        let text = value.jsonString()
        #expect(text.utf8.count == 10_001)
    }
}
