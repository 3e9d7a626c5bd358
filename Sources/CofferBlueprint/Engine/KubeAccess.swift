public import CofferCore

/// What the engine's functions need from a cluster, in ``Value`` terms.
///
/// Small on purpose: each requirement is one Kubernetes API call (or one watch, exec or log stream),
/// so a libcurl client implements it directly and tests use an in-memory double. Expected outcomes
/// are values (`get` of a missing object is `nil`); failures throw the client's error.
public protocol KubeAccess: Sendable {
    /// The resource a kind (`StatefulSet`), resource (`statefulsets`) or `resource.group` names.
    ///
    /// - Parameters:
    ///   - name: A kind or resource name, case-insensitive.
    ///   - apiVersion: `group/version` or `version`, when the caller knows it.
    /// - Throws: The client's error when discovery fails or nothing matches.
    func resolve(_ name: String, apiVersion: String?) async throws -> ResourceRef

    /// Whether `resource` is served by a CustomResourceDefinition (strategic merge patch is rejected there).
    func isCustomResource(_ resource: ResourceRef) async throws -> Bool

    /// The object, or `nil` when it does not exist (404).
    func get(_ resource: ResourceRef, namespace: String?, name: String) async throws -> Value?

    /// The objects matching `labelSelector` (all when `nil`), in `namespace` (all namespaces when `nil`).
    func list(_ resource: ResourceRef, namespace: String?, labelSelector: String?) async throws -> [Value]

    /// Creates `object`; returns it as the server stored it.
    func create(_ resource: ResourceRef, namespace: String?, object: Value, dryRun: Bool) async throws -> Value

    /// Patches the object with `patch` of the given `type`; returns the patched object.
    func patch(
        _ resource: ResourceRef, namespace: String?, name: String, patch: Value, type: PatchType, dryRun: Bool
    ) async throws -> Value

    /// Deletes the object; `false` when it was already gone.
    func delete(_ resource: ResourceRef, namespace: String?, name: String, propagation: DeletePropagation)
        async throws -> Bool

    /// Sets the `scale` subresource's `spec.replicas`; returns the replica count it had before.
    func scale(_ resource: ResourceRef, namespace: String, name: String, replicas: Int) async throws -> Int

    /// Changes to one object after `resourceVersion`; ends when the server closes the watch.
    func watch(_ resource: ResourceRef, namespace: String?, name: String, resourceVersion: String?)
        -> AsyncThrowingStream<WatchEvent, any Error>

    /// Runs `command` in a container, handing output to `output` as it arrives; returns the exit code.
    ///
    /// Cancelling the calling task stops the exec.
    func exec(
        namespace: String, pod: String, container: String?, command: [String], stdin: [UInt8]?,
        output: @escaping @Sendable (ExecStream, [UInt8]) -> Void
    ) async throws -> Int32

    /// A container's log as chunks of bytes; with `follow`, until the container ends.
    func logs(namespace: String, pod: String, container: String?, follow: Bool)
        -> AsyncThrowingStream<[UInt8], any Error>
}

extension KubeAccess {
    /// The resource a Kanister object reference names: its `resource` (else its `kind`), in `apiVersion`,
    /// which may carry the group (`apps/v1`) or leave it to `group` (Kanister's references split them).
    func resolve(_ reference: ObjectReference) async throws -> ResourceRef {
        var apiVersion = reference.apiVersion
        if !reference.group.isEmpty, !apiVersion.contains("/") {
            apiVersion = apiVersion.isEmpty ? "" : "\(reference.group)/\(apiVersion)"
        }
        return try await resolve(
            reference.resource.isEmpty ? reference.kind : reference.resource,
            apiVersion: apiVersion.isEmpty ? nil : apiVersion)
    }

    /// Runs `command` and returns all its output at once; for commands with small output.
    public func exec(namespace: String, pod: String, container: String?, command: [String], stdin: [UInt8]? = nil)
        async throws -> ExecResult
    {
        let buffers = ExecBuffers()
        let code = try await exec(
            namespace: namespace, pod: pod, container: container, command: command, stdin: stdin
        ) { stream, bytes in buffers.append(stream, bytes) }
        let (stdout, stderr) = buffers.contents
        return ExecResult(stdout: stdout, stderr: stderr, exitCode: code)
    }

