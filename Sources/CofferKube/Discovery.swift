import CofferCore
import Synchronization

/// What discovery says about one resource.
public struct ResourceInfo: Sendable, Hashable, CustomStringConvertible {
    public var gvr: GroupVersionResource
    /// The kind of its objects: `Deployment`.
    public var kind: String
    public var namespaced: Bool
    public var singularName: String
    public var shortNames: [String]
    /// The verbs it supports: `get`, `list`, `watch`, `create`, ...
    public var verbs: [String]
    /// Its subresources: `status`, `scale`, `exec`, `log`.
    public var subresources: [String]

    public var description: String { gvr.description }
}

/// Discovery results, kept for the client's life and refreshed when a name is not found.
final class DiscoveryCache: Sendable {
    private let resources = Mutex<[ResourceInfo]?>(nil)

    var cached: [ResourceInfo]? { resources.withLock { $0 } }
    func store(_ list: [ResourceInfo]) { resources.withLock { $0 = list } }
    func invalidate() { resources.withLock { $0 = nil } }
}

extension KubeClient {
    /// Every resource the server serves, in its preferred version per group; cached per client.
    ///
    /// - Throws: ``KubeError``.
    public func discovery(refresh: Bool = false) async throws -> [ResourceInfo] {
        if !refresh, let cached = discoveryCache.cached { return cached }
        var groupVersions: [(group: String, version: String)] = []
        let core = try json(await transport.send("GET", "/api"))
        for version in core["versions"]?.arrayValue ?? [] {
            if let version = version.stringValue { groupVersions.append(("", version)) }
        }
        let groups = try json(await transport.send("GET", "/apis"))
        for group in groups["groups"]?.arrayValue ?? [] {
            guard let name = group["name"]?.stringValue else { continue }
            // Preferred version first, so it wins when names are resolved; other versions are still addressable.
            let preferred = group["preferredVersion"]?["version"]?.stringValue
            var versions = (group["versions"]?.arrayValue ?? []).compactMap { $0["version"]?.stringValue }
            if let preferred, let index = versions.firstIndex(of: preferred) {
                versions.remove(at: index)
                versions.insert(preferred, at: 0)
            }
            for version in versions { groupVersions.append((name, version)) }
        }
        let documents = try await withThrowingTaskGroup(of: (Int, Value?).self) { tasks in
            for (index, groupVersion) in groupVersions.enumerated() {
                let prefix = GroupVersionResource(
                    group: groupVersion.group, version: groupVersion.version, resource: ""
                ).apiPrefix
                tasks.addTask {
                    do {
                        return (index, try json(await transport.send("GET", prefix)))
                    } catch let error as KubeError where error.code == .server {
                        // An aggregated API that is down (metrics-server, say) must not hide everything else.
                        return (index, nil)
                    }
                }
            }
            var documents = [Value?](repeating: nil, count: groupVersions.count)
            for try await (index, document) in tasks { documents[index] = document }
            return documents
        }
        var infos: [ResourceInfo] = []
        for (index, document) in documents.enumerated() {
            guard let document else { continue }
            let (group, version) = groupVersions[index]
            infos += Self.resources(in: document, group: group, version: version)
        }
        discoveryCache.store(infos)
        return infos
    }

    /// The resources of one APIResourceList, with their subresources folded in.
    static func resources(in list: Value, group: String, version: String) -> [ResourceInfo] {
        var infos: [ResourceInfo] = []
        var subresources: [String: [String]] = [:]
        for entry in list["resources"]?.arrayValue ?? [] {
            guard let name = entry["name"]?.stringValue else { continue }
            let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
            if parts.count == 2 {
                subresources[parts[0], default: []].append(parts[1])
                continue
            }
            let kind = entry["kind"]?.stringValue ?? ""
            infos.append(
                ResourceInfo(
                    gvr: GroupVersionResource(group: group, version: version, resource: name), kind: kind,
                    namespaced: entry["namespaced"]?.boolValue ?? false,
                    singularName: entry["singularName"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
                        ?? kind.lowercased(),
                    shortNames: (entry["shortNames"]?.arrayValue ?? []).compactMap(\.stringValue),
                    verbs: (entry["verbs"]?.arrayValue ?? []).compactMap(\.stringValue), subresources: []))
        }
        for index in infos.indices { infos[index].subresources = subresources[infos[index].gvr.resource] ?? [] }
        return infos
    }

    /// Resolves what a user typed, as kubectl does: a plural, singular, short name or kind, optionally
    /// qualified as `resource.group` or `resource.version.group`.
    ///
    /// A miss refreshes discovery once, so a CRD created a moment ago is found.
    /// - Throws: ``KubeError`` with ``KubeError/Code/configuration`` when nothing matches.
    public func resolve(_ name: String) async throws -> ResourceInfo {
        if let found = Self.match(name, in: try await discovery()) { return found }
        if let found = Self.match(name, in: try await discovery(refresh: true)) { return found }
        throw KubeError(.configuration, "the server doesn't have a resource type \"\(name)\"")
    }

    static func match(_ typed: String, in infos: [ResourceInfo]) -> ResourceInfo? {
        let lower = typed.lowercased()
        func named(_ name: String, _ candidates: [ResourceInfo]) -> ResourceInfo? {
            candidates.first { $0.gvr.resource == name }
                ?? candidates.first { $0.singularName == name }
                ?? candidates.first { $0.shortNames.contains(name) }
                ?? candidates.first { $0.kind.lowercased() == name }
        }
        if let found = named(lower, infos) { return found }
        // `resource.group` and `resource.version.group`; groups contain dots, so try each split point.
        var dot = lower.firstIndex(of: ".")
        while let split = dot {
            let resource = String(lower[..<split])
            let rest = String(lower[lower.index(after: split)...])
            if let found = named(resource, infos.filter { $0.gvr.group == rest }) { return found }
            if let versionDot = rest.firstIndex(of: ".") {
                let version = String(rest[..<versionDot])
                let group = String(rest[rest.index(after: versionDot)...])
                if let found = named(resource, infos.filter { $0.gvr.group == group && $0.gvr.version == version }) {
                    return found
                }
            }
            dot = lower[lower.index(after: split)...].firstIndex(of: ".")
        }
        return nil
    }
}
