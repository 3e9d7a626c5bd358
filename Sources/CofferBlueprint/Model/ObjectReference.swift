/// A reference to a Kubernetes object, as Kanister spells it in phases and ActionSets.
///
/// Every field may hold a template in a blueprint; empty strings mean "not given".
public struct ObjectReference: Hashable, Sendable {
    public var apiVersion: String
    public var group: String
    public var resource: String
    public var kind: String
    public var name: String
    public var namespace: String

    public init(
        apiVersion: String = "", group: String = "", resource: String = "", kind: String = "", name: String = "",
        namespace: String = ""
    ) {
        self.apiVersion = apiVersion
        self.group = group
        self.resource = resource
        self.kind = kind
        self.name = name
        self.namespace = namespace
    }
}
