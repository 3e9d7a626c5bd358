import CofferCore
import CofferTestSupport
import Testing

@testable import CofferYAML

/// The upstream Kanister blueprints and real CRDs load, and survive JSON and YAML round trips.
@Suite struct YAMLPeerFilesTests {
    static let files =
        SharedFiles.files(under: "peers/kanister-blueprints", extensions: ["yaml", "yml"])
        + SharedFiles.files(under: "peers/crds", extensions: ["yaml", "yml"])

    @Test func peerFilesArePresent() {
        #expect(Self.files.count > 60)
        #expect(Self.files.contains { $0.hasSuffix("postgres-operator.crunchydata.com_postgresclusters.v5.8.9.yaml") })
    }

    @Test(arguments: files)
    func peerFileLoadsAndRoundTrips(path: String) throws {
        let documents = try YAMLLoader.load(try SharedFiles.bytes(of: path), file: path)
        #expect(!documents.isEmpty)
        for document in documents {
            #expect(try Value(json: document.value.jsonString()) == document.value)
            #expect(
                try YAMLLoader.loadSingle(YAMLEmitter.emit(document.value), file: "emitted.yaml").value
                    == document.value)
        }
        let emittedStream = YAMLEmitter.emit(documents: documents.map(\.value))
        #expect(try YAMLLoader.load(emittedStream, file: "emitted.yaml").map(\.value) == documents.map(\.value))
    }

    @Test(arguments: files.filter { $0.contains("blueprint") })
    func everyBlueprintValueAndKeyHasAPosition(path: String) throws {
        for document in try YAMLLoader.load(try SharedFiles.bytes(of: path), file: path) {
            var pending: [(Value, ValuePath)] = [(document.value, .root)]
            while let (value, valuePath) = pending.popLast() {
                #expect(document.sourceMap.position(ofValueAt: valuePath) != nil, "no position for \(valuePath)")
                switch value {
                case .object(let members):
                    for (key, member) in members {
                        let memberPath = valuePath.appending(key)
                        #expect(document.sourceMap.position(ofKeyAt: memberPath) != nil)
                        pending.append((member, memberPath))
                    }
                case .array(let items):
                    for (index, item) in items.enumerated() {
                        pending.append((item, valuePath.appending(index: index)))
                    }
                default:
                    break
                }
            }
        }
    }

    @Test(arguments: files)
    func everyStringsLayoutLandsOnItsText(path: String) throws {
        let bytes = try SharedFiles.bytes(of: path)
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map { Array($0.unicodeScalars.filter { $0 != "\r" }) }
        for document in try YAMLLoader.load(bytes, file: path) {
            var pending: [(Value, ValuePath)] = [(document.value, .root)]
            while let (value, valuePath) = pending.popLast() {
                switch value {
                case .string(let text):
                    if let layout = document.sourceMap.textLayout(ofValueAt: valuePath) {
                        expectLayout(layout, of: text, in: lines, at: valuePath)
                    }
                case .object(let members):
                    for (key, member) in members {
                        let memberPath = valuePath.appending(key)
                        if let layout = document.sourceMap.textLayout(ofKeyAt: memberPath) {
                            expectLayout(layout, of: key, in: lines, at: memberPath)
                        }
                        pending.append((member, memberPath))
                    }
                case .array(let items):
                    for (index, item) in items.enumerated() {
                        pending.append((item, valuePath.appending(index: index)))
                    }
                default:
                    break
                }
            }
        }
    }

    /// The characters `layout` calls exact are the file's: all of a literal block, else the first line's.
    func expectLayout(
        _ layout: ScalarTextLayout, of text: String, in lines: [[Unicode.Scalar]], at valuePath: ValuePath,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let textLines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        let checked = layout.style == .literal ? textLines.count : 1
        for (index, textLine) in textLines.prefix(checked).enumerated() {
            let exact = index == 0 ? min(layout.exactColumns ?? textLine.count, textLine.count) : textLine.count
            guard exact > 0 else { continue }
            let start = layout.position(line: index + 1, column: 1)
            let fileLine = start.line <= lines.count ? lines[start.line - 1] : []
            let found = fileLine.dropFirst(start.column - 1).prefix(exact)
            #expect(
                Array(found) == Array(textLine.prefix(exact)), "\(valuePath) line \(index + 1) at \(start)",
                sourceLocation: sourceLocation)
        }
    }
}
