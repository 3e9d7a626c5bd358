import ArgumentParser
import CofferCore
import CofferYAML

/// How a command prints what it was asked for.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case table, json, yaml
}

/// `-o/--output`, shared by every command that prints results.
struct OutputOptions: ParsableArguments {
    @Option(name: [.customShort("o"), .customLong("output")], help: "Output format: table, json or yaml.")
    var format: OutputFormat = .table

    /// `value` as the machine formats print it: JSON pretty with sorted keys, or YAML.
    static func machineText(_ value: Value, as format: OutputFormat) -> String {
        switch format {
        case .json: return value.jsonString(pretty: true, sortedKeys: true) + "\n"
        case .yaml, .table: return YAMLEmitter.emit(value)
        }
    }
}
