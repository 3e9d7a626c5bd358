import Foundation

/// Material in the `shared` folder beside the project root (`../shared`): peer blueprints, CRDs, references.
public enum SharedFiles {
    /// The absolute path of the `shared` folder.
    public static let directory: String = {
        // This file is Tests/CofferTestSupport/SharedFiles.swift; the project root is three levels up.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.deletingLastPathComponent().appendingPathComponent("shared").standardizedFileURL.path
    }()

    /// Paths, relative to ``directory`` and sorted, of the files under `folder` with one of `extensions`.
    public static func files(under folder: String, extensions: Set<String>) -> [String] {
        let base = directory + "/" + folder
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [] }
        var paths: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if extensions.contains((relative as NSString).pathExtension) { paths.append(folder + "/" + relative) }
        }
        return paths.sorted()
    }

    /// The bytes of the file at `path`, relative to ``directory``.
    public static func bytes(of path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: directory + "/" + path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        return [UInt8](data)
    }
}
