import CofferCore
import CofferKubeAPI
import CofferYAML
import Foundation

/// The Kubernetes API semantics: routes a request to discovery or to a resource, and answers it.
///
/// Synchronous and fast (the store works in memory under one lock), so the HTTP layer calls it directly
/// on its event loop; only watches outlive the call.
final class APIServer: Sendable {
    let store: ObjectStore
    let catalog: ResourceCatalog
    let version: ServerVersion
    let runtime: any PodRuntime

    init(store: ObjectStore, runtime: any PodRuntime, version: ServerVersion = ServerVersion()) {
        self.store = store
        self.catalog = ResourceCatalog()
        self.version = version
        self.runtime = runtime
        for crd in store.list(Self.crdResource, namespace: nil).objects {
            if let types = try? Self.resourceTypes(forCRD: crd.value) {
                catalog.register(crdName: crd.name, types: types)
            }
        }
        ensureDefaultNamespaces()
    }

    static let namespaceResource = GroupResource(group: "", resource: "namespaces")
    static let podResource = GroupResource(group: "", resource: "pods")
    static let crdResource = GroupResource(group: "apiextensions.k8s.io", resource: "customresourcedefinitions")

    private func ensureDefaultNamespaces() {
        for name in ["default", "kube-system", "kube-public", "kube-node-lease"] {
            let key = ObjectKey(namespace: "", name: name)
            _ = try? store.mutate(Self.namespaceResource, key) { current throws(APIError) in
                guard current == nil else { return .keep }
                var namespace: Value = [
                    "kind": "Namespace", "apiVersion": "v1",
                    "metadata": ["name": .string(name), "labels": ["kubernetes.io/metadata.name": .string(name)]],
                    "spec": ["finalizers": ["kubernetes"]], "status": ["phase": "Active"],
                ]
                Self.stampNew(&namespace)
                return .put(namespace)
            }
        }
    }

    /// Answers one request; errors become `Status` bodies.
    func handle(_ request: APIRequest) -> APIResponse {
        do {
            return try route(request)
        } catch {
            return Self.errorResponse(error)
        }
    }

    static func errorResponse(_ error: APIError) -> APIResponse {
        .json(error.code, Array(error.status.jsonString().utf8))
    }

    private func route(_ request: APIRequest) throws(APIError) -> APIResponse {
        let segments = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard let first = segments.first else { return .json(200, Array(rootPaths().jsonString().utf8)) }
        switch first {
        case "version":
            return .json(200, Array(version.document.jsonString(pretty: true).utf8))
        case "healthz", "readyz", "livez":
            return .body(status: 200, contentType: "text/plain; charset=utf-8", bytes: Array("ok".utf8), headers: [])
        case "api":
            if segments.count == 1 { return discoveryRoot(request, core: true) }
            if segments.count == 2 { return try resourceList(group: "", version: segments[1]) }
            return try resourceRequest(request, group: "", version: segments[1], rest: Array(segments[2...]))
        case "apis":
            if segments.count == 1 { return discoveryRoot(request, core: false) }
            if segments.count == 2 { return try groupDocument(segments[1]) }
            if segments.count == 3 { return try resourceList(group: segments[1], version: segments[2]) }
            return try resourceRequest(request, group: segments[1], version: segments[2], rest: Array(segments[3...]))
        case "openapi":
            return try openAPI(segments: Array(segments.dropFirst()))
        default:
            throw APIError.notFoundPath()
        }
    }

    // MARK: - Resource paths

    /// A parsed resource path: `[namespaces/{ns}/]{resource}[/{name}[/{subresource}]]`.
    struct Target {
        var type: ResourceType
        var namespace: String?
        var name: String?
        var subresource: String?
    }

    func parseTarget(group: String, version: String, rest: [String]) throws(APIError) -> Target {
        var rest = rest[...]
        var namespace: String?
        var isWatchPath = false
        if rest.first == "watch" {
            isWatchPath = true
            rest = rest.dropFirst()
        }
        _ = isWatchPath
        if rest.count >= 3, rest.first == "namespaces",
            catalog.resource(group: group, version: version, plural: rest[rest.startIndex + 2])?.namespaced == true
        {
            namespace = rest[rest.startIndex + 1]
            rest = rest.dropFirst(2)
        }
        guard let plural = rest.first,
            let type = catalog.resource(group: group, version: version, plural: plural)
        else { throw APIError.notFoundPath() }
        rest = rest.dropFirst()
        let name = rest.first
        let subresource = rest.count > 1 ? rest[rest.startIndex + 1] : nil
        if rest.count > 2 { throw APIError.notFoundPath() }
        return Target(type: type, namespace: namespace, name: name, subresource: subresource)
    }

