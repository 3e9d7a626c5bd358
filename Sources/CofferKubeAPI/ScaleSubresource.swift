public import CofferCore

/// The `scale` subresource: an object seen as an `autoscaling/v1` `Scale`, and a `Scale` written back.
///
/// Built-in workloads keep replicas at `spec.replicas` and `status.replicas` and their selector at
/// `spec.selector`; a custom resource names its paths in the CRD (`specReplicasPath`, `statusReplicasPath`,
/// `labelSelectorPath`, simple dotted paths such as `.spec.replicas`).
public enum ScaleSubresource {
    /// The `Scale` for `object`: `metadata` (name, namespace, uid, resourceVersion, creationTimestamp),
    /// `spec.replicas`, and `status.replicas` and `status.selector` (the selector as query text).
    public static func scale(of object: Value, resource: APIResource) -> Value {
        let paths = Paths(resource)
        var metadata = ValueMap()
        for key in ["name", "namespace", "uid", "resourceVersion", "creationTimestamp"] {
            if let value = object["metadata"]?[key] { metadata[key] = value }
        }
        var spec = ValueMap()
        spec["replicas"] = .int(value(at: paths.specReplicas, in: object)?.intValue ?? 0)
        var status = ValueMap()
        status["replicas"] = .int(paths.statusReplicas.flatMap { value(at: $0, in: object)?.intValue } ?? 0)
        if let selectorPath = paths.selector, let selector = value(at: selectorPath, in: object) {
            if let text = selector.stringValue {
                status["selector"] = .string(text)
            } else if let parsed = try? LabelSelector(labelSelector: selector) {
                status["selector"] = .string(parsed.description)
            }
        }
        var map = ValueMap()
        map["kind"] = "Scale"
        map["apiVersion"] = "autoscaling/v1"
        map["metadata"] = .object(metadata)
        map["spec"] = .object(spec)
        map["status"] = .object(status)
        return .object(map)
    }

    /// `object` with the replicas `scale` asks for (`spec.replicas`); nothing else changes.
    ///
    /// - Throws: ``KubeStatus`` 422 when `spec.replicas` is missing, not an integer, or negative, worded as
    ///   kube-apiserver words it for `Scale`.
    public static func apply(_ scale: Value, to object: Value, resource: APIResource) throws(KubeStatus) -> Value {
        let name = object["metadata"]?["name"]?.stringValue ?? ""
        guard let replicas = scale["spec"]?["replicas"]?.intValue else {
            throw .invalid(kind: "Scale", group: "autoscaling", name: name, causes: [.required("spec.replicas")])
        }
        guard replicas >= 0 else {
            throw .invalid(
                kind: "Scale", group: "autoscaling", name: name,
                causes: [.invalid("spec.replicas", value: .int(replicas), detail: "must be greater than or equal to 0")]
            )
        }
        return setting(.int(replicas), at: Paths(resource).specReplicas, in: object)
    }

    struct Paths {
        var specReplicas: [String]
        var statusReplicas: [String]?
        var selector: [String]?

        init(_ resource: APIResource) {
            if let declared = resource.scalePaths {
                specReplicas = Self.components(declared["specReplicasPath"]?.stringValue ?? ".spec.replicas")
                statusReplicas = declared["statusReplicasPath"]?.stringValue.map(Self.components)
                selector = declared["labelSelectorPath"]?.stringValue.map(Self.components)
            } else {
                specReplicas = ["spec", "replicas"]
                statusReplicas = ["status", "replicas"]
                selector = ["spec", "selector"]
            }
        }

        static func components(_ path: String) -> [String] {
            path.split(separator: ".").map(String.init)
        }
    }

    static func value(at path: [String], in object: Value) -> Value? {
        var current: Value? = object
        for key in path { current = current?[key] }
        return current
    }

    static func setting(_ newValue: Value, at path: [String], in object: Value) -> Value {
        guard let key = path.first else { return newValue }
        var map = object.objectValue ?? ValueMap()
        map[key] = setting(newValue, at: Array(path.dropFirst()), in: map[key] ?? .object(ValueMap()))
        return .object(map)
    }
}
