public import CofferCore
import Foundation

/// A Kubernetes API client over libcurl: every verb on any resource, built-in or custom.
///
/// Cheap to copy and safe to share between tasks; copies share connections, rate limit and discovery cache.
public struct KubeClient: Sendable {
    /// Tuning for one client.
    public struct Options: Sendable {
        /// Client-side request rate limit.
        public var rateLimit: RateLimit
        /// Retries on connection failures, 429 and 5xx.
        public var retry: RetryPolicy
        /// The limit for one request's whole exchange; streams (watch, follow logs) have none.
        public var requestTimeout: Duration

        public init(
            rateLimit: RateLimit = .default, retry: RetryPolicy = RetryPolicy(), requestTimeout: Duration = .seconds(60)
        ) {
            self.rateLimit = rateLimit
            self.retry = retry
            self.requestTimeout = requestTimeout
        }
    }

    let transport: KubeTransport
    let discoveryCache: DiscoveryCache

    /// The connection this client talks over.
    public var connection: ClusterConnection { transport.connection }
    /// The namespace of the kubeconfig context (or `default`).
    public var defaultNamespace: String { transport.connection.namespace }

    /// A client for `connection`.
    ///
    /// - Parameters:
    ///   - connection: Where the API server is and how to authenticate.
    ///   - options: Rate limit, retries and timeouts.
    ///   - environment: The environment exec credential plugins run with; `nil` for this process's.
    ///   - logger: Receives one line per request; never credentials.
    public init(
        connection: ClusterConnection, options: Options = Options(),
        environment: [String: String]? = nil, logger: KubeLogger? = nil
    ) {
        self.transport = KubeTransport(
            connection: connection, options: options, environment: environment ?? ProcessInfo.processInfo.environment,
            logger: logger)
        self.discoveryCache = DiscoveryCache()
    }

    // MARK: - Read

    /// The object, or `nil` when it does not exist.
    ///
    /// - Throws: ``KubeError`` for any other failure.
    public func get(_ resource: GroupVersionResource, namespace: String?, name: String) async throws -> Value? {
        do {
            return try await json(transport.send("GET", resource.path(namespace: namespace, name: name)))
        } catch let error as KubeError where error.isNotFound {
            return nil
        }
    }

