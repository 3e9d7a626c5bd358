import CofferCore
import Testing

@testable import CofferBlueprint

@Suite struct JSONTextTests {
    @Test func readsNestedValuesKeepingKeyOrder() throws {
        let value = try JSONText.parse(#"{"b": [1, 2.5, true, null], "a": {"x": "y"}}"#)
        #expect(value == ["b": [1, 2.5, true, nil], "a": ["x": "y"]])
        #expect(value.objectValue?.keys == ["b", "a"])
    }

    @Test(arguments: [
        (#""a\"b\\c\/d\n""#, "a\"b\\c/d\n"),
        (#""\u00e9\u2028""#, "\u{E9}\u{2028}"),
        (#""\ud83d\ude00""#, "\u{1F600}"),
        (#""µs""#, "µs"),
    ])
    func decodesStringEscapes(json: String, expected: String) throws {
        #expect(try JSONText.parse(json) == .string(expected))
    }

    @Test func wholeNumbersAreIntegersAndOthersDoubles() throws {
        #expect(try JSONText.parse("[-7, 1e2, 0.5]") == [-7, 100.0, 0.5])
    }

    @Test(arguments: ["{", "[1,]", #"{"a" 1}"#, "tru", #""abc"#, "1 2", #"{"a": "\q"}"#])
    func rejectsMalformedText(json: String) {
        #expect(throws: JSONText.ParseError.self) { try JSONText.parse(json) }
    }
}
