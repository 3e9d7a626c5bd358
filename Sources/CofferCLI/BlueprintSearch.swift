import ArgumentParser
import CofferBlueprint
import Foundation

/// Where a blueprint given by name is looked for: `--blueprint-dir` folders, then the folders in
/// `$COFFER_BLUEPRINT_PATH` (colon-separated), then `./blueprints`.
struct BlueprintSearchOptions: ParsableArguments {
    static let environmentVariable = "COFFER_BLUEPRINT_PATH"

    @Option(
        name: .customLong("blueprint-dir"),
        help: ArgumentHelp(
            "A folder to look for blueprints given by name in, before $COFFER_BLUEPRINT_PATH and ./blueprints; repeat for more.",
            valueName: "dir"),
        completion: .directory)
    var directories: [String] = []

    /// The folders searched, in order.
    func searchPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        let fromEnvironment = (environment[Self.environmentVariable] ?? "").split(separator: ":").map(String.init)
        return directories + fromEnvironment + ["blueprints"]
    }

    /// The blueprint in file `reference`, or in `NAME.yaml`/`NAME.yml` in the first folder of the search path
    /// that has one; the file is validated first, and any error is a usage error naming file:line:column.
    func load(_ reference: String) throws(CommandFailure) -> Blueprint {
        var path = reference
        if !FileManager.default.fileExists(atPath: path) {
            let folders = searchPath()
            let candidates = folders.flatMap { folder in ["yaml", "yml"].map { "\(folder)/\(reference).\($0)" } }
            guard !reference.contains("/"), let found = candidates.first(where: FileManager.default.fileExists) else {
                throw .usage(
                    "no blueprint file \"\(reference)\", nor \(reference).yaml or .yml in \(folders.joined(separator: ", "))")
            }
            path = found
        }
        let report = DocumentFileValidator().validate(try FileInput.bytes(of: path), file: path)
        guard report.isValid else {
            throw .usage(report.diagnostics.filter { $0.severity == .error }.map(\.description).joined(separator: "\n"))
        }
        guard let index = report.kinds.firstIndex(of: "Blueprint") else {
            throw .usage("\(path): no Blueprint document in the file")
        }
        do {
            return try Blueprint(document: report.documents[index])
        } catch {
            throw .usage("\(error)")
        }
    }
}
