import CofferCore
import CofferKubeAPI

/// A served resource: CofferKubeAPI's discovery facts, plus the compiled schema of a custom resource.
struct ResourceType: Sendable {
    var api: APIResource
    /// Whether a CRD declares it (custom resources take no strategic merge patch).
    var isCustom = false
    /// The structural schema custom resources are pruned, defaulted and validated with.
    var schema: StructuralSchema?

    init(_ api: APIResource, isCustom: Bool = false) {
        self.api = api
        self.isCustom = isCustom
        if isCustom, let openAPIV3Schema = api.schema {
            schema = try? StructuralSchema(openAPIV3Schema: openAPIV3Schema)
        }
    }

    var group: String { api.group }
    var version: String { api.version }
    var plural: String { api.name }
    var kind: String { api.kind }
    var namespaced: Bool { api.namespaced }
    var hasStatus: Bool { api.subresources.contains { $0.name == "status" } }
    var hasScale: Bool { api.subresources.contains { $0.name == "scale" } }
    var groupResource: GroupResource { GroupResource(group: api.group, resource: api.name) }
    var groupVersion: String { api.groupVersion }
    var listKind: String { api.listKind }
}
