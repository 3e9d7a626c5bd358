import Testing

@testable import CofferCore

/// Positions are found by path, whichever way they were recorded.
@Suite struct SourceMapTests {
    private func at(_ line: Int, _ column: Int, _ file: String = "a.yaml") -> SourcePosition {
        SourcePosition(file: file, line: line, column: column)
    }

    @Test func positionsRecordedByPathAreFoundByPath() {
        var map = SourceMap(file: "a.yaml")
        let path = ValuePath([.key("spec"), .index(2), .key("name")])
        map.setPosition(at(3, 5), ofValueAt: path)
        map.setPosition(at(3, 1), ofKeyAt: path)
        #expect(map.position(ofValueAt: path) == at(3, 5))
        #expect(map.position(ofKeyAt: path) == at(3, 1))
        #expect(map.position(ofValueAt: path.parent) == nil)
        #expect(map.position(ofValueAt: ValuePath([.key("spec"), .index(1), .key("name")])) == nil)
        #expect(map.count == 1)
    }

    @Test func keyPositionFallsBackToTheValue() {
        var map = SourceMap(file: "a.yaml")
        map.setPosition(at(4, 3), ofValueAt: ValuePath([.index(0)]))
        #expect(map.position(ofKeyAt: ValuePath([.index(0)])) == at(4, 3))
    }

    @Test func nearestPositionClimbsToAnAncestorsKey() {
        var map = SourceMap(file: "a.yaml")
        map.setPosition(at(2, 1), ofKeyAt: ValuePath([.key("spec")]))
        #expect(map.nearestPosition(to: ValuePath([.key("spec"), .key("missing"), .index(3)])) == at(2, 1))
        #expect(map.nearestPosition(to: ValuePath([.key("other")])) == at(1, 1))
    }

    @Test func nodeHandlesAndPathsReachTheSamePlaces() {
        var map = SourceMap(file: "a.yaml")
        let spec = map.child(of: SourceMap.root, key: "spec")
        let item = map.child(of: spec, index: 0)
        map.setPositions(valueLine: 5, valueColumn: 7, keyLine: 5, keyColumn: 3, at: item)
        map.setPosition(valueLine: 1, valueColumn: 1, at: SourceMap.root)
        #expect(map.position(ofValueAt: ValuePath([.key("spec"), .index(0)])) == at(5, 7))
        #expect(map.position(ofKeyAt: ValuePath([.key("spec"), .index(0)])) == at(5, 3))
        #expect(map.position(ofValueAt: .root) == at(1, 1))
        #expect(map.existingChild(of: spec, .index(0)) == item)
        #expect(map.existingChild(of: spec, .key("0")) == nil)
        #expect(map.child(of: SourceMap.root, key: "spec") == spec)
        #expect(map.count == 2)
    }

    @Test func positionsInOtherFilesKeepTheirFile() {
        var map = SourceMap(file: "a.yaml")
        map.setPosition(at(9, 9, "b.yaml"), ofValueAt: ValuePath([.key("x")]))
        map.setPosition(at(1, 2), ofValueAt: ValuePath([.key("y")]))
        #expect(map.position(ofValueAt: ValuePath([.key("x")])) == at(9, 9, "b.yaml"))
        #expect(map.position(ofValueAt: ValuePath([.key("y")])) == at(1, 2))
    }

    @Test func renamingTheFileKeepsPositionsAlreadyRecorded() {
        var map = SourceMap(file: "a.yaml")
        map.setPosition(at(1, 2), ofValueAt: ValuePath([.key("y")]))
        map.file = "renamed.yaml"
        map.setPosition(at(3, 4, "renamed.yaml"), ofValueAt: ValuePath([.key("z")]))
        #expect(map.position(ofValueAt: ValuePath([.key("y")])) == at(1, 2))
        #expect(map.position(ofValueAt: ValuePath([.key("z")])) == at(3, 4, "renamed.yaml"))
        #expect(map.nearestPosition(to: ValuePath([.key("nothing")])) == at(1, 1, "renamed.yaml"))
    }

    @Test func anyIndexCanBeRecorded() {
        var map = SourceMap(file: "a.yaml")
        map.setPosition(at(1, 1), ofValueAt: ValuePath([.index(-1)]))
        map.setPosition(at(2, 1), ofValueAt: ValuePath([.index(.max)]))
        #expect(map.position(ofValueAt: ValuePath([.index(-1)])) == at(1, 1))
        #expect(map.position(ofValueAt: ValuePath([.index(.max)])) == at(2, 1))
    }
}
