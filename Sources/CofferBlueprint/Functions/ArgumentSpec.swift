/// One argument key a function accepts.
public struct ArgumentSpec: Hashable, Sendable {
    /// Whether a phase must give the argument.
    public enum Requirement: Hashable, Sendable {
        case required
        case optional
    }

    /// The key in the phase's `args`, in Kanister's spelling.
    public var name: String
    public var requirement: Requirement

    public init(_ name: String, _ requirement: Requirement) {
        self.name = name
        self.requirement = requirement
    }
}
