import CofferCore
import Testing

@testable import CofferYAML

/// Scalars record how their text sits in the file, so positions inside the text map back to it.
@Suite struct YAMLScalarTextLayoutTests {
    /// The file position of `line`:`column` of the text of the value at `valuePath` in `text`.
    func position(
        in text: String, at valuePath: ValuePath, line: Int, column: Int,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> SourcePosition {
        let layout = try #require(
            try loadDocument(text).sourceMap.textLayout(ofValueAt: valuePath), sourceLocation: sourceLocation)
        return layout.position(line: line, column: column)
    }

    static let styles: [(String, ScalarTextLayout.Style, SourcePosition)] = [
        ("a: xyz\n", .plain, at(1, 4)),
        ("a: 'xyz'\n", .singleQuoted, at(1, 5)),
        ("a: \"xyz\"\n", .doubleQuoted, at(1, 5)),
        ("a: |\n  xyz\n", .literal, at(2, 3)),
        ("a: >\n    xyz\n", .folded, at(2, 5)),
        ("a: !!str xyz\n", .plain, at(1, 10)),
        ("a: &anchor 'xyz'\n", .singleQuoted, at(1, 13)),
        ("a: !!str # why\n  \"xyz\"\n", .doubleQuoted, at(2, 4)),
        ("- |-\n  xyz\n", .literal, at(2, 3)),
    ]

    @Test(arguments: styles)
    func textStartsAfterQuotesPropertiesAndBlockHeaders(
        text: String, style: ScalarTextLayout.Style, start: SourcePosition
    ) throws {
        let document = try loadDocument(text)
        let valuePath = document.value.arrayValue == nil ? path("a") : path(0)
        let layout = try #require(document.sourceMap.textLayout(ofValueAt: valuePath))
        #expect(layout.style == style)
        #expect(layout.start == start)
    }

    @Test(arguments: [("k: v\n", at(1, 1)), ("'k': v\n", at(1, 2)), ("? \"k\"\n: v\n", at(1, 4))])
    func keysRecordTheirLayout(text: String, start: SourcePosition) throws {
        let layout = try #require(try loadDocument(text).sourceMap.textLayout(ofKeyAt: path("k")))
        #expect(layout.start == start)
    }

    @Test(arguments: [
        ("a: abc {{ x\n", at(1, 8)),
        ("a: 'abc {{ x'\n", at(1, 9)),
        ("a: \"abc {{ x\"\n", at(1, 9)),
        ("[é, 'ü abc {{ x']\n", at(1, 10)),
    ])
    func oneLineScalarsMapEveryColumn(text: String, expected: SourcePosition) throws {
        let valuePath = text.hasPrefix("[") ? path(1) : path("a")
        #expect(try position(in: text, at: valuePath, line: 1, column: 5) == expected)
    }

    @Test func literalBlocksMapEveryLineAndColumn() throws {
        let text = "a:\n  b: |\n    one\n      two\n    three\n"
        #expect(try position(in: text, at: path("a", "b"), line: 2, column: 3) == at(4, 7))
        #expect(try position(in: text, at: path("a", "b"), line: 3, column: 1) == at(5, 5))
    }

    @Test func literalBlocksKeepLeadingBlankLines() throws {
        let text = "a: |\n\n \n  one\n  two\n"
        #expect(try loadValue(text)["a"] == "\n\none\ntwo\n")
        #expect(try position(in: text, at: path("a"), line: 4, column: 2) == at(5, 4))
    }

    @Test func indentationIndicatorsKeepTheSpacesBeyondThem() throws {
        let text = "a: |2\n     one\n  two\n"
        #expect(try loadValue(text)["a"] == "   one\ntwo\n")
        #expect(try position(in: text, at: path("a"), line: 1, column: 4) == at(2, 6))
        #expect(try position(in: text, at: path("a"), line: 2, column: 1) == at(3, 3))
    }

    @Test func indentationIndicatorAfterChompingAndAComment() throws {
        let text = "a: |-1 # header\n\n  one\n"
        #expect(try loadValue(text)["a"] == "\n one")
        #expect(try position(in: text, at: path("a"), line: 2, column: 2) == at(3, 3))
    }

    @Test func crlfLineEndsCountAsOne() throws {
        let text = "a: |\r\n  one\r\n  two {{\r\nb: 'x {{'\r\n"
        #expect(try loadValue(text)["a"] == "one\ntwo {{\n")
        #expect(try position(in: text, at: path("a"), line: 2, column: 5) == at(3, 7))
        #expect(try position(in: text, at: path("b"), line: 1, column: 3) == at(4, 7))
    }

    @Test func blockScalarsAfterMultiByteTextAreFoundByCharacter() throws {
        let text = "é: 'ü'\na: |\n  ß {{\n"
        #expect(try position(in: text, at: path("a"), line: 1, column: 3) == at(3, 5))
    }

    @Test func escapesKeepColumnsBeforeThemAndGiveTheStartAfter() throws {
        let text = "a: \"ab\\tc {{\"\nb: 'it''s {{'\n"
        #expect(try position(in: text, at: path("a"), line: 1, column: 2) == at(1, 6))
        #expect(try position(in: text, at: path("a"), line: 1, column: 3) == at(1, 7))
        #expect(try position(in: text, at: path("a"), line: 1, column: 6) == at(1, 5))
        #expect(try position(in: text, at: path("b"), line: 1, column: 6) == at(2, 5))
    }

    @Test func foldedTextMapsItsFirstLineAndOtherwiseGivesTheStart() throws {
        let text = "a: >\n  one\n  two\n\n  three\n"
        #expect(try loadValue(text)["a"] == "one two\nthree\n")
        #expect(try position(in: text, at: path("a"), line: 1, column: 2) == at(2, 4))
        #expect(try position(in: text, at: path("a"), line: 1, column: 6) == at(2, 3))
        #expect(try position(in: text, at: path("a"), line: 2, column: 2) == at(2, 3))
    }

    @Test func multiLinePlainAndQuotedTextMapTheirFirstLine() throws {
        let text = "a: one  \n  two\nb: \"x\n  y\"\n"
        #expect(try position(in: text, at: path("a"), line: 1, column: 3) == at(1, 6))
        #expect(try position(in: text, at: path("a"), line: 1, column: 6) == at(1, 4))
        #expect(try position(in: text, at: path("b"), line: 1, column: 1) == at(3, 5))
        #expect(try position(in: text, at: path("b"), line: 1, column: 3) == at(3, 5))
    }

    @Test func aliasesAndCollectionsHaveNoLayout() throws {
        let document = try loadDocument("a: &x v\nb: *x\nc: [1]\n")
        #expect(document.sourceMap.textLayout(ofValueAt: path("a")) != nil)
        #expect(document.sourceMap.textLayout(ofValueAt: path("b")) == nil)
        #expect(document.sourceMap.textLayout(ofValueAt: path("c")) == nil)
    }

    @Test func settingAPositionForgetsTheLayout() throws {
        var sourceMap = try loadDocument("a: 'v'\n").sourceMap
        sourceMap.setPosition(at(9, 9), ofValueAt: path("a"))
        #expect(sourceMap.textLayout(ofValueAt: path("a")) == nil)
    }
}
