import CofferCore
import CofferKubeAPI
import Foundation

// MARK: - Per-kind defaults and checks

extension APIServer {
    /// Fills what the server sets on create for the kinds that need it.
    func admitCreate(_ object: inout Value, _ type: ResourceType) throws(APIError) {
        Self.dropEmptyMetadata(&object)
        if type.hasStatus && type.group != "apiextensions.k8s.io" { object.set("status", to: nil) }
        switch (type.group, type.plural) {
        case ("", "namespaces"):
            var labels = object.metadata["labels"]?.objectValue ?? ValueMap()
            labels["kubernetes.io/metadata.name"] = object.metadata["name"]
            object.setMetadata("labels", .object(labels))
            object.set("spec", to: ["finalizers": ["kubernetes"]])
            object.set("status", to: ["phase": "Active"])
        case ("", "persistentvolumeclaims"):
            // No storage exists: a claim is bound at once, to a volume named after its uid.
            let uid = object.string("metadata", "uid") ?? ""
            if object["spec"]?["volumeName"] == nil { object.set("spec", "volumeName", to: .string("pvc-\(uid)")) }
            if object["spec"]?["storageClassName"] == nil { object.set("spec", "storageClassName", to: "standard") }
            if object["spec"]?["volumeMode"] == nil { object.set("spec", "volumeMode", to: "Filesystem") }
            object.set(
                "status",
                to: [
                    "phase": "Bound", "accessModes": object["spec"]?["accessModes"] ?? ["ReadWriteOnce"],
                    "capacity": ["storage": object["spec"]?["resources"]?["requests"]?["storage"] ?? "1Gi"],
                ])
        case ("", "services"):
            if object["spec"]?["type"] == nil { object.set("spec", "type", to: "ClusterIP") }
            if object["spec"]?["clusterIP"] == nil {
                let address = "10.96.\(Int.random(in: 0...255)).\(Int.random(in: 1...254))"
                object.set("spec", "clusterIP", to: .string(address))
                object.set("spec", "clusterIPs", to: [.string(address)])
            }
            object.set("status", to: ["loadBalancer": [:]])
        case ("", "secrets"):
            Self.foldStringData(&object)
        case ("", "pods"):
            object.set(
                "status", to: Self.runsCommand(object) ? Self.pendingPodStatus(object) : Self.runningPodStatus(object))
        case ("apiextensions.k8s.io", "customresourcedefinitions"):
            _ = try Self.resourceTypes(forCRD: object)
            object.set("status", to: Self.crdStatus(object))
        case ("apps", "statefulsets"), ("apps", "deployments"):
            Self.defaultWorkload(&object, type.plural)
        default:
            break
        }
    }

    /// Empty labels, annotations, finalizers and ownerReferences are not stored, as Go's `omitempty` leaves
    /// them out: a patch removing the last annotation leaves no `annotations: {}` behind.
    static func dropEmptyMetadata(_ object: inout Value) {
        for key in ["labels", "annotations", "finalizers", "ownerReferences"] {
            let value = object["metadata"]?[key]
            if value?.objectValue?.isEmpty == true || value?.arrayValue?.isEmpty == true || value?.isNull == true {
                object.set("metadata", key, to: nil)
            }
        }
    }

    /// The apps/v1 defaults kubectl relies on (`rollout status` reads the update strategy).
    static func defaultWorkload(_ object: inout Value, _ plural: String) {
        func setIfMissing(_ path: [String], _ value: Value) {
            var current: Value? = object
            for key in path { current = current?[key] }
            if current == nil { object.set(path[...], value) }
        }
        setIfMissing(["spec", "replicas"], 1)
        setIfMissing(["spec", "revisionHistoryLimit"], 10)
        if plural == "statefulsets" {
            setIfMissing(["spec", "podManagementPolicy"], "OrderedReady")
            setIfMissing(["spec", "updateStrategy"], ["type": "RollingUpdate", "rollingUpdate": ["partition": 0]])
        } else {
            setIfMissing(["spec", "progressDeadlineSeconds"], 600)
            setIfMissing(
                ["spec", "strategy"],
                ["type": "RollingUpdate", "rollingUpdate": ["maxSurge": "25%", "maxUnavailable": "25%"]])
        }
        setIfMissing(["spec", "template", "spec", "restartPolicy"], "Always")
        setIfMissing(["spec", "template", "spec", "terminationGracePeriodSeconds"], 30)
        setIfMissing(["spec", "template", "spec", "dnsPolicy"], "ClusterFirst")
    }

