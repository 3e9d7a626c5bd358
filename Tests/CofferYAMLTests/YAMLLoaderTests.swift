import CofferCore
import Testing

@testable import CofferYAML

/// Structure: documents, collections in both styles, anchors, aliases and merge keys.
@Suite struct YAMLLoaderTests {
    @Test func blockAndFlowCollectionsBuildTheSameValue() throws {
        let block = try loadValue(
            """
            name: demo
            replicas: 3
            labels:
              app: web
            ports:
            - 80
            - name: https
              port: 443
            """)
        let flow = try loadValue(
            "{name: demo, replicas: 3, labels: {app: web}, ports: [80, {name: https, port: 443}]}")
        let expected: Value = [
            "name": "demo", "replicas": 3, "labels": ["app": "web"], "ports": [80, ["name": "https", "port": 443]],
        ]
        #expect(block == expected)
        #expect(flow == expected)
    }

    @Test func mapsKeepDocumentOrder() throws {
        let value = try loadValue("zeta: 1\nalpha: 2\nmid: 3\n")
        #expect(value.objectValue?.keys == ["zeta", "alpha", "mid"])
    }

    @Test func allScalarStylesKeepTheirText() throws {
        let value = try loadValue(
            """
            plain: a b  c
            single: 'it''s #not a comment'
            double: "tab\\there\\nnewline \\u263A"
            literal: |
              line 1
                indented
              line 3
            folded: >
              folded
              text

              new paragraph
            strip: |-
              no newline
            keep: |+
              two newlines

            end: x
            """)
        #expect(value["plain"] == "a b  c")
        #expect(value["single"] == "it's #not a comment")
        #expect(value["double"] == "tab\there\nnewline \u{263A}")
        #expect(value["literal"] == "line 1\n  indented\nline 3\n")
        #expect(value["folded"] == "folded text\nnew paragraph\n")
        #expect(value["strip"] == "no newline")
        #expect(value["keep"] == "two newlines\n\n")
    }

    @Test func aliasesCopyTheAnchoredValue() throws {
        let value = try loadValue(
            """
            base: &base {image: busybox, args: [a, b]}
            scalar: &s 42
            first: *base
            second: [*s, *base]
            """)
        let base: Value = ["image": "busybox", "args": ["a", "b"]]
        #expect(value["first"] == base)
        #expect(value["second"] == [42, base])
    }

    @Test func laterAnchorWithTheSameNameWinsForLaterAliases() throws {
        let value = try loadValue("a: &x 1\nb: *x\nc: &x 2\nd: *x\n")
        #expect(value == ["a": 1, "b": 1, "c": 2, "d": 2])
    }

    @Test func anchoredKeyCanBeAliasedAsKeyOrValue() throws {
        let value = try loadValue("&k name: 1\nother: *k\nsub: {*k : 2}\n")
        #expect(value == ["name": 1, "other": "name", "sub": ["name": 2]])
    }

    @Test func mergeKeyAddsMissingKeysFromOneMap() throws {
        let value = try loadValue(
            """
            defaults: &defaults {cpu: 1, memory: 1Gi}
            container:
              <<: *defaults
              memory: 2Gi
              name: app
            """)
        #expect(value["container"] == ["cpu": 1, "memory": "2Gi", "name": "app"])
    }

    @Test func explicitKeysWinEvenWhenWrittenBeforeTheMerge() throws {
        let value = try loadValue("base: &b {a: 1, b: 2}\nm:\n  b: own\n  <<: *b\n")
        #expect(value["m"] == ["b": "own", "a": 1])
    }

    @Test func earlierMapsInAMergeSequenceWin() throws {
        let value = try loadValue(
            """
            one: &one {a: 1, b: 1}
            two: &two {b: 2, c: 2}
            m:
              <<: [*one, *two]
              c: 3
            """)
        #expect(value["m"] == ["a": 1, "b": 1, "c": 3])
    }

