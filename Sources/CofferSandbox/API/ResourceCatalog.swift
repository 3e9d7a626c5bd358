import CofferCore
import NIOConcurrencyHelpers

/// The resources the server serves: the built-in kinds and those CRDs add.
final class ResourceCatalog: @unchecked Sendable {
    // @unchecked: `byGroupVersion` is read and written only while holding `lock`.
    private let lock = NIOLock()
    private var byGroupVersion: [String: [ResourceType]] = [:]
    private var crdResources: [String: [ResourceType]] = [:]

    init() {
        for type in Self.builtin { add(type) }
    }

    private func add(_ type: ResourceType) {
        byGroupVersion[type.groupVersion, default: []].append(type)
    }

    /// The resource `plural` in `group`/`version`, if served.
    func resource(group: String, version: String, plural: String) -> ResourceType? {
        let groupVersion = group.isEmpty ? version : "\(group)/\(version)"
        return lock.withLock { byGroupVersion[groupVersion]?.first { $0.plural == plural } }
    }

    /// The served version of a group and resource, preferring the first registered.
    func resource(_ resource: GroupResource) -> ResourceType? {
        lock.withLock {
            for types in byGroupVersion.values {
                if let type = types.first(where: { $0.groupResource == resource }) { return type }
            }
            return nil
        }
    }

    /// Every group-version with its resources, sorted for stable discovery output.
    var groupVersions: [(groupVersion: String, resources: [ResourceType])] {
        lock.withLock { byGroupVersion.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
    }

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

    static let builtin: [ResourceType] = [
        ResourceType(group: "", version: "v1", plural: "namespaces", singular: "namespace", kind: "Namespace",
            namespaced: false, shortNames: ["ns"],
            verbs: ["create", "delete", "get", "list", "patch", "update", "watch"], hasStatus: true),
        ResourceType(group: "", version: "v1", plural: "pods", singular: "pod", kind: "Pod", namespaced: true,
            shortNames: ["po"], categories: ["all"], hasStatus: true),
        ResourceType(group: "", version: "v1", plural: "secrets", singular: "secret", kind: "Secret",
            namespaced: true),
        ResourceType(group: "", version: "v1", plural: "configmaps", singular: "configmap", kind: "ConfigMap",
            namespaced: true, shortNames: ["cm"]),
        ResourceType(group: "", version: "v1", plural: "services", singular: "service", kind: "Service",
            namespaced: true, shortNames: ["svc"], categories: ["all"],
            verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
            hasStatus: true),
        ResourceType(group: "", version: "v1", plural: "persistentvolumeclaims", singular: "persistentvolumeclaim",
            kind: "PersistentVolumeClaim", namespaced: true, shortNames: ["pvc"], hasStatus: true),
        ResourceType(group: "", version: "v1", plural: "events", singular: "event", kind: "Event",
            namespaced: true, shortNames: ["ev"]),
        ResourceType(group: "", version: "v1", plural: "serviceaccounts", singular: "serviceaccount",
            kind: "ServiceAccount", namespaced: true, shortNames: ["sa"]),
        ResourceType(group: "apps", version: "v1", plural: "deployments", singular: "deployment", kind: "Deployment",
            namespaced: true, shortNames: ["deploy"], categories: ["all"], hasStatus: true, hasScale: true),
        ResourceType(group: "apps", version: "v1", plural: "statefulsets", singular: "statefulset",
            kind: "StatefulSet", namespaced: true, shortNames: ["sts"], categories: ["all"], hasStatus: true,
            hasScale: true),
        ResourceType(group: "apps", version: "v1", plural: "replicasets", singular: "replicaset", kind: "ReplicaSet",
            namespaced: true, shortNames: ["rs"], categories: ["all"], hasStatus: true, hasScale: true),
        ResourceType(group: "batch", version: "v1", plural: "jobs", singular: "job", kind: "Job", namespaced: true,
            categories: ["all"], hasStatus: true),
        ResourceType(group: "batch", version: "v1", plural: "cronjobs", singular: "cronjob", kind: "CronJob",
            namespaced: true, shortNames: ["cj"], categories: ["all"], hasStatus: true),
        ResourceType(group: "coordination.k8s.io", version: "v1", plural: "leases", singular: "lease", kind: "Lease",
            namespaced: true),
        ResourceType(group: "apiextensions.k8s.io", version: "v1", plural: "customresourcedefinitions",
            singular: "customresourcedefinition", kind: "CustomResourceDefinition", namespaced: false,
            shortNames: ["crd", "crds"], categories: ["api-extensions"], hasStatus: true),
        ResourceType(group: "authorization.k8s.io", version: "v1", plural: "selfsubjectaccessreviews",
            singular: "selfsubjectaccessreview", kind: "SelfSubjectAccessReview", namespaced: false,
            verbs: ["create"]),
        ResourceType(group: "authentication.k8s.io", version: "v1", plural: "selfsubjectreviews",
            singular: "selfsubjectreview", kind: "SelfSubjectReview", namespaced: false, verbs: ["create"]),
    ]
}
