public import ArgumentParser

/// The `coffer` command: blueprints, runs, restore points and the local sandbox.
public struct Coffer: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "coffer",
        abstract: "Back up, restore and delete PostgreSQL backups on Kubernetes with Kanister-format blueprints.",
        version: "0.1.0",
        subcommands: [
            BlueprintCommand.self, RunCommand.self, RunsCommand.self, ClusterCommand.self, SandboxCommand.self, TemplateCommand.self,
        ])

    public init() {}
}
