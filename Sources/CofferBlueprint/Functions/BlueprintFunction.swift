/// A function a phase can call by its `func:` name.
///
/// For now a function is a declaration: its name, the argument keys it accepts (Kanister's spelling),
/// and whether Coffer can run it. Decoding arguments (`init(_ args: ArgumentValues)`) and
/// `run(_ context: PhaseContext)` join the protocol with the engine.
public protocol BlueprintFunction: Sendable {
    /// The phase's `func:` value, as Kanister registers it (`ScaleWorkload`).
    static var name: String { get }
    /// Every accepted argument key; keys not listed are rejected.
    static var arguments: [ArgumentSpec] { get }
    /// Whether Coffer can run the function; others validate but fail at run time as not supported.
    static var executable: Bool { get }
    /// Whether the function renders its own arguments (Kanister's `Wait`, `WaitV2`), so the engine
    /// passes them unrendered.
    static var rendersOwnArguments: Bool { get }
}

extension BlueprintFunction {
    public static var rendersOwnArguments: Bool { false }

    /// The keys of the required arguments, in declaration order.
    public static var requiredArguments: [String] {
        arguments.filter { $0.requirement == .required }.map(\.name)
    }
}
