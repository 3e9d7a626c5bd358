import CofferCore

extension FunctionRegistry {
    /// Functions a server-side dry run skips: they exec, run pods or wait, which `dryRun=All` cannot express.
    public static let skippedInServerDryRun: Set<String> = [
        "KubeExec", "KubeExecAll", "KubeTask", "MultiContainerRun", "PrepareData", "Wait", "WaitV2",
    ]

    /// This registry with ``skippedInServerDryRun`` replaced by functions that check their arguments and
    /// output nothing.
    public var skippingForServerDryRun: FunctionRegistry {
        FunctionRegistry(
            functions.map { function in
                guard Self.skippedInServerDryRun.contains(function.name),
                    let executable = function as? any ExecutableFunction.Type
                else { return function }
                return Self.skipped(executable)
            })
    }

    private static func skipped<Wrapped: ExecutableFunction>(_ function: Wrapped.Type) -> any BlueprintFunction.Type {
        SkippedInDryRun<Wrapped>.self
    }
}

/// A function a server dry run does not run: its arguments are decoded (so mistakes still show), nothing else.
struct SkippedInDryRun<Wrapped: ExecutableFunction>: ExecutableFunction {
    static var name: String { Wrapped.name }
    static var arguments: [ArgumentSpec] { Wrapped.arguments }
    static var executable: Bool { true }
    static var rendersOwnArguments: Bool { Wrapped.rendersOwnArguments }

    init(_ args: ArgumentValues) throws(BlueprintError) {
        _ = try Wrapped(args)
    }

    func run(_ context: PhaseContext) async throws -> [String: Value] { [:] }
}
