import CofferCore
import CofferKubeAPI
import NIOConcurrencyHelpers

/// The resources the server serves: CofferKubeAPI's built-in kinds and those CRDs add.
final class ResourceCatalog: @unchecked Sendable {
    // @unchecked: `byGroupVersion` and `crdResources` are read and written only while holding `lock`.
    private let lock = NIOLock()
    private var byGroupVersion: [String: [ResourceType]] = [:]
    private var crdResources: [String: [ResourceType]] = [:]

    init() {
        for resource in BuiltinResources.all {
            byGroupVersion[resource.groupVersion, default: []].append(ResourceType(resource))
        }
    }

    /// The resource `plural` in `group`/`version`, if served.
    func resource(group: String, version: String, plural: String) -> ResourceType? {
        let groupVersion = group.isEmpty ? version : "\(group)/\(version)"
        return lock.withLock { byGroupVersion[groupVersion]?.first { $0.plural == plural } }
    }

    /// A served version of a group and resource.
    func resource(_ resource: GroupResource) -> ResourceType? {
        lock.withLock {
            for types in byGroupVersion.values {
                if let type = types.first(where: { $0.groupResource == resource }) { return type }
            }
            return nil
        }
    }

    /// Every group-version with its resources, sorted for stable output.
    var groupVersions: [(groupVersion: String, resources: [ResourceType])] {
        lock.withLock { byGroupVersion.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
    }

    /// Every served resource, as discovery and OpenAPI documents list them.
    var apiResources: [APIResource] { groupVersions.flatMap { $0.resources.map(\.api) } }

    /// Serves the versions a CRD declares, replacing what the same CRD registered before.
    func register(crdName: String, types: [ResourceType]) {
        lock.withLock {
            for old in crdResources[crdName] ?? [] {
                byGroupVersion[old.groupVersion]?.removeAll { $0.plural == old.plural }
                if byGroupVersion[old.groupVersion]?.isEmpty == true { byGroupVersion[old.groupVersion] = nil }
            }
            crdResources[crdName] = types
            for type in types { byGroupVersion[type.groupVersion, default: []].append(type) }
        }
    }

    func unregister(crdName: String) { register(crdName: crdName, types: []) }
}
