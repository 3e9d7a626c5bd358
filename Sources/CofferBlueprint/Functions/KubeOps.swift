import CofferCore
import CofferYAML

/// Creates, patches or deletes a Kubernetes object.
struct KubeOps: ExecutableFunction {
    static let name = "KubeOps"
    static let executable = true

    enum Key {
        static let operation = "operation"
        static let spec = "spec"
        static let namespace = "namespace"
        static let objectReference = "objectReference"
        /// Coffer's: `merge`, `json`, `strategic` or `apply`; custom resources default to `merge`.
        static let patchType = "patchType"
    }

    static let arguments: [ArgumentSpec] = [
        .init(Key.operation, .required),
        .init(Key.spec, .optional),
        .init(Key.namespace, .optional),
        .init(Key.objectReference, .optional),
        .init(Key.patchType, .optional),
    ]

    enum Operation: String { case create, delete, patch, get }
    enum Output {
        static let apiVersion = "apiVersion", group = "group", resource = "resource", kind = "kind"
        static let name = "name", namespace = "namespace", object = "object"
    }

    let operation: Operation
    let spec: Value?
    let namespace: String?
    let reference: ObjectReference?
    let patchType: String?

    init(_ args: ArgumentValues) throws(BlueprintError) {
        let name = try args.string(Key.operation).lowercased()
        guard let operation = Operation(rawValue: name) else {
            throw args.invalid(Key.operation, "expected create, delete, patch or get, got \"\(name)\"")
        }
        self.operation = operation
        switch args.value(Key.spec) {
        case .string(let text)?:
            do {
                let parsed = try YAMLLoader.loadSingle(text, file: "spec").value
                spec = parsed.isNull ? Value?.none : parsed  // a bare `nil` would be `Value.null`
            } catch {
                guard !text.trimmingWhitespace().isEmpty else {
                    spec = nil
                    break
                }
                throw args.invalid(Key.spec, "not valid YAML or JSON: \(error)")
            }
        case let other: spec = other
        }
        namespace = try args.optionalString(Key.namespace).flatMap { $0.isEmpty ? nil : $0 }
        if let object = try args.object(Key.objectReference) {
            func field(_ key: String) -> String { object[key]?.stringValue ?? "" }
            reference = ObjectReference(
                apiVersion: field("apiVersion"), group: field("group"), resource: field("resource"),
                kind: field("kind"), name: field("name"), namespace: field("namespace"))
        } else {
            reference = nil
        }
        patchType = try args.optionalString(Key.patchType)?.lowercased()
        if let patchType, !["merge", "json", "strategic", "apply"].contains(patchType) {
            throw args.invalid(Key.patchType, "expected merge, json, strategic or apply, got \"\(patchType)\"")
        }
        if operation == .create, spec == nil { throw args.missing(Key.spec) }
        if operation == .patch, spec == nil { throw args.missing(Key.spec) }
        if operation != .create, reference == nil { throw args.missing(Key.objectReference) }
    }

    func run(_ context: PhaseContext) async throws -> [String: Value] {
        let kube = context.kube
        switch operation {
        case .create:
            let spec = spec ?? .null  // checked in init
            let kind = spec["kind"]?.stringValue ?? ""
            let resource = try await kube.resolve(kind, apiVersion: spec["apiVersion"]?.stringValue)
            let namespace =
                resource.namespaced
                ? spec["metadata"]?["namespace"]?.stringValue ?? namespace ?? "default" : nil
            let created = try await kube.create(resource, namespace: namespace, object: spec, dryRun: false)
            return Self.outputs(resource, created["metadata"]?["name"]?.stringValue ?? "", namespace)
        case .delete:
            let (resource, namespace, name) = try await target(kube)
            _ = try await kube.delete(resource, namespace: namespace, name: name, propagation: .background)
            return Self.outputs(resource, name, namespace)
        case .get:
            let (resource, namespace, name) = try await target(kube)
            guard let object = try await kube.get(resource, namespace: namespace, name: name) else {
                throw context.failure("\(resource.kind) \"\(name)\" not found")
            }
            var outputs = Self.outputs(resource, name, namespace)
            outputs[Output.object] = object
            return outputs
        case .patch:
            let (resource, namespace, name) = try await target(kube)
            let custom = try await kube.isCustomResource(resource)
            let type: PatchType
            switch patchType {
            case "json"?: type = .json
            case "apply"?: type = .apply(fieldManager: "coffer", force: true)
            case "strategic"?:
                guard !custom else {
                    throw BlueprintError(
                        .invalidArgument,
                        "argument \"patchType\" of KubeOps: strategic merge patch is not supported for custom resource \(resource)"
                    )
                }
                type = .strategic
            case "merge"?: type = .merge
            default: type = custom ? .merge : .strategic
            }
            _ = try await kube.patch(
                resource, namespace: namespace, name: name, patch: spec ?? .null, type: type, dryRun: false)
            return Self.outputs(resource, name, namespace)
        }
    }

    private func target(_ kube: any KubeAccess) async throws -> (ResourceRef, String?, String) {
        let reference = reference ?? ObjectReference()  // checked in init
        let resource = try await kube.resolve(reference)
        let namespace =
            resource.namespaced
            ? (reference.namespace.isEmpty ? self.namespace ?? "default" : reference.namespace) : nil
        return (resource, namespace, reference.name)
    }

    static func outputs(_ resource: ResourceRef, _ name: String, _ namespace: String?) -> [String: Value] {
        [
            Output.apiVersion: .string(resource.version), Output.group: .string(resource.group),
            Output.resource: .string(resource.resource), Output.kind: .string(resource.kind),
            Output.name: .string(name), Output.namespace: .string(namespace ?? ""),
        ]
    }
}