    private func resourceRequest(_ request: APIRequest, group: String, version: String, rest: [String])
        throws(APIError) -> APIResponse
    {
        var target = try parseTarget(group: group, version: version, rest: rest)
        let isWatch = rest.first == "watch" || request.queryFlag("watch")
        if !target.type.namespaced { target.namespace = nil }
        try authorize(request, target: target, isWatch: isWatch)
        if let subresource = target.subresource {
            switch subresource {
            case "status" where target.type.hasStatus: break
            case "scale" where target.type.hasScale: break
            case "log" where target.type.groupResource == Self.podResource:
                guard request.method == "GET", let name = target.name else { throw APIError.methodNotAllowed() }
                return try podLog(request, target, name: name)
            case "exec" where target.type.groupResource == Self.podResource:
                _ = try execPlan(request)
                throw APIError.badRequest("Upgrade request required")
            default: throw APIError.notFoundPath()
            }
        }
        switch (request.method, target.name) {
        case ("GET", nil):
            if isWatch { return try watch(request, target) }
            return try list(request, target)
        case ("GET", .some(let name)):
            return try get(request, target, name: name)
        case ("POST", nil):
            return try create(request, target)
        case ("PUT", .some(let name)):
            return try update(request, target, name: name)
        case ("PATCH", .some(let name)):
            return try patch(request, target, name: name)
        case ("DELETE", .some(let name)):
            return try delete(request, target, name: name)
        case ("DELETE", nil):
            return try deleteCollection(request, target)
        default:
            throw APIError.methodNotAllowed()
        }
    }

    // MARK: - Authorization

    func authorize(_ request: APIRequest, target: Target, isWatch: Bool) throws(APIError) {
        // Reviews about oneself are open to every authenticated user, as on a real cluster.
        if target.type.group == "authorization.k8s.io" || target.type.group == "authentication.k8s.io" { return }
        let verb = Self.verb(request, target: target, isWatch: isWatch)
        let resource = target.type.groupResource
        if request.user.may(verb, resource, subresource: target.subresource, namespace: target.namespace) { return }
        let shown = target.subresource.map { "\(resource.resource)/\($0)" } ?? resource.resource
        throw APIError.forbidden(
            user: request.user.name, verb: verb, resource: shown, group: resource.group, name: target.name,
            namespace: target.namespace)
    }

    static func verb(_ request: APIRequest, target: Target, isWatch: Bool) -> String {
        switch request.method {
        case "GET": return isWatch ? "watch" : (target.name == nil ? "list" : "get")
        case "POST": return "create"
        case "PUT": return "update"
        case "PATCH": return "patch"
        case "DELETE": return target.name == nil ? "deletecollection" : "delete"
        default: return request.method.lowercased()
        }
    }

    // MARK: - Helpers

    static func timestamp(_ date: Date = Date()) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }

    /// Gives a new object its uid and creationTimestamp, and a generation when its kind tracks one.
    static func stampNew(_ object: inout Value, tracksGeneration: Bool = false) {
        object.setMetadata("uid", .string(UUID().uuidString.lowercased()))
        object.setMetadata("creationTimestamp", .string(timestamp()))
        if tracksGeneration { object.setMetadata("generation", .int(1)) } else { object.setMetadata("generation", nil) }
    }

    /// Whether kube-apiserver keeps `metadata.generation` for the kind: workloads, CRDs and custom resources,
    /// not core kinds such as ConfigMap or Namespace.
    static func tracksGeneration(_ type: ResourceType) -> Bool {
        type.isCustom || ["apps", "batch", "apiextensions.k8s.io"].contains(type.group)
    }

    func decodeBody(_ request: APIRequest) throws(APIError) -> Value {
        guard !request.body.isEmpty else { throw APIError.badRequest("the request body is empty") }
        let contentType = request.header("content-type") ?? "application/json"
        if contentType.contains("yaml") {
            do {
                return try YAMLLoader.loadSingle(request.body, file: "<request>").value
            } catch {
                throw APIError.badRequest("error decoding YAML: \(error)")
            }
        }
        do {
            return try Value(json: request.body, file: "<request>")
        } catch {
            throw APIError.badRequest("the body of the request could not be decoded as JSON: \(error)")
        }
    }
}

/// The Kubernetes version the sandbox reports: it decides which kubectl the dispatcher runs.
struct ServerVersion: Sendable {
    var major = "1"
    var minor = "31"
    var patch = "0"

    var document: Value {
        [
            "major": .string(major), "minor": .string(minor), "gitVersion": .string("v\(major).\(minor).\(patch)"),
            "gitCommit": "0000000000000000000000000000000000000000", "gitTreeState": "clean",
            "buildDate": "2026-01-01T00:00:00Z", "goVersion": "go1.22.0", "compiler": "gc",
            "platform": "linux/amd64",
        ]
    }
}
