/// The built-in resources the sandbox serves, with the discovery facts of kube-apiserver 1.3x.
public enum BuiltinResources {
    private static func resource(
        _ group: String, _ name: String, _ singular: String, _ kind: String, namespaced: Bool = true,
        verbs: [String] = APIResource.allVerbs, shortNames: [String] = [], categories: [String] = [],
        subresources: [APIResource.Subresource] = [], version: String = "v1"
    ) -> APIResource {
        APIResource(
            group: group, version: version, name: name, singularName: singular, namespaced: namespaced, kind: kind,
            verbs: verbs, shortNames: shortNames, categories: categories, subresources: subresources)
    }

    /// Every built-in resource, core group first, then by group and name.
    public static let all: [APIResource] = [
        resource(
            "", "namespaces", "namespace", "Namespace", namespaced: false,
            verbs: ["create", "delete", "get", "list", "patch", "update", "watch"], shortNames: ["ns"],
            subresources: [.status(kind: "Namespace")]),
        resource(
            "", "pods", "pod", "Pod", shortNames: ["po"], categories: ["all"],
            subresources: [
                APIResource.Subresource(name: "exec", kind: "PodExecOptions", verbs: ["create", "get"]),
                APIResource.Subresource(name: "log", kind: "Pod", verbs: ["get"]),
                .status(kind: "Pod"),
            ]),
        resource("", "secrets", "secret", "Secret"),
        resource("", "configmaps", "configmap", "ConfigMap", shortNames: ["cm"]),
        resource(
            "", "services", "service", "Service", shortNames: ["svc"], categories: ["all"],
            subresources: [.status(kind: "Service")]),
        resource(
            "", "persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", shortNames: ["pvc"],
            subresources: [.status(kind: "PersistentVolumeClaim")]),
        resource("", "events", "event", "Event", shortNames: ["ev"]),
        resource("", "serviceaccounts", "serviceaccount", "ServiceAccount", shortNames: ["sa"]),
        resource(
            "apps", "deployments", "deployment", "Deployment", shortNames: ["deploy"], categories: ["all"],
            subresources: [.scale, .status(kind: "Deployment")]),
        resource(
            "apps", "replicasets", "replicaset", "ReplicaSet", shortNames: ["rs"], categories: ["all"],
            subresources: [.scale, .status(kind: "ReplicaSet")]),
        resource(
            "apps", "statefulsets", "statefulset", "StatefulSet", shortNames: ["sts"], categories: ["all"],
            subresources: [.scale, .status(kind: "StatefulSet")]),
        resource(
            "batch", "cronjobs", "cronjob", "CronJob", shortNames: ["cj"], categories: ["all"],
            subresources: [.status(kind: "CronJob")]),
        resource("batch", "jobs", "job", "Job", categories: ["all"], subresources: [.status(kind: "Job")]),
        resource("coordination.k8s.io", "leases", "lease", "Lease"),
        resource("events.k8s.io", "events", "event", "Event", shortNames: ["ev"]),
        resource(
            "apiextensions.k8s.io", "customresourcedefinitions", "customresourcedefinition",
            "CustomResourceDefinition", namespaced: false, shortNames: ["crd", "crds"], categories: ["api-extensions"],
            subresources: [.status(kind: "CustomResourceDefinition")]),
        resource(
            "authorization.k8s.io", "selfsubjectaccessreviews", "selfsubjectaccessreview", "SelfSubjectAccessReview",
            namespaced: false, verbs: ["create"]),
        resource(
            "authentication.k8s.io", "selfsubjectreviews", "selfsubjectreview", "SelfSubjectReview",
            namespaced: false, verbs: ["create"]),
    ]

    /// The built-in resource named `name` (plural) in `group`, if the sandbox serves it.
    public static func resource(group: String, name: String) -> APIResource? {
        all.first { $0.group == group && $0.name == name }
    }

    /// The resource a kind, plural, singular or short name refers to, as kubectl resolves `kubectl get <name>`.
    public static func resolve(_ text: String, in resources: [APIResource] = all) -> APIResource? {
        let lowered = text.lowercased()
        return resources.first { $0.name == lowered }
            ?? resources.first { $0.singularName == lowered }
            ?? resources.first { $0.shortNames.contains(lowered) }
            ?? resources.first { $0.kind.lowercased() == lowered }
    }
}
