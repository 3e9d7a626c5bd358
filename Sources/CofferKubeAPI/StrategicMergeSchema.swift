import CofferCore

/// Which lists of a kind merge (and by what key) under a strategic merge patch or server-side apply.
///
/// The facts are the `patchStrategy`/`patchMergeKey` struct tags of `k8s.io/api`; fields not listed are maps
/// that merge recursively, and lists that the patch replaces whole.
public final class StrategicMergeSchema: Sendable {
    /// How a list field combines with a patch.
    public enum ListStrategy: Hashable, Sendable {
        /// The patch's list replaces the stored one (`atomic`, the default).
        case replace
        /// Elements are objects matched by these keys (`patchMergeKey`, or a CRD's `x-kubernetes-list-map-keys`).
        case mergeByKeys([String])
        /// A set of scalars: the union keeps stored order and appends new values (`metadata.finalizers`).
        case mergePrimitives
    }

    /// What the schema knows about one field.
    public struct Field: Sendable {
        /// How the field combines when it is a list.
        public var list: ListStrategy
        /// The schema of the field's object, or of its list's elements.
        public var schema: StrategicMergeSchema?

        /// A field; by default a list that is replaced and no nested facts.
        public init(list: ListStrategy = .replace, schema: StrategicMergeSchema? = nil) {
            self.list = list
            self.schema = schema
        }
    }

    /// The fields with merge facts, by JSON name.
    public let fields: [String: Field]
    /// The schema of every value of a map whose keys are data (a CRD's `additionalProperties`).
    public let values: StrategicMergeSchema?

    /// A schema from its fields and, for maps keyed by data, the schema of their values.
    public init(fields: [String: Field] = [:], values: StrategicMergeSchema? = nil) {
        self.fields = fields
        self.values = values
    }

    /// The schema for `key`'s value, falling back to ``values``.
    func field(_ key: String) -> Field? {
        if let field = fields[key] { return field }
        return values.map { Field(schema: $0) }
    }
}

// MARK: - From a CRD

extension StrategicMergeSchema {
    /// The merge facts of a custom resource's schema, for server-side apply: `x-kubernetes-list-type: map` lists
    /// merge by their `x-kubernetes-list-map-keys`, `set` lists as sets, other lists replace.
    public convenience init(structural: StructuralSchema) {
        self.init(node: structural.root)
    }

    convenience init(node: SchemaNode) {
        var fields: [String: Field] = [:]
        for (name, property) in node.properties {
            fields[name] = Self.field(for: property)
        }
        self.init(fields: fields, values: node.additionalProperties.map { StrategicMergeSchema(node: $0) })
    }

    static func field(for node: SchemaNode) -> Field {
        if let items = node.items {
            let list: ListStrategy
            switch node.listType {
            case "map" where !node.listMapKeys.isEmpty: list = .mergeByKeys(node.listMapKeys)
            case "set": list = .mergePrimitives
            default: list = .replace
            }
            return Field(list: list, schema: items.properties.isEmpty ? nil : StrategicMergeSchema(node: items))
        }
        if node.properties.isEmpty && node.additionalProperties == nil { return Field() }
        return Field(schema: StrategicMergeSchema(node: node))
    }
}

// MARK: - Built-in kinds

extension StrategicMergeSchema {
    /// The schema of a built-in kind the sandbox serves, or `nil` for anything else: a custom resource
    /// cannot take a strategic merge patch (kube-apiserver answers 415).
    public static func builtin(group: String, version: String, kind: String) -> StrategicMergeSchema? {
        switch (group, version, kind) {
        case ("", "v1", "Pod"): return Builtin.pod
        case ("", "v1", "Service"): return Builtin.service
        case ("", "v1", "ServiceAccount"): return Builtin.serviceAccount
        case ("", "v1", "Namespace"), ("", "v1", "PersistentVolumeClaim"): return Builtin.withStatusConditions
        case ("", "v1", "PodTemplate"): return Builtin.resource(["template": Field(schema: Builtin.podTemplate)])
        case ("", "v1", "ReplicationController"): return Builtin.workload
        case ("", "v1", "Secret"), ("", "v1", "ConfigMap"), ("", "v1", "Event"), ("", "v1", "Endpoints"),
            ("events.k8s.io", "v1", "Event"), ("coordination.k8s.io", "v1", "Lease"),
            ("apiextensions.k8s.io", "v1", "CustomResourceDefinition"),
            ("authorization.k8s.io", "v1", "SelfSubjectAccessReview"),
            ("authentication.k8s.io", "v1", "SelfSubjectReview"):
            return Builtin.plain
        case ("apps", "v1", "Deployment"), ("apps", "v1", "StatefulSet"), ("apps", "v1", "DaemonSet"),
            ("apps", "v1", "ReplicaSet"), ("batch", "v1", "Job"):
            return Builtin.workload
        case ("batch", "v1", "CronJob"): return Builtin.cronJob
        default: return nil
        }
    }

    enum Builtin {
        static func merge(_ key: String, _ schema: StrategicMergeSchema? = nil) -> Field {
            Field(list: .mergeByKeys([key]), schema: schema)
        }

        static let objectMeta = StrategicMergeSchema(fields: [
            "finalizers": Field(list: .mergePrimitives),
            "ownerReferences": merge("uid"),
        ])

        static let container = StrategicMergeSchema(fields: [
            "ports": merge("containerPort"),
            "env": merge("name"),
            "volumeMounts": merge("mountPath"),
            "volumeDevices": merge("devicePath"),
        ])

        static let podSpec = StrategicMergeSchema(fields: [
            "containers": merge("name", container),
            "initContainers": merge("name", container),
            "ephemeralContainers": merge("name", container),
            "volumes": merge("name"),
            "imagePullSecrets": merge("name"),
            "hostAliases": merge("ip"),
            "topologySpreadConstraints": merge("topologyKey"),
            "schedulingGates": merge("name"),
            "resourceClaims": merge("name"),
        ])

        static let conditions = StrategicMergeSchema(fields: ["conditions": merge("type")])

        static let podTemplate = StrategicMergeSchema(fields: [
            "metadata": Field(schema: objectMeta), "spec": Field(schema: podSpec),
        ])

        static func resource(_ spec: [String: Field] = [:], status: StrategicMergeSchema? = conditions)
            -> StrategicMergeSchema
        {
            var fields: [String: Field] = ["metadata": Field(schema: objectMeta)]
            if !spec.isEmpty { fields["spec"] = Field(schema: StrategicMergeSchema(fields: spec)) }
            if let status { fields["status"] = Field(schema: status) }
            return StrategicMergeSchema(fields: fields)
        }

        static let plain = resource(status: nil)
        static let withStatusConditions = resource()
        static let pod: StrategicMergeSchema = {
            StrategicMergeSchema(fields: [
                "metadata": Field(schema: objectMeta), "spec": Field(schema: podSpec),
                "status": Field(schema: conditions),
            ])
        }()
        static let service = resource(["ports": merge("port")])
        static let serviceAccount = StrategicMergeSchema(fields: [
            "metadata": Field(schema: objectMeta), "secrets": merge("name"),
        ])
        static let workload = resource(["template": Field(schema: podTemplate)])
        static let cronJob = resource(
            [
                "jobTemplate": Field(
                    schema: StrategicMergeSchema(fields: [
                        "metadata": Field(schema: objectMeta),
                        "spec": Field(schema: StrategicMergeSchema(fields: ["template": Field(schema: podTemplate)])),
                    ]))
            ], status: nil)
    }
}
