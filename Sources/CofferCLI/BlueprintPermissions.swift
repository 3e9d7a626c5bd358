import CofferBlueprint
import CofferCore
import CofferYAML

/// One permission a blueprint's phases need, and which phases need it.
struct PermissionNeed: Hashable, Sendable {
    /// What to ask about: a resource by name, or (for KubeOps create specs) by kind, resolved through discovery.
    enum Target: Hashable, Sendable {
        case resource(group: String, resource: String, subresource: String?)
        case kind(apiVersion: String, kind: String)
    }
    var verb: String
    var target: Target
    /// A namespace the blueprint names literally; `nil` means the namespace the check runs for.
    var namespace: String?
    /// Whether the resource is cluster-scoped (no namespace in the review).
    var clusterScoped = false
}

/// Maps each function a blueprint calls to the Kubernetes permissions it uses, as Kanister's functions use them.
///
/// Arguments are unrendered: a namespace or kind given as a template stands for the namespace checked.
enum BlueprintPermissions {
    /// Permission needs keyed to the phases needing them (`action/phase (Function)`), in first-use order.
    static func needs(of blueprint: Blueprint, action: String? = nil) -> [(PermissionNeed, [String])] {
        var order: [PermissionNeed] = []
        var users: [PermissionNeed: [String]] = [:]
        for blueprintAction in blueprint.actions where action == nil || blueprintAction.name == action {
            for phase in blueprintAction.allPhases {
                let user =
                    "\(blueprintAction.name)/\(phase.name.isEmpty ? "deferPhase" : phase.name) (\(phase.function))"
                for need in needs(of: phase, actionKind: blueprintAction.kind) {
                    if users[need] == nil { order.append(need) }
                    if users[need]?.contains(user) != true { users[need, default: []].append(user) }
                }
            }
        }
        return order.map { ($0, users[$0] ?? []) }
    }

    static func needs(of phase: Phase, actionKind: String?) -> [PermissionNeed] {
        let namespace = literal(phase.args["namespace"])
        func on(
            _ resource: String, group: String = "", sub: String? = nil, _ verbs: [String], ns: String? = namespace,
            cluster: Bool = false
        ) -> [PermissionNeed] {
            verbs.map {
                PermissionNeed(
                    verb: $0, target: .resource(group: group, resource: resource, subresource: sub),
                    namespace: cluster ? nil : ns, clusterScoped: cluster)
            }
        }
        let runsPod = on("pods", ["create", "get", "delete"]) + on("pods", sub: "log", ["get"])
        let execs = on("pods", ["get"]) + on("pods", sub: "exec", ["create"])
        let snapshots = "snapshot.storage.k8s.io"
        var result: [PermissionNeed] = []
        switch phase.function {
        case "KubeTask", "MultiContainerRun", "CheckRepository", "LocationDelete", "DescribeBackups", "DeleteData",
            "DeleteDataAll", "BackupDataStats", "DeleteDataUsingKopiaServer", "RestoreDataUsingKopiaServer",
            "ExportRDSSnapshotToLocation", "RestoreRDSSnapshot":
            result = runsPod
        case "PrepareData", "CopyVolumeData", "RestoreData", "RestoreDataAll":
            result = runsPod + on("persistentvolumeclaims", ["get"])
        case "KubeExec", "KubeExecAll", "BackupData", "BackupDataAll", "BackupDataUsingKopiaServer":
            result = execs
        case "KubeOps":
            result = kubeOps(phase, namespace: namespace)
        case "ScaleWorkload":
            let kind = literal(phase.args["kind"]) ?? actionKind ?? "StatefulSet"
            let (group, resource) = workloadResource(kind)
            result =
                on(resource, group: group, ["get"]) + on(resource, group: group, sub: "scale", ["get", "patch"])
                + on("pods", ["list"])
        case "Wait", "WaitV2":
            for reference in waitReferences(phase.args["conditions"]) {
                let ns = literal(reference["namespace"]) ?? namespace
                let group = literal(reference["group"]) ?? ""
                guard let resource = literal(reference["resource"]) else { continue }
                result += on(resource, group: group, ["get", "list", "watch"], ns: ns)
            }
        case "CreateCSISnapshot":
            result = on("volumesnapshots", group: snapshots, ["create", "get"]) + on("persistentvolumeclaims", ["get"])
        case "CreateCSISnapshotStatic":
            result =
                on("volumesnapshotcontents", group: snapshots, ["create", "get"], cluster: true)
                + on("volumesnapshots", group: snapshots, ["create", "get"])
        case "RestoreCSISnapshot":
            result = on("volumesnapshots", group: snapshots, ["get"]) + on("persistentvolumeclaims", ["create", "get"])
        case "DeleteCSISnapshot":
            result = on("volumesnapshots", group: snapshots, ["get", "delete"])
        case "DeleteCSISnapshotContent":
            result = on("volumesnapshotcontents", group: snapshots, ["get", "delete"], cluster: true)
        case "CreateVolumeSnapshot":
            result = on("persistentvolumeclaims", ["get"]) + on("persistentvolumes", ["get"], cluster: true)
        case "CreateVolumeFromSnapshot":
            result = on("persistentvolumeclaims", ["create"]) + on("persistentvolumes", ["create"], cluster: true)
        default:
            // Cloud-only functions (RDS snapshots, WaitForSnapshotCompletion, DeleteVolumeSnapshot) need no
            // Kubernetes permission of their own.
            result = []
        }
        for reference in phase.objects.values {
            guard !reference.resource.isEmpty, !reference.resource.contains("{{") else { continue }
            let ns = reference.namespace.isEmpty || reference.namespace.contains("{{") ? nil : reference.namespace
            result += on(reference.resource, group: reference.group, ["get"], ns: ns)
        }
        return result
    }

