import Testing

@testable import CofferCore

/// Positions inside a scalar's text map to the file as exactly as its style allows.
@Suite struct ScalarTextLayoutTests {
    private func at(_ line: Int, _ column: Int) -> SourcePosition {
        SourcePosition(file: "a.yaml", line: line, column: column)
    }

    @Test func literalBlocksMapEveryLine() {
        let layout = ScalarTextLayout(style: .literal, start: at(4, 7))
        #expect(layout.position(line: 1, column: 1) == at(4, 7))
        #expect(layout.position(line: 3, column: 5) == at(6, 11))
    }

    @Test func oneLineScalarsMapTheirColumns() {
        let layout = ScalarTextLayout(style: .doubleQuoted, start: at(2, 10))
        #expect(layout.position(line: 1, column: 4) == at(2, 13))
    }

    @Test func pastTheExactColumnsTheStartIsGiven() {
        let layout = ScalarTextLayout(style: .doubleQuoted, start: at(2, 10), exactColumns: 3)
        #expect(layout.position(line: 1, column: 4) == at(2, 13))
        #expect(layout.position(line: 1, column: 5) == at(2, 10))
    }

    @Test(arguments: [ScalarTextLayout.Style.plain, .singleQuoted, .doubleQuoted, .folded])
    func laterLinesOfFoldedTextGiveTheStart(style: ScalarTextLayout.Style) {
        let layout = ScalarTextLayout(style: style, start: at(2, 10))
        #expect(layout.position(line: 2, column: 3) == at(2, 10))
    }

    @Test func loaderRecordedLayoutsAreFoundByPath() {
        var map = SourceMap(file: "a.yaml")
        let quoted = map.child(of: SourceMap.root, key: "q")
        let block = map.child(of: SourceMap.root, key: "b")
        map.setPositions(
            valueLine: 1, valueColumn: 4, keyLine: 1, keyColumn: 1, at: quoted,
            valueText: SourceMap.ScalarText(style: .singleQuoted, line: 1, column: 5),
            keyText: SourceMap.ScalarText(style: .plain, line: 1, column: 1))
        map.setPositions(
            valueLine: 2, valueColumn: 4, keyLine: 2, keyColumn: 1, at: block,
            valueText: SourceMap.ScalarText(style: .literal, line: 3, column: 3))
        map.finishRecording()
        #expect(
            map.textLayout(ofValueAt: ValuePath([.key("q")])) == ScalarTextLayout(style: .singleQuoted, start: at(1, 5))
        )
        #expect(map.textLayout(ofKeyAt: ValuePath([.key("q")])) == ScalarTextLayout(style: .plain, start: at(1, 1)))
        #expect(map.textLayout(ofValueAt: ValuePath([.key("b")])) == ScalarTextLayout(style: .literal, start: at(3, 3)))
        #expect(map.textLayout(ofKeyAt: ValuePath([.key("b")])) == nil)
    }
}
