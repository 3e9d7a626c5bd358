import CofferCore
import Testing

@testable import CofferYAML

/// Emitted YAML reads like kubectl's and loads back to the value it came from.
@Suite struct YAMLEmitterTests {
    @Test func emitsBlockStyleInMapOrder() {
        let value: Value = [
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": ["name": "demo", "labels": [:]],
            "data": ["script": "echo hi\nexit 0\n", "flag": "yes", "count": "3", "empty": ""],
            "items": [1, 2.0, nil, true, ["a": 1, "b": [1]], [], [1, [2, 3]], "- x"],
        ]
        #expect(
            YAMLEmitter.emit(value) == """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: demo
                  labels: {}
                data:
                  script: |
                    echo hi
                    exit 0
                  flag: "yes"
                  count: "3"
                  empty: ""
                items:
                - 1
                - 2.0
                - null
                - true
                - a: 1
                  b:
                  - 1
                - []
                - - 1
                  - - 2
                    - 3
                - "- x"

                """)
    }

    static let styles: [(String, String)] = [
        ("plain text", "plain text"), ("yes", "\"yes\""), ("1", "\"1\""), ("null", "\"null\""), ("", "\"\""),
        ("0x1F", "\"0x1F\""), (" lead", "\" lead\""), ("trail ", "\"trail \""), ("a: b", "\"a: b\""),
        ("a #b", "\"a #b\""), ("a#b", "a#b"), ("a:b", "a:b"), ("end:", "\"end:\""), ("<<", "\"<<\""),
        ("2001-12-14", "\"2001-12-14\""), ("tab\there", "\"tab\\there\""), ("bell\u{7}", "\"bell\\x07\""),
        ("nel\u{85}", "\"nel\\N\""), ("ls\u{2028}", "\"ls\\L\""), ("\u{feff}bom", "\"\\uFEFFbom\""),
        ("é😀", "é😀"), ("{{ .Values.x }}", "\"{{ .Values.x }}\""), ("a\r\nb", "\"a\\r\\nb\""),
        ("no newline\nat end", "|-\n  no newline\n  at end"), ("one\n", "|\n  one"), ("keep\n\n", "|+\n  keep\n"),
        (" indented\nnext", "|2-\n   indented\n  next"), ("\nleading", "|2-\n\n  leading"), ("\n", "\"\\n\""),
    ]

    @Test(arguments: styles)
    func stringsUseTheSimplestSafeStyle(string: String, expected: String) {
        #expect(YAMLEmitter.emit(["k": .string(string)]) == "k: \(expected)\n")
    }

    @Test func floatsStayFloats() {
        #expect(
            YAMLEmitter.emit([1.0, 1.5, 1e6, 1e21, 1e-7, -0.0, .double(.infinity), .double(-.infinity), .double(.nan)])
                == """
                - 1.0
                - 1.5
                - 1e+06
                - 1e+21
                - 1e-07
                - -0.0
                - .inf
                - -.inf
                - .nan

                """)
    }

    @Test func rootScalarsAndEmptyCollectionsAreOneLine() {
        #expect(YAMLEmitter.emit(nil) == "null\n")
        #expect(YAMLEmitter.emit("yes") == "\"yes\"\n")
        #expect(YAMLEmitter.emit([:]) == "{}\n")
        #expect(YAMLEmitter.emit([]) == "[]\n")
        #expect(YAMLEmitter.emit("two\nlines") == "|-\n  two\n  lines\n")
    }

    @Test func documentsAreSeparatedByMarkers() throws {
        let documents: [Value] = [["a": 1], [2], "text", nil, [:]]
        let text = YAMLEmitter.emit(documents: documents)
        #expect(text == "a: 1\n---\n- 2\n---\ntext\n---\nnull\n---\n{}\n")
        #expect(try YAMLLoader.load(text, file: "t").map(\.value) == documents)
        #expect(YAMLEmitter.emit(documents: []) == "")
    }

    @Test func keysTooLongForASimpleKeyUseTheExplicitForm() throws {
        let key = String(repeating: "k", count: 1_500)
        let members: [(String, Value)] = [("short", 1), (key, ["x": [1]])]
        let value = Value.object(ValueMap(members))
        let text = YAMLEmitter.emit(value)
        #expect(text.contains("? " + key + "\n:\n  x:\n  - 1\n"))
        #expect(try loadValue(text) == value)
    }

    static let trickyStrings: [String] = [
        "yes", "No", "on", "OFF", "y", "N", "true", "False", "null", "~", "", " ", "  lead", "trail ", "1", "-1", "+1",
        "0x1F", "0o17", "017", "0b1", "1e3", "1.5", ".5", "1.", ".inf", "-.Inf", ".nan", "1_000", "08", "2001-12-14",
        "12:30", "-", "- a", "-a", ":", "a:", "a: b", "a:b", "#", "a #b", "a#b", "{", "}", "[", "]", ",", "a,b",
        "&a", "*a", "!tag", "|", ">", "'", "\"", "%", "@", "`", "?", "? a", "---", "...", "... x", "<<", "a\nb",
        "a\n", "a\n\n", "\n", "\n\n", "\na", " a\nb", "\ta\nb", "a\n b", "a\n\tb", "a\r\nb", "tab\there", "\t",
        "nul\u{0}", "bell\u{7}", "del\u{7f}", "c1\u{85}nel\u{9f}", "\u{2028}\u{2029}", "\u{feff}bom", "\u{fffe}",
        "é😀", "\u{a0}nbsp\u{a0}", "spaces at end \nnext", "last line spaces\n  ", "a: b\n- c\n# d\n",
        "#!/bin/bash\necho \"hi\" > /dev/null\n", "{{ .Values.x }}", "%YAML", "a  b", "1:20", "x\u{1f}y",
        "  \n  ", "line\n\n\nwith gaps\n\n", "\\backslash\\", "'single' \"double\"", "key: |\n  nested",
        "\u{10FFFF}", "--- a", "- - -", "a\n---\nb", "a\n...\nb", String(repeating: "long ", count: 400),
    ]

    @Test(arguments: trickyStrings)
    func stringsRoundTripAsValuesAndKeys(string: String) throws {
        let value: Value = [
            "value": .string(string), "list": [.string(string)], "map": .object(ValueMap([(string, .int(1))])),
        ]
        let text = YAMLEmitter.emit(value)
        #expect(try loadValue(text) == value, "emitted:\n\(text)")
        #expect(try loadValue(YAMLEmitter.emit(.string(string))) == .string(string))
    }

    static let trickyValues: [Value] = [
        nil, true, false, 0, -1, .int(.max), .int(.min), 1.0, 1.5, -0.0, 1e21, 1e-7, 123456789.0, 0.1,
        .double(.leastNonzeroMagnitude), .double(.greatestFiniteMagnitude), .double(.infinity), .double(-.infinity),
        [], [:], [[]], [[:]], [[], [:], [[[]]]], ["a": [:], "b": [], "c": [[:]]], [[1, [2, [3]]]],
        ["a": ["b": ["c": ["d": "e"]]]], [["a": 1, "b": ["c": [1, ["d": nil]]]]],
        ["multi": "line\ntext\n", "list": ["x\ny", "z\n\n"], "nested": [["s": " lead\n"]]],
        ["yes": "no", "1": 2, "": "", "null": nil, "<<": ["merge": "not"], "- k": "v"],
    ]

    @Test(arguments: trickyValues)
    func valuesRoundTrip(value: Value) throws {
        let text = YAMLEmitter.emit(value)
        #expect(try loadValue(text) == value, "emitted:\n\(text)")
    }

    @Test func nanRoundTrips() throws {
        let value = try loadValue(YAMLEmitter.emit(["x": .double(.nan)]))
        #expect(value["x"]?.doubleValue?.isNaN == true)
    }

    @Test func deepValuesAreEmittedWithoutRecursion() throws {
        var value: Value = "leaf"
        for level in 0..<999 { value = level.isMultiple(of: 2) ? [value] : ["k": value] }
        #expect(try loadValue(YAMLEmitter.emit(value)) == value)
    }
}
