public import CofferCore

/// A function Coffer can run: it decodes its rendered arguments, then runs against a cluster.
///
/// Built once per phase run from that phase's arguments, so it holds no state between runs.
public protocol ExecutableFunction: BlueprintFunction {
    /// Decodes the rendered arguments; no I/O. Unknown and missing keys were already rejected.
    init(_ args: ArgumentValues) throws(BlueprintError)
    /// Runs the function; returns the phase's output. Must stop promptly when the task is cancelled
    /// and clean up what it created (pods).
    func run(_ context: PhaseContext) async throws -> [String: Value]
    /// The limit the function's own arguments set (Wait's `timeout`), which the engine's default
    /// phase timeout must not cut short.
    var ownTimeout: Duration? { get }
}

extension ExecutableFunction {
    public var ownTimeout: Duration? { nil }
}
