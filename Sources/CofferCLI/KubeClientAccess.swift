import CofferBlueprint
import CofferCore
import CofferKube

/// The engine's ``KubeAccess`` over the libcurl ``KubeClient``: what `coffer run` gives the ``ActionRunner``.
///
/// It lives in CofferCLI, the one module that already depends on both CofferBlueprint and CofferKube,
/// so neither library has to know the other.
struct KubeClientAccess: KubeAccess {
    var client: KubeClient
    /// Send every mutating request with `dryRun=All` (`coffer run --dry-run=server`): the server validates,
    /// stores nothing.
    var serverDryRun = false

    func resolve(_ name: String, apiVersion: String?) async throws -> ResourceRef {
        guard let apiVersion, !apiVersion.isEmpty else { return Self.reference(try await client.resolve(name)) }
        // A kind with an apiVersion names exactly one group-version; look only there, refreshing once for new CRDs.
        let parts = apiVersion.split(separator: "/", maxSplits: 1).map(String.init)
        let (group, version) = parts.count == 2 ? (parts[0], parts[1]) : ("", parts[0])
        let lower = name.lowercased()
        for refresh in [false, true] {
            let found = try await client.discovery(refresh: refresh).first { info in
                info.gvr.group == group && info.gvr.version == version
                    && (info.gvr.resource == lower || info.singularName == lower || info.kind.lowercased() == lower
                        || info.shortNames.contains(lower))
            }
            if let found { return Self.reference(found) }
        }
        throw KubeError(.configuration, "the server doesn't have a resource type \"\(name)\" in \"\(apiVersion)\"")
    }

    func get(_ resource: ResourceRef, namespace: String?, name: String) async throws -> Value? {
        try await client.get(Self.gvr(resource), namespace: namespace, name: name)
    }

    func list(_ resource: ResourceRef, namespace: String?, labelSelector: String?) async throws -> [Value] {
        try await client.list(Self.gvr(resource), namespace: namespace, labelSelector: labelSelector).items
    }

    func create(_ resource: ResourceRef, namespace: String?, object: Value, dryRun: Bool) async throws -> Value {
        try await client.create(Self.gvr(resource), namespace: namespace, object, dryRun: dryRun || serverDryRun)
    }

    func patch(
        _ resource: ResourceRef, namespace: String?, name: String, patch: Value, type: CofferBlueprint.PatchType,
        dryRun: Bool
    ) async throws -> Value {
        let kubeType: CofferKube.PatchType
        switch type {
        case .merge: kubeType = .merge
        case .json: kubeType = .json
        case .strategic: kubeType = .strategic
        case .apply(let fieldManager, let force): kubeType = .apply(fieldManager: fieldManager, force: force)
        }
        return try await client.patch(
            Self.gvr(resource), namespace: namespace, name: name, patch, type: kubeType, dryRun: dryRun || serverDryRun)
    }

    func delete(_ resource: ResourceRef, namespace: String?, name: String, propagation: DeletePropagation)
        async throws -> Bool
    {
        let policy: PropagationPolicy
        switch propagation {
        case .background: policy = .background
        case .foreground: policy = .foreground
        case .orphan: policy = .orphan
        }
        return try await client.delete(
            Self.gvr(resource), namespace: namespace, name: name, propagation: policy, dryRun: serverDryRun)
    }

    func scale(_ resource: ResourceRef, namespace: String, name: String, replicas: Int) async throws -> Int {
        guard serverDryRun else {
            return try await client.scale(Self.gvr(resource), namespace: namespace, name: name, to: replicas)
        }
        let before = try await client.scale(Self.gvr(resource), namespace: namespace, name: name)
        _ = try await client.patch(
            Self.gvr(resource), namespace: namespace, name: name, ["spec": ["replicas": .int(Int64(replicas))]],
            type: .merge, subresource: "scale", dryRun: true)
        return before
    }

    func watch(_ resource: ResourceRef, namespace: String?, name: String, resourceVersion: String?)
        -> AsyncThrowingStream<CofferBlueprint.WatchEvent, any Error>
    {
        let events = client.watch(
            Self.gvr(resource), namespace: namespace, fieldSelector: "metadata.name=\(name)",
            resourceVersion: resourceVersion)
        let (stream, continuation) = AsyncThrowingStream<CofferBlueprint.WatchEvent, any Error>.makeStream()
        let task = Task {
            do {
                for try await event in events {
                    switch event.type {
                    case .added: continuation.yield(.init(.added, event.object))
                    case .modified: continuation.yield(.init(.modified, event.object))
                    case .deleted: continuation.yield(.init(.deleted, event.object))
                    case .bookmark: continue
                    }
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    func exec(
        namespace: String, pod: String, container: String?, command: [String], stdin: [UInt8]?,
        output: @escaping @Sendable (ExecStream, [UInt8]) -> Void
    ) async throws -> Int32 {
        var code: Int32?
        for try await piece in client.execStream(
            namespace: namespace, pod: pod, container: container, command: command, stdin: stdin)
        {
            switch piece {
            case .stdout(let bytes): output(.stdout, bytes)
            case .stderr(let bytes): output(.stderr, bytes)
            case .exit(let exit): code = exit
            }
        }
        // Cancellation ends the stream early, without an exit code.
        try Task.checkCancellation()
        guard let code else { throw KubeError(.protocolViolation, "exec in pod \"\(pod)\" ended without an exit code") }
        return code
    }

    func logs(namespace: String, pod: String, container: String?, follow: Bool)
        -> AsyncThrowingStream<[UInt8], any Error>
    {
        let (stream, continuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
        let client = self.client
        let task = Task {
            do {
                if follow {
                    for try await chunk in try await client.followLogs(
                        namespace: namespace, pod: pod, container: container)
                    {
                        continuation.yield(chunk)
                    }
                } else {
                    let text = try await client.logs(namespace: namespace, pod: pod, container: container)
                    continuation.yield(Array(text.utf8))
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    // MARK: - Conversions

    static func gvr(_ resource: ResourceRef) -> GroupVersionResource {
        GroupVersionResource(group: resource.group, version: resource.version, resource: resource.resource)
    }

    static func reference(_ info: ResourceInfo) -> ResourceRef {
        ResourceRef(
            group: info.gvr.group, version: info.gvr.version, resource: info.gvr.resource, kind: info.kind,
            namespaced: info.namespaced)
    }
}
