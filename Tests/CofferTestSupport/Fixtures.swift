public import Foundation

/// Paths the tests share: the package root, `../shared`, and the upstream Kanister blueprints.
public enum Fixtures {
    /// The package's root folder, found from this file's location.
    public static let packageRoot: URL = {
        URL(fileURLWithPath: #filePath)  // .../Tests/CofferTestSupport/Fixtures.swift
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }()

    /// `../shared` beside the package root, where CI places the reference material.
    public static let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")

    /// The upstream Kanister example blueprints.
    public static let upstreamBlueprintsDirectory = shared.appendingPathComponent("peers/kanister-blueprints")

    /// Every upstream file whose content declares `kind: Blueprint`, sorted by path.
    ///
    /// Found by walking the folder, so a file added there later is covered without touching the tests.
    public static func upstreamBlueprintFiles() throws -> [URL] {
        let enumerator = FileManager.default.enumerator(
            at: upstreamBlueprintsDirectory, includingPropertiesForKeys: nil)
        var files: [URL] = []
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "yaml" || url.pathExtension == "yml" else { continue }
            let text = try String(contentsOf: url, encoding: .utf8)
            if text.range(of: #"(?m)^kind:\s*Blueprint\s*$"#, options: .regularExpression) != nil {
                files.append(url)
            }
        }
        return files.sorted { $0.path < $1.path }
    }

    /// A fresh empty folder under the system's temporary directory.
    public static func temporaryDirectory(_ label: String = "coffer-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