    /// Built-in groups never serve custom resources; everything else is assumed custom.
    public func isCustomResource(_ resource: ResourceRef) async throws -> Bool {
        !ResourceRef.builtinGroups.contains(resource.group)
    }
}

/// One API resource: where it is served and whether its objects live in namespaces.
public struct ResourceRef: Hashable, Sendable, CustomStringConvertible {
    /// The API group; empty for the core group.
    public var group: String
/// The API version within the group (`v1`).
    public var version: String
    /// The plural resource name (`statefulsets`).
    public var resource: String
/// The kind its objects have (`StatefulSet`).
    public var kind: String
/// Whether objects live in namespaces (Namespaces, PersistentVolumes do not).
    public var namespaced: Bool

    /// A resource; namespaced unless told otherwise.
    public init(group: String, version: String, resource: String, kind: String, namespaced: Bool = true) {
        self.group = group
        self.version = version
        self.resource = resource
        self.kind = kind
        self.namespaced = namespaced
    }

    /// `group/version`, or `version` for the core group.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    public var description: String { group.isEmpty ? resource : "\(resource).\(group)" }

    /// Groups Kubernetes itself serves.
    static let builtinGroups: Set<String> = [
        "", "apps", "batch", "autoscaling", "policy", "networking.k8s.io", "rbac.authorization.k8s.io",
        "storage.k8s.io", "scheduling.k8s.io", "coordination.k8s.io", "discovery.k8s.io", "node.k8s.io",
        "admissionregistration.k8s.io", "apiextensions.k8s.io", "certificates.k8s.io", "events.k8s.io",
    ]

    /// Built-in resources the engine itself uses.
    public static let pods = ResourceRef(group: "", version: "v1", resource: "pods", kind: "Pod")
    public static let secrets = ResourceRef(group: "", version: "v1", resource: "secrets", kind: "Secret")
    public static let configMaps = ResourceRef(group: "", version: "v1", resource: "configmaps", kind: "ConfigMap")
    public static let namespaces = ResourceRef(
        group: "", version: "v1", resource: "namespaces", kind: "Namespace", namespaced: false)
    public static let persistentVolumeClaims = ResourceRef(
        group: "", version: "v1", resource: "persistentvolumeclaims", kind: "PersistentVolumeClaim")
    public static let statefulSets = ResourceRef(
        group: "apps", version: "v1", resource: "statefulsets", kind: "StatefulSet")
    public static let deployments = ResourceRef(
        group: "apps", version: "v1", resource: "deployments", kind: "Deployment")
    public static let replicaSets = ResourceRef(
        group: "apps", version: "v1", resource: "replicasets", kind: "ReplicaSet")
    public static let deploymentConfigs = ResourceRef(
        group: "apps.openshift.io", version: "v1", resource: "deploymentconfigs", kind: "DeploymentConfig")
}

/// How a patch is to be applied.
public enum PatchType: Hashable, Sendable {
    /// RFC 7386 JSON merge patch (`application/merge-patch+json`); works for every resource.
    case merge
    /// RFC 6902 JSON patch (`application/json-patch+json`): a list of operations.
    case json
    /// Kubernetes' strategic merge patch; built-in resources only.
    case strategic
    /// Server-side apply (`application/apply-patch+yaml`).
    case apply(fieldManager: String, force: Bool)
}

/// What happens to an object's dependents when it is deleted.
public enum DeletePropagation: String, Hashable, Sendable {
    case background = "Background"
    case foreground = "Foreground"
    case orphan = "Orphan"
}

/// One change seen by a watch.
public struct WatchEvent: Sendable {
    public enum Kind: String, Sendable {
        case added = "ADDED"
        case modified = "MODIFIED"
        case deleted = "DELETED"
    }
    public var kind: Kind
    /// The object after the change (its last state for `deleted`).
    public var object: Value

    /// An event of `kind` about `object`.
    public init(_ kind: Kind, _ object: Value) {
        self.kind = kind
        self.object = object
    }
}

/// Which output stream of an exec some bytes came from.
public enum ExecStream: Sendable { case stdout, stderr }

/// A finished exec's whole output.
public struct ExecResult: Sendable {
    public var stdout: [UInt8]
    public var stderr: [UInt8]
    public var exitCode: Int32

    /// A finished exec's output and exit code.
    public init(stdout: [UInt8], stderr: [UInt8], exitCode: Int32) {
        self.stdout = stdout
        self.stderr = stderr
        self.exitCode = exitCode
    }
}
