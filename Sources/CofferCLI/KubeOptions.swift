import ArgumentParser
import CofferKube
import Foundation

/// `--kubeconfig`, `--context`, `-n/--namespace`: which cluster a command talks to, as kubectl spells them.
struct KubeOptions: ParsableArguments {
    @Option(help: "Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config, then in-cluster).")
    var kubeconfig: String?

    @Option(help: "The kubeconfig context to use (default: its current-context).")
    var context: String?

    @Option(name: [.short, .long], help: "The namespace to use (default: the context's, or \"default\").")
    var namespace: String?

    /// The connection these options and the environment name.
    ///
    /// - Throws: ``CommandFailure`` with the configuration problem, exit 1.
    func connection() throws -> ClusterConnection {
        do {
            return try KubeConfig.load(
                kubeconfigPath: kubeconfig, context: context, namespace: namespace,
                environment: ProcessInfo.processInfo.environment)
        } catch let error as KubeError {
            throw CommandFailure.invalidInput("error: \(error.description)")
        }
    }
}
