import CofferBlueprint
import CofferCore

/// Runs as `coffer run` and `coffer runs` print them for people.
enum RunTable {
    /// One run: its state, each phase with its outputs, and the output artifacts.
    static func describe(_ record: RunRecord) -> String {
        let object = record.request.object
        var text = "run \(record.id): \(record.action) of \(record.blueprint) on "
        text += "\(object.kind)/\(object.namespace)/\(object.name): \(record.state.rawValue)\n"
        if let error = record.error { text += "error: \(error)\n" }
        let phases = record.phases.map { ($0, "phase") } + (record.deferPhase.map { [($0, "deferPhase")] } ?? [])
        for (phase, label) in phases {
            text += "\(label) \(phase.name) (\(phase.function)): \(phase.state.rawValue)"
            text += phase.error.map { ": \($0)\n" } ?? "\n"
            for (key, value) in phase.output.sorted(by: { $0.key < $1.key }) {
                text += "  \(key): \(value.jsonString(sortedKeys: true))\n"
            }
        }
        for (name, artifact) in record.artifacts.sorted(by: { $0.key < $1.key }) {
            let pairs = artifact.keyValue.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            text += "artifact \(name): \(pairs.joined(separator: " "))"
            text += artifact.kopiaSnapshot.map { " kopiaSnapshot=\($0)\n" } ?? "\n"
        }
        return text
    }

    /// Several runs, one a line, under a header.
    static func list(_ records: [RunRecord]) -> String {
        let rows =
            [["ID", "ACTION", "BLUEPRINT", "OBJECT", "STATE", "STARTED"]]
            + records.map { record in
                let object = record.request.object
                return [
                    record.id, record.action, record.blueprint, "\(object.kind)/\(object.namespace)/\(object.name)",
                    record.state.rawValue, record.startedAt,
                ]
            }
        let widths = (0..<6).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "   ")
        }.joined(separator: "\n") + "\n"
    }
}