    func admitUpdate(_ object: inout Value, old: Value, _ type: ResourceType) throws(APIError) {
        Self.dropEmptyMetadata(&object)
        if type.groupResource == Self.secretResource { Self.foldStringData(&object) }
        if type.groupResource == Self.crdResource {
            _ = try Self.resourceTypes(forCRD: object)
            object.set("status", to: Self.crdStatus(object))
        }
    }

    /// Reacts to a committed change: CRDs start or stop being served, pods with a command run it.
    func afterCommit(_ type: ResourceType, _ object: Value, deleted: Bool) {
        if type.groupResource == Self.podResource {
            podChanged(object, deleted: deleted)
            return
        }
        controllers(type, object, deleted: deleted)
        guard type.groupResource == Self.crdResource, let name = object.string("metadata", "name") else { return }
        if deleted {
            if let types = try? Self.resourceTypes(forCRD: object), let first = types.first {
                for stored in store.list(first.groupResource, namespace: nil).objects {
                    _ = try? store.mutate(
                        first.groupResource, ObjectKey(namespace: stored.namespace, name: stored.name)
                    ) { _ throws(APIError) in .remove }
                }
            }
            catalog.unregister(crdName: name)
        } else if let types = try? Self.resourceTypes(forCRD: object) {
            catalog.register(crdName: name, types: types)
        }
    }

    /// Moves a Secret's write-only `stringData` into `data`, base64-encoded, as the API server does on write.
    static func foldStringData(_ secret: inout Value) {
        guard let strings = secret["stringData"]?.objectValue else { return }
        var data = secret["data"]?.objectValue ?? ValueMap()
        for (key, value) in strings {
            data[key] = .string(Data((value.stringValue ?? "").utf8).base64EncodedString())
        }
        secret.set("data", to: .object(data))
        secret.set("stringData", to: nil)
    }

    /// A simulated pod: scheduled, running and ready at once (the sandbox runs no images).
    static func runningPodStatus(_ pod: Value) -> Value {
        let now = timestamp()
        let containers = pod["spec"]?["containers"]?.arrayValue ?? []
        let statuses: [Value] = containers.map { container in
            [
                "name": container["name"] ?? "", "image": container["image"] ?? "", "imageID": "",
                "ready": true, "restartCount": 0, "started": true,
                "state": ["running": ["startedAt": .string(now)]],
            ]
        }
        let conditions: [Value] = ["PodScheduled", "Initialized", "ContainersReady", "Ready"].map {
            ["type": .string($0), "status": "True", "lastTransitionTime": .string(now)]
        }
        return [
            "phase": "Running", "conditions": .array(conditions), "containerStatuses": .array(statuses),
            "hostIP": "127.0.0.1", "podIP": "127.0.0.1", "podIPs": [["ip": "127.0.0.1"]], "startTime": .string(now),
            "qosClass": "BestEffort",
        ]
    }

    // MARK: - CustomResourceDefinitions

