import CofferCore

/// What the server knows about one served resource: names, scope, verbs and subresources.
///
/// A stand-in seam until `CofferKubeAPI.APIResource` lands; only what discovery and routing need.
struct ResourceType: Sendable, Hashable {
    var group: String
    var version: String
    var plural: String
    var singular: String
    var kind: String
    var namespaced: Bool
    var shortNames: [String] = []
    var categories: [String] = []
    var verbs: [String] = ResourceType.standardVerbs
    var hasStatus = false
    var hasScale = false
    /// Where `spec.replicas`-like values live for the scale subresource.
    var scalePaths = ScalePaths()

    struct ScalePaths: Sendable, Hashable {
        var specReplicas = ".spec.replicas"
        var statusReplicas = ".status.replicas"
        var labelSelector: String? = nil
    }

    static let standardVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]

    var groupResource: GroupResource { GroupResource(group: group, resource: plural) }
    var groupVersion: String { group.isEmpty ? version : "\(group)/\(version)" }
    var listKind: String { kind + "List" }

    /// The entries this resource contributes to an `APIResourceList`.
    var discoveryEntries: [Value] {
        var main: ValueMap = ValueMap()
        main["name"] = .string(plural)
        main["singularName"] = .string(singular)
        main["namespaced"] = .bool(namespaced)
        main["kind"] = .string(kind)
        main["verbs"] = .array(verbs.map { .string($0) })
        if !shortNames.isEmpty { main["shortNames"] = .array(shortNames.map { .string($0) }) }
        if !categories.isEmpty { main["categories"] = .array(categories.map { .string($0) }) }
        var entries: [Value] = [.object(main)]
        if hasStatus {
            entries.append(
                [
                    "name": .string(plural + "/status"), "singularName": "", "namespaced": .bool(namespaced),
                    "kind": .string(kind), "verbs": ["get", "patch", "update"],
                ])
        }
        if hasScale {
            entries.append(
                [
                    "name": .string(plural + "/scale"), "singularName": "", "namespaced": .bool(namespaced),
                    "group": "autoscaling", "version": "v1", "kind": "Scale", "verbs": ["get", "patch", "update"],
                ])
        }
        return entries
    }
}
