import CofferCore
import Testing

@testable import CofferYAML

/// Every value and key is positioned, 1-based, in the document's source map.
@Suite struct YAMLPositionTests {
    static let text = """
        a: 1
        b:
          c: [x, {d: e}]
        list:
        - one
        - k: v
        empty:
        quoted: "q"
        """

    static let values: [(ValuePath, SourcePosition)] = [
        (.root, at(1, 1)), (path("a"), at(1, 4)), (path("b"), at(3, 3)), (path("b", "c"), at(3, 6)),
        (path("b", "c", 0), at(3, 7)), (path("b", "c", 1), at(3, 10)), (path("b", "c", 1, "d"), at(3, 14)),
        (path("list"), at(5, 1)), (path("list", 0), at(5, 3)), (path("list", 1), at(6, 3)),
        (path("list", 1, "k"), at(6, 6)), (path("empty"), at(7, 7)), (path("quoted"), at(8, 9)),
    ]

    @Test(arguments: values)
    func valuesArePositionedWhereTheyStart(path: ValuePath, expected: SourcePosition) throws {
        let document = try loadDocument(Self.text)
        #expect(document.sourceMap.position(ofValueAt: path) == expected)
    }

    static let keys: [(ValuePath, SourcePosition)] = [
        (path("a"), at(1, 1)), (path("b"), at(2, 1)), (path("b", "c"), at(3, 3)), (path("b", "c", 1, "d"), at(3, 11)),
        (path("list"), at(4, 1)), (path("list", 1, "k"), at(6, 3)), (path("empty"), at(7, 1)),
        (path("quoted"), at(8, 1)),
    ]

    @Test(arguments: keys)
    func keysArePositionedWhereTheyStart(path: ValuePath, expected: SourcePosition) throws {
        let document = try loadDocument(Self.text)
        #expect(document.sourceMap.position(ofKeyAt: path) == expected)
    }

    @Test func arrayElementsUseTheirOwnPositionAsKeyPosition() throws {
        let document = try loadDocument(Self.text)
        #expect(document.sourceMap.position(ofKeyAt: path("list", 0)) == at(5, 3))
    }

    @Test func laterDocumentsCountLinesFromTheStartOfTheStream() throws {
        let documents = try YAMLLoader.load("a: 1\n---\nb:\n  - 2\n--- {c: 3}\n", file: "multi.yaml")
        #expect(documents.count == 3)
        #expect(documents[1].sourceMap.position(ofKeyAt: path("b")) == at(3, 1, file: "multi.yaml"))
        #expect(documents[1].sourceMap.position(ofValueAt: path("b", 0)) == at(4, 5, file: "multi.yaml"))
        #expect(documents[2].sourceMap.position(ofKeyAt: path("c")) == at(5, 6, file: "multi.yaml"))
        #expect(documents[2].sourceMap.position(ofValueAt: path("c")) == at(5, 9, file: "multi.yaml"))
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let document = try loadDocument("é: [ü, ß]\n")
        #expect(document.sourceMap.position(ofValueAt: path("é", 1)) == at(1, 8))
    }

    @Test func aliasContentIsPositionedAtTheAlias() throws {
        let document = try loadDocument("base: &b {x: {w: [1]}}\nuse: *b\n")
        for valuePath in [path("use"), path("use", "x"), path("use", "x", "w"), path("use", "x", "w", 0)] {
            #expect(document.sourceMap.position(ofValueAt: valuePath) == at(2, 6))
        }
        #expect(document.sourceMap.position(ofKeyAt: path("use", "x")) == at(2, 6))
        #expect(document.sourceMap.position(ofValueAt: path("base", "x", "w", 0)) == at(1, 19))
    }

    @Test func mergedKeysArePositionedAtTheirSourceAndOwnKeysAtThemselves() throws {
        let document = try loadDocument("b: &b {x: 1, w: {z: 2}}\nm:\n  <<: *b\n  x: own\n")
        #expect(document.sourceMap.position(ofKeyAt: path("m", "w")) == at(3, 7))
        #expect(document.sourceMap.position(ofValueAt: path("m", "w", "z")) == at(3, 7))
        #expect(document.sourceMap.position(ofKeyAt: path("m", "x")) == at(4, 3))
        #expect(document.sourceMap.position(ofKeyAt: path("m", "<<")) == nil)
    }

    @Test func inlineMergeMapMembersArePositionedAtTheMergeValue() throws {
        let document = try loadDocument("m:\n  <<: {a: {b: 1}}\n")
        #expect(document.sourceMap.position(ofValueAt: path("m", "a", "b")) == at(2, 7))
    }

    @Test func everyPathOfABlueprintLikeDocumentHasAPosition() throws {
        let document = try loadDocument(
            """
            apiVersion: cr.kanister.io/v1alpha1
            kind: Blueprint
            defaults: &defaults
              namespace: "{{ .StatefulSet.Namespace }}"
              image: ghcr.io/kanisterio/kanister-tools:0.110.0
            actions:
              backup:
                outputArtifacts:
                  dump:
                    keyValue: {path: "{{ .Phases.dump.Output.path }}"}
                phases:
                - func: KubeTask
                  name: dump
                  args:
                    <<: *defaults
                    command: [bash, -o, errexit, -c, "echo hi"]
            """)
        var pending: [(Value, ValuePath)] = [(document.value, .root)]
        while let (value, valuePath) = pending.popLast() {
            #expect(document.sourceMap.position(ofValueAt: valuePath) != nil, "no position for \(valuePath)")
            if case .object(let members) = value {
                for (key, member) in members {
                    #expect(document.sourceMap.position(ofKeyAt: valuePath.appending(key)) != nil)
                    pending.append((member, valuePath.appending(key)))
                }
            }
            if case .array(let items) = value {
                for (index, item) in items.enumerated() { pending.append((item, valuePath.appending(index: index))) }
            }
        }
    }
}
