/// An artifact an action produces (`outputArtifacts`) or consumes (an ActionSet's `artifacts`).
///
/// In a blueprint every value is a template, rendered after the action's phases succeed.
public struct Artifact: Equatable, Sendable {
    /// The `keyValue` map, in document order.
    public var keyValue: [(key: String, value: String)]
    /// The `kopiaSnapshot` string, when given.
    public var kopiaSnapshot: String?

    public init(keyValue: [(key: String, value: String)] = [], kopiaSnapshot: String? = nil) {
        self.keyValue = keyValue
        self.kopiaSnapshot = kopiaSnapshot
    }

    /// The value for `key` in ``keyValue``.
    public subscript(key: String) -> String? {
        keyValue.first { $0.key == key }?.value
    }

    public static func == (lhs: Artifact, rhs: Artifact) -> Bool {
        lhs.kopiaSnapshot == rhs.kopiaSnapshot && lhs.keyValue.elementsEqual(rhs.keyValue) { $0 == $1 }
    }
}

/// An artifact declared under an action's `outputArtifacts`.
public typealias OutputArtifact = Artifact