    /// One page of a list, or all of them.
    ///
    /// - Parameters:
    ///   - namespace: The namespace; `nil` lists across all namespaces (or a cluster-scoped resource).
    ///   - labelSelector: `app=db,tier!=cache`, `env in (a,b)`, `!legacy`.
    ///   - fieldSelector: `metadata.name=x`, `status.phase=Running`.
    ///   - limit: The page size; with `nil` the server decides.
    ///   - allPages: Follow `continue` tokens until the last page.
    /// - Returns: The items and the list's resourceVersion (to start a watch from).
    /// - Throws: ``KubeError``.
    public func list(
        _ resource: GroupVersionResource, namespace: String?, labelSelector: String? = nil,
        fieldSelector: String? = nil, limit: Int? = nil, allPages: Bool = true
    ) async throws -> KubeList {
        var result = KubeList(items: [], resourceVersion: "", continueToken: nil)
        var token: String?
        repeat {
            var query: [(String, String)] = []
            if let labelSelector { query.append(("labelSelector", labelSelector)) }
            if let fieldSelector { query.append(("fieldSelector", fieldSelector)) }
            if let limit { query.append(("limit", String(limit))) }
            if let token { query.append(("continue", token)) }
            let page = try json(
                await transport.send("GET", resource.path(namespace: namespace) + PathEncoding.query(query)))
            result.items += page["items"]?.arrayValue ?? []
            result.resourceVersion = page["metadata"]?["resourceVersion"]?.stringValue ?? result.resourceVersion
            token = page["metadata"]?["continue"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            result.continueToken = token
        } while allPages && token != nil
        return result
    }

    // MARK: - Write

    /// Creates `object` and returns it as stored.
    ///
    /// - Throws: ``KubeError``; ``KubeError/isAlreadyExists`` when the name is taken.
    public func create(_ resource: GroupVersionResource, namespace: String?, _ object: Value, dryRun: Bool = false)
        async throws -> Value
    {
        let query = dryRun ? PathEncoding.query([("dryRun", "All")]) : ""
        return try json(
            await transport.send(
                "POST", resource.path(namespace: namespace) + query, body: Array(object.jsonString().utf8),
                contentType: "application/json"))
    }

    /// Replaces the object named by `object.metadata.name`; a stale `metadata.resourceVersion` gets 409.
    ///
    /// - Throws: ``KubeError``; ``KubeError/isConflict`` when someone else changed it first.
    public func update(
        _ resource: GroupVersionResource, namespace: String?, _ object: Value, subresource: String? = nil
    ) async throws -> Value {
        guard let name = object["metadata"]?["name"]?.stringValue else {
            throw KubeError(.configuration, "cannot update an object without metadata.name")
        }
        return try json(
            await transport.send(
                "PUT", resource.path(namespace: namespace, name: name, subresource: subresource),
                body: Array(object.jsonString().utf8), contentType: "application/json"))
    }

    /// Replaces the object's status through the `status` subresource.
    public func updateStatus(_ resource: GroupVersionResource, namespace: String?, _ object: Value) async throws
        -> Value
    {
        try await update(resource, namespace: namespace, object, subresource: "status")
    }

    /// Patches an object and returns it as stored.
    ///
    /// - Parameters:
    ///   - patch: The patch document: an object for merge, strategic and apply; an array of operations for JSON patch.
    ///   - type: How the server interprets `patch`.
    ///   - subresource: `status` or `scale`, to patch those instead.
    ///   - dryRun: Ask the server to validate and answer without storing (`dryRun=All`).
    /// - Throws: ``KubeError``: 415 for strategic merge on custom resources, 422 for a failed `test` op,
    ///   409 for an apply conflict without `force`.
    public func patch(
        _ resource: GroupVersionResource, namespace: String?, name: String, _ patch: Value, type: PatchType,
        subresource: String? = nil, dryRun: Bool = false
    ) async throws -> Value {
        var query: [(String, String)] = dryRun ? [("dryRun", "All")] : []
        if case .apply(let fieldManager, let force) = type {
            query.append(("fieldManager", fieldManager))
            if force { query.append(("force", "true")) }
        }
        return try json(
            await transport.send(
                "PATCH",
                resource.path(namespace: namespace, name: name, subresource: subresource) + PathEncoding.query(query),
                body: Array(patch.jsonString().utf8), contentType: type.contentType))
    }

    /// Deletes an object; returns `false` when it was already gone.
    ///
    /// - Parameters:
    ///   - propagation: What happens to dependents; `nil` uses the resource's default.
    ///   - waitUntilGone: When set, waits (by watching) until the object no longer exists, finalizers included,
    ///     for at most this long.
    ///   - dryRun: Ask the server to validate the deletion without doing it (`dryRun=All`).
    /// - Throws: ``KubeError``; ``KubeError/Code/timeout`` when the object outlived `waitUntilGone`.
    @discardableResult
    public func delete(
        _ resource: GroupVersionResource, namespace: String?, name: String, propagation: PropagationPolicy? = nil,
        waitUntilGone: Duration? = nil, dryRun: Bool = false
    ) async throws -> Bool {
        var body: [UInt8]?
        if let propagation {
            let options: Value = [
                "kind": "DeleteOptions", "apiVersion": "v1", "propagationPolicy": .string(propagation.rawValue),
            ]
            body = Array(options.jsonString().utf8)
        }
        do {
            _ = try await transport.send(
                "DELETE",
                resource.path(namespace: namespace, name: name) + (dryRun ? PathEncoding.query([("dryRun", "All")]) : ""),
                body: body,
                contentType: body == nil ? nil : "application/json")
        } catch let error as KubeError where error.isNotFound {
            return false
        }
        if let waitUntilGone {
            _ = try await wait(for: resource, namespace: namespace, name: name, timeout: waitUntilGone) { $0 == nil }
        }
        return true
    }

    // MARK: - Subresources

    /// A subresource of an object, such as `status` or `scale`; `nil` when the object does not exist.
    public func getSubresource(
        _ resource: GroupVersionResource, namespace: String?, name: String, subresource: String
    ) async throws -> Value? {
        do {
            return try await json(
                transport.send("GET", resource.path(namespace: namespace, name: name, subresource: subresource)))
        } catch let error as KubeError where error.isNotFound {
            return nil
        }
    }

    /// The replica count of a scalable workload, from its `scale` subresource.
    ///
    /// - Throws: ``KubeError``; not found is an error here, since there is nothing to scale.
    public func scale(_ resource: GroupVersionResource, namespace: String?, name: String) async throws -> Int {
        let scale = try json(
            await transport.send("GET", resource.path(namespace: namespace, name: name, subresource: "scale")))
        return Int(scale["spec"]?["replicas"]?.intValue ?? 0)
    }

    /// Sets the replica count of a scalable workload and returns the count it had before.
    @discardableResult
    public func scale(_ resource: GroupVersionResource, namespace: String?, name: String, to replicas: Int) async throws
        -> Int
    {
        let before = try await scale(resource, namespace: namespace, name: name)
        _ = try await patch(
            resource, namespace: namespace, name: name, ["spec": ["replicas": .int(Int64(replicas))]], type: .merge,
            subresource: "scale")
        return before
    }

    // MARK: - Server

    /// The server's `/version` document (`major`, `minor`, `gitVersion`, ...).
    public func serverVersion() async throws -> Value {
        try json(await transport.send("GET", "/version"))
    }

    /// Sends any request and returns the JSON answer; for endpoints without a typed method.
    public func raw(_ method: String, path: String, body: Value? = nil, contentType: String = "application/json")
        async throws -> Value
    {
        try json(
            await transport.send(
                method, path, body: body.map { Array($0.jsonString().utf8) }, contentType: body.map { _ in contentType }
            ))
    }

    func json(_ response: HTTPResponse) throws -> Value {
        do {
            return try Value(json: response.body, file: "<response>")
        } catch {
            throw KubeError(.decoding, "the server's answer is not JSON: \(error)")
        }
    }
}

/// Items of a list and where to resume from.
public struct KubeList: Sendable, Hashable {
    public var items: [Value]
    /// The list's resourceVersion: watch from here to see every later change.
    public var resourceVersion: String
    /// The token for the next page, when ``KubeClient/list(_:namespace:labelSelector:fieldSelector:limit:allPages:)``
    /// stopped after one page.
    public var continueToken: String?
}

/// How the server should read a patch.
public enum PatchType: Sendable, Hashable {
    /// RFC 7386 JSON merge patch.
    case merge
    /// RFC 6902 JSON patch: an array of operations.
    case json
    /// Kubernetes strategic merge patch; built-in kinds only.
    case strategic
    /// Server-side apply, owned by `fieldManager`; `force` takes fields other managers own.
    case apply(fieldManager: String, force: Bool = false)

    var contentType: String {
        switch self {
        case .merge: "application/merge-patch+json"
        case .json: "application/json-patch+json"
        case .strategic: "application/strategic-merge-patch+json"
        case .apply: "application/apply-patch+yaml"
        }
    }
}

/// What deleting an owner does to its dependents.
public enum PropagationPolicy: String, Sendable, Hashable, CaseIterable {
    case foreground = "Foreground"
    case background = "Background"
    case orphan = "Orphan"
}