    @Test func mergedKeysTakeThePlaceOfTheMergeKey() throws {
        let value = try loadValue("b: &b {p: 1, q: 2}\nm: {first: 0, <<: *b, last: 3, q: 4}\n")
        #expect(value["m"]?.objectValue?.keys == ["first", "p", "last", "q"])
    }

    @Test func inlineMergeMapsAndTaggedMergeKeysMerge() throws {
        let value = try loadValue("m:\n  !!merge <<: {a: 1}\n  b: 2\nl:\n  <<: [{c: 3}, {c: 4, d: 5}]\n")
        #expect(value["m"] == ["a": 1, "b": 2])
        #expect(value["l"] == ["c": 3, "d": 5])
    }

    @Test func anchoredMergeKeyCanBeAliasedAsItsText() throws {
        let value = try loadValue("m: {&k <<: {a: 1}}\nuse: *k\n")
        #expect(value == ["m": ["a": 1], "use": "<<"])
    }

    @Test func quotedMergeKeyIsAnOrdinaryKey() throws {
        let value = try loadValue("\"<<\": {a: 1}\n")
        #expect(value == ["<<": ["a": 1]])
    }

    @Test func mergeOfAMapThatMergedCarriesItsMergedKeys() throws {
        let value = try loadValue("a: &a {x: 1}\nb: &b {<<: *a, w: 2}\nc: {<<: *b, z: 3}\n")
        #expect(value["c"] == ["x": 1, "w": 2, "z": 3])
    }

    @Test func everyDocumentOfAStreamLoads() throws {
        let documents = try YAMLLoader.load("a: 1\n---\n- 2\n--- 3\n...\n---\nnull\n", file: "test.yaml")
        #expect(documents.map(\.value) == [["a": 1], [2], 3, nil])
    }

    @Test func documentsWithoutContentAreLeftOut() throws {
        let documents = try YAMLLoader.load(
            "# only a comment\n---\n---\n# another\n---\nx: 1\n---\n", file: "test.yaml")
        #expect(documents.map(\.value) == [["x": 1]])
    }

    @Test(arguments: ["", "   \n\n", "# comment\n# another\n", "---\n", "%YAML 1.1\n---\n"])
    func streamWithoutContentHasNoDocuments(text: String) throws {
        #expect(try YAMLLoader.load(text, file: "test.yaml").isEmpty)
        #expect(try YAMLLoader.loadSingle(text, file: "test.yaml").value == .null)
    }

    @Test func yAndNKeysAreBooleansAsInKubernetes() throws {
        #expect(try loadValue("y: 1\nn: 2\n") == ["true": 1, "false": 2])
    }

    @Test func anchoredEmptyNodeIsNull() throws {
        #expect(try YAMLLoader.load("&a", file: "test.yaml").map(\.value) == [nil])
    }

    @Test func anchorsDoNotReachIntoLaterDocuments() throws {
        let error = try loadError("a: &x 1\n---\nb: *x\n")
        #expect(error.code == .undefinedAlias)
        #expect(error.position == at(3, 4))
    }

    @Test func bytesLoadLikeText() throws {
        let text = "a: [1, \"é\"]\nb: {c: d}\n"
        let fromBytes = try YAMLLoader.load(Array(text.utf8), file: "test.yaml")
        #expect(fromBytes.map(\.value) == (try YAMLLoader.load(text, file: "test.yaml")).map(\.value))
    }

    @Test func utf16WithByteOrderMarkLoads() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "k: v\u{e9}\n".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(try YAMLLoader.loadSingle(bytes, file: "test.yaml").value == ["k": "v\u{e9}"])
    }

    @Test func utf8ByteOrderMarkIsSkipped() throws {
        #expect(try YAMLLoader.loadSingle([0xEF, 0xBB, 0xBF] + Array("a: 1".utf8), file: "t").value == ["a": 1])
    }

    @Test func windowsLineEndingsLoad() throws {
        #expect(try loadValue("a: 1\r\nb: |\r\n  x\r\n  y\r\n") == ["a": 1, "b": "x\ny\n"])
    }
}