    /// The resources a CRD serves, one per served version; throws 422 for a CRD that cannot be served.
    static func resourceTypes(forCRD crd: Value) throws(APIError) -> [ResourceType] {
        let name = crd.string("metadata", "name") ?? ""
        func invalid(_ error: FieldError) -> APIError {
            APIError.invalid(
                kind: "CustomResourceDefinition", group: "apiextensions.k8s.io", name: name, causes: [error])
        }
        let spec = crd["spec"]
        guard let group = spec?["group"]?.stringValue, !group.isEmpty else {
            throw invalid(.required("spec.group"))
        }
        guard let plural = spec?["names"]?["plural"]?.stringValue, !plural.isEmpty else {
            throw invalid(.required("spec.names.plural"))
        }
        guard spec?["names"]?["kind"]?.stringValue?.isEmpty == false else {
            throw invalid(.required("spec.names.kind"))
        }
        guard name == "\(plural).\(group)" else {
            throw invalid(
                .invalid("metadata.name", value: .string(name), detail: "must be spec.names.plural+\".\"+spec.group"))
        }
        let scope = spec?["scope"]?.stringValue ?? ""
        guard scope == "Namespaced" || scope == "Cluster" else {
            throw invalid(.notSupported("spec.scope", value: .string(scope), supported: ["Cluster", "Namespaced"]))
        }
        let storage = (spec?["versions"]?.arrayValue ?? []).filter { $0["storage"]?.boolValue == true }
        guard storage.count == 1 else {
            throw invalid(
                .invalid(
                    "spec.versions", value: spec?["versions"] ?? .null,
                    detail: "must have exactly one version marked as storage version"))
        }
        return APIResource.fromCRD(crd).map { ResourceType($0, isCustom: true) }
    }

    static func crdStatus(_ crd: Value) -> Value {
        let now = timestamp()
        let stored = (crd["spec"]?["versions"]?.arrayValue ?? []).filter { $0["storage"]?.boolValue == true }
            .compactMap { $0["name"] }
        return [
            "acceptedNames": crd["spec"]?["names"] ?? [:],
            "conditions": [
                [
                    "type": "NamesAccepted", "status": "True", "reason": "NoConflicts",
                    "message": "no conflicts found", "lastTransitionTime": .string(now),
                ],
                [
                    "type": "Established", "status": "True", "reason": "InitialNamesAccepted",
                    "message": "the initial names have been accepted", "lastTransitionTime": .string(now),
                ],
            ],
            "storedVersions": .array(stored),
        ]
    }

    // MARK: - Scale subresource

    func scale(of object: Value, _ type: ResourceType) -> Value {
        ScaleSubresource.scale(of: object, resource: type.api)
    }

    func writeScale(_ target: Target, name: String, scale: Value, precondition: String) throws(APIError)
        -> APIResponse
    {
        var plain = target
        plain.subresource = nil
        let request = APIRequest(method: "PUT", target: "/", user: UserInfo(name: "system:sandbox", groups: []))
        let response = try write(request, plain, name: name) { current throws(APIError) in
            if !precondition.isEmpty, precondition != current.string("metadata", "resourceVersion") {
                throw APIError.conflict(target.type.groupResource, name)
            }
            return try ScaleSubresource.apply(scale, to: current, resource: target.type.api)
        }
        guard case .body(_, _, let bytes, _) = response, let value = try? Value(json: bytes) else { return response }
        return .json(200, Array(self.scale(of: value, target.type).jsonString().utf8))
    }

    // MARK: - Self reviews

    func review(_ object: Value, type: ResourceType, user: UserInfo) -> Value {
        var result = object
        result.set("apiVersion", to: .string(type.groupVersion))
        result.set("kind", to: .string(type.kind))
        result.setMetadata("creationTimestamp", nil)
        if type.plural == "selfsubjectreviews" {
            result.set(
                "status",
                to: [
                    "userInfo": ["username": .string(user.name), "groups": .array(user.groups.map { .string($0) })]
                ])
        } else {
            let attributes = object["spec"]?["resourceAttributes"]
            let resource = GroupResource(
                group: attributes?["group"]?.stringValue ?? "", resource: attributes?["resource"]?.stringValue ?? "")
            let subresource = attributes?["subresource"]?.stringValue.flatMap {
                $0.isEmpty ? Optional<String>.none : $0
            }
            let allowed = user.may(
                attributes?["verb"]?.stringValue ?? "", resource, subresource: subresource,
                namespace: attributes?["namespace"]?.stringValue)
            result.set("status", to: ["allowed": .bool(allowed)])
        }
        return result
    }
}
