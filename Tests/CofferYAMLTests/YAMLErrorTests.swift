import CofferCore
import Testing

@testable import CofferYAML

/// Each kind of bad input is an error with its code, at the position of the culprit.
@Suite struct YAMLErrorTests {
    static let cases: [(String, YAMLError.Code, Int, Int)] = [
        // libyaml's scanner and parser, at its problem mark.
        ("a: [1, 2", .syntax, 2, 1), ("a:\n\tb: 1", .syntax, 2, 1), ("a: b: c", .syntax, 1, 5),
        ("- a\nb: c", .syntax, 2, 1), ("a: |\n  x\n y", .syntax, 3, 2), ("{a: 1", .syntax, 2, 1),
        ("[1, 2]]", .syntax, 1, 7), ("a: 'open", .syntax, 1, 9), ("@at: 1", .syntax, 1, 1),
        ("a: \"\\q\"", .syntax, 1, 5), ("a:\n  - b\n   c: d", .syntax, 3, 5), ("*", .syntax, 1, 2),
        ("!<x", .syntax, 1, 4), ("a: {b: [c, {d: ", .syntax, 2, 1),
        // Keys.
        ("a: 1\nb: 2\na: 3", .duplicateKey, 3, 1), ("{a: 1, a: 2}", .duplicateKey, 1, 8),
        ("1: x\n\"1\": y", .duplicateKey, 2, 1), ("yes: 1\ntrue: 2", .duplicateKey, 2, 1),
        ("m:\n  <<: {a: 1}\n  <<: {b: 2}", .duplicateKey, 3, 3), ("<<: {a: 1, a: 2}", .duplicateKey, 1, 12),
        ("~: x", .unsupportedKey, 1, 1), ("? \n: x", .unsupportedKey, 1, 2), ("? [a]\n: b", .unsupportedKey, 1, 3),
        ("{[a]: b}", .unsupportedKey, 1, 2), ("? {a: 1}\n: b", .unsupportedKey, 1, 3),
        ("18446744073709551615: x", .unsupportedKey, 1, 1), ("a: &l [1]\nb: {*l : 2}", .unsupportedKey, 2, 5),
        // Tags.
        ("a: !!int abc", .invalidTag, 1, 4), ("a: !!int 1.5", .invalidTag, 1, 4), ("a: !!float x", .invalidTag, 1, 4),
        ("a: !!bool 1", .invalidTag, 1, 4), ("a: !!null x", .invalidTag, 1, 4), ("a: !!binary '*'", .invalidTag, 1, 4),
        ("a: !!binary YQ", .invalidTag, 1, 4), ("a: !!timestamp 2001-13-01", .invalidTag, 1, 4),
        ("a: !!float 18446744073709551615", .invalidTag, 1, 4), ("- !!int \"\"", .invalidTag, 1, 3),
        // Merges.
        ("m:\n  <<: 1", .invalidMerge, 2, 7), ("<<: [a]", .invalidMerge, 1, 5),
        ("<<: [{a: 1}, 2]", .invalidMerge, 1, 5),
        ("<<: ~", .invalidMerge, 1, 5), ("s: &s [1]\nm: {<<: *s}", .invalidMerge, 2, 9),
        // Aliases.
        ("a: *nope", .undefinedAlias, 1, 4), ("a: *later\nb: &later 1", .undefinedAlias, 1, 4),
        ("a: &x [1, *x]", .recursiveAlias, 1, 11), ("&r {a: *r}", .recursiveAlias, 1, 8),
        ("a: &m {b: {c: *m}}", .recursiveAlias, 1, 15),
    ]

    @Test(arguments: cases)
    func badInputIsAnErrorAtTheCulprit(text: String, code: YAMLError.Code, line: Int, column: Int) throws {
        let error = try loadError(text)
        #expect(error.code == code)
        #expect(error.position == at(line, column))
    }

    static let invalidBytes: [([UInt8], Int, Int)] = [
        ([0x61, 0x3A, 0x20, 0xFF], 1, 4), ([0x61, 0x0A, 0x62, 0x3A, 0x20, 0xC3], 2, 4), ([0, 1, 2], 1, 1),
        ([0x61, 0x3A, 0x20, 0x62, 0x00, 0x63], 1, 5), ([0x61, 0x3A, 0x20, 0xC3, 0x28], 1, 5),
        ([0x61, 0x3A, 0x20, 0xED, 0xA0, 0x80], 1, 4), ([0x61, 0x3A, 0x20, 0x1B], 1, 4),
        ([0xFF, 0xFE, 0x61], 1, 3),
    ]

    @Test(arguments: invalidBytes)
    func invalidEncodingIsAnErrorAtTheBadByte(bytes: [UInt8], line: Int, column: Int) throws {
        let error = try #require(throws: YAMLError.self) { try YAMLLoader.load(bytes, file: "test.yaml") }
        #expect(error.code == .invalidEncoding)
        #expect(error.position == at(line, column))
    }

    @Test func secondDocumentIsAnErrorForLoadSingle() throws {
        let error = try #require(throws: YAMLError.self) {
            try YAMLLoader.loadSingle("a: 1\n---\nb: 2", file: "test.yaml")
        }
        #expect(error.code == .multipleDocuments)
        #expect(error.description == "test.yaml:2:1: expected a single document, found another")
    }

    @Test func secondDocumentWithoutContentIsNoError() throws {
        #expect(try YAMLLoader.loadSingle("a: 1\n---\n# nothing\n", file: "test.yaml").value == ["a": 1])
    }

    static let descriptions: [(String, String)] = [
        ("a:\n\tb: 1", "test.yaml:2:1: found character that cannot start any token"),
        ("a: 1\nb: 2\na: 3", "test.yaml:3:1: mapping key \"a\" already defined at line 1"),
        ("~: x", "test.yaml:1:1: mapping key must not be null"),
        ("a: !!int abc", "test.yaml:1:4: !!int value \"abc\" is not an integer"),
        ("m:\n  <<: 1", "test.yaml:2:7: merge key \"<<\" needs a mapping or a sequence of mappings, found an integer"),
        ("a: *nope", "test.yaml:1:4: unknown anchor \"nope\" referenced"),
        ("a: &x [1, *x]", "test.yaml:1:11: alias \"*x\" refers to a node that contains it"),
    ]

    @Test(arguments: descriptions)
    func descriptionIsFilePositionAndMessage(text: String, expected: String) throws {
        #expect(try loadError(text).description == expected)
    }

    @Test func invalidEncodingDescriptionNamesTheByte() throws {
        let error = try #require(throws: YAMLError.self) {
            try YAMLLoader.load([0x61, 0x3A, 0x20, 0xFF] as [UInt8], file: "test.yaml")
        }
        #expect(error.description == "test.yaml:1:4: invalid leading UTF-8 octet (#xFF)")
    }

    @Test func detailedDescriptionAddsLibyamlContext() throws {
        let error = try loadError("a: [1, 2")
        #expect(
            error.detailedDescription() == """
                test.yaml:2:1: did not find expected ',' or ']'
                  while parsing a flow sequence started at test.yaml:1:4
                """)
    }

    @Test func messagesQuoteKeysOnOneLine() throws {
        let error = try loadError("\"a\\nb\": 1\n\"a\\nb\": 2\n")
        #expect(error.message == "mapping key \"a\\nb\" already defined at line 1")
    }

    @Test func publicLoaderThrowsYAMLError() {
        #expect(throws: YAMLError.self) { try YAMLLoader.loadSingle("[", file: "test.yaml") }
    }
}