    private static func kubeOps(_ phase: Phase, namespace: String?) -> [PermissionNeed] {
        let operation = literal(phase.args["operation"]) ?? ""
        if operation == "create", let spec = phase.args["spec"] {
            var object: Value? = spec.objectValue.map { .object($0) }
            if object == nil, let text = spec.stringValue {
                object = try? YAMLLoader.loadSingle(text, file: "<spec>").value
            }
            if let apiVersion = literal(object?["apiVersion"]), let kind = literal(object?["kind"]) {
                let ns = literal(object?["metadata"]?["namespace"]) ?? namespace
                return ["create", "get", "patch", "delete"].map {
                    PermissionNeed(verb: $0, target: .kind(apiVersion: apiVersion, kind: kind), namespace: ns)
                }
            }
            return []
        }
        guard let reference = phase.args["objectReference"], let resource = literal(reference["resource"]) else {
            return []
        }
        let ns = literal(reference["namespace"]) ?? namespace
        let group = literal(reference["group"]) ?? ""
        let verbs: [String] =
            switch operation {
            case "delete": ["get", "delete"]
            case "patch": ["get", "patch"]
            default: ["create", "get", "patch", "delete"]
            }
        return verbs.map {
            PermissionNeed(
                verb: $0, target: .resource(group: group, resource: resource, subresource: nil), namespace: ns)
        }
    }

    private static func waitReferences(_ conditions: Value?) -> [Value] {
        var references: [Value] = []
        for key in ["anyOf", "allOf"] {
            for condition in conditions?[key]?.arrayValue ?? [] {
                if let reference = condition["objectReference"] { references.append(reference) }
            }
        }
        return references
    }

    /// The group and plural resource of a workload kind ScaleWorkload accepts.
    static func workloadResource(_ kind: String) -> (String, String) {
        switch kind.lowercased() {
        case "deployment", "deployments": ("apps", "deployments")
        case "deploymentconfig", "deploymentconfigs": ("apps.openshift.io", "deploymentconfigs")
        default: ("apps", "statefulsets")
        }
    }

    /// The string, unless it is missing, empty or a template (which only rendering can resolve).
    static func literal(_ value: Value?) -> String? {
        guard let text = value?.stringValue, !text.isEmpty, !text.contains("{{") else { return nil }
        return text
    }
}
