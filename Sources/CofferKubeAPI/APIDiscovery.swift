public import CofferCore

/// The discovery documents kube-apiserver serves, built from a list of ``APIResource``s.
///
/// Plain discovery (`/api`, `/api/v1`, `/apis`, `/apis/<g>`, `/apis/<g>/<v>`) and aggregated discovery
/// (`apidiscovery.k8s.io/v2`, which kubectl ≥ 1.30 asks for first on `/api` and `/apis`).
public struct APIDiscovery: Sendable {
    /// The content type of an aggregated discovery answer; also the `Accept` kubectl sends for it.
    public static let aggregatedContentType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"

    /// Every resource served, built-in and custom.
    public var resources: [APIResource]

    /// Discovery over `resources`; groups appear in the order their first resource does.
    public init(resources: [APIResource]) {
        self.resources = resources
    }

    /// The groups other than the core group, in first-seen order, each with its versions by priority.
    public var groups: [(name: String, versions: [String])] {
        var order: [String] = []
        var versions: [String: [String]] = [:]
        for resource in resources where !resource.group.isEmpty {
            if versions[resource.group] == nil { order.append(resource.group) }
            if !(versions[resource.group]?.contains(resource.version) ?? false) {
                versions[resource.group, default: []].append(resource.version)
            }
        }
        return order.map { ($0, versions[$0]!.sorted(by: APIResource.versionPrecedes)) }  // keys filled just above
    }

    // MARK: Plain discovery

    /// `/api`: the core group's versions.
    public func coreVersions(serverAddress: String = "") -> Value {
        var map = ValueMap()
        map["kind"] = "APIVersions"
        map["versions"] = ["v1"]
        map["serverAddressByClientCIDRs"] = [["clientCIDR": "0.0.0.0/0", "serverAddress": .string(serverAddress)]]
        return .object(map)
    }

    /// `/apis`: every group with its versions and preferred version.
    public func groupList() -> Value {
        var map = ValueMap()
        map["kind"] = "APIGroupList"
        map["apiVersion"] = "v1"
        map["groups"] = .array(groups.map { Self.group($0.name, versions: $0.versions) })
        return .object(map)
    }

    /// `/apis/<group>`: one group, or `nil` when no resource is in it.
    public func group(_ name: String) -> Value? {
        guard let entry = groups.first(where: { $0.name == name }) else { return nil }
        var result = ValueMap([("kind", "APIGroup"), ("apiVersion", "v1")])
        for (key, value) in Self.group(entry.name, versions: entry.versions).objectValue ?? ValueMap() {
            result[key] = value
        }
        return .object(result)
    }

    static func group(_ name: String, versions: [String]) -> Value {
        let entries: [Value] = versions.map { ["groupVersion": .string("\(name)/\($0)"), "version": .string($0)] }
        var map = ValueMap()
        map["name"] = .string(name)
        map["versions"] = .array(entries)
        map["preferredVersion"] = entries.first ?? .null
        return .object(map)
    }

    /// `/api/v1` (group `""`) or `/apis/<group>/<version>`: the resources there, subresources as `pods/status`,
    /// sorted by name; `nil` when that group-version serves nothing.
    public func resourceList(group: String, version: String) -> Value? {
        let served = resources.filter { $0.group == group && $0.version == version }
        guard !served.isEmpty else { return nil }
        var entries: [(String, Value)] = []
        for resource in served {
            entries.append((resource.name, Self.entry(resource)))
            for subresource in resource.subresources {
                let name = "\(resource.name)/\(subresource.name)"
                var map = ValueMap()
                map["name"] = .string(name)
                map["singularName"] = ""
                map["namespaced"] = .bool(resource.namespaced)
                if let group = subresource.group { map["group"] = .string(group) }
                if let version = subresource.version { map["version"] = .string(version) }
                map["kind"] = .string(subresource.kind)
                map["verbs"] = .array(subresource.verbs.map(Value.string))
                entries.append((name, .object(map)))
            }
        }
        var map = ValueMap()
        map["kind"] = "APIResourceList"
        if !group.isEmpty { map["apiVersion"] = "v1" }
        map["groupVersion"] = .string(group.isEmpty ? version : "\(group)/\(version)")
        map["resources"] = .array(entries.sorted { $0.0 < $1.0 }.map(\.1))
        return .object(map)
    }

    static func entry(_ resource: APIResource) -> Value {
        var map = ValueMap()
        map["name"] = .string(resource.name)
        map["singularName"] = .string(resource.singularName)
        map["namespaced"] = .bool(resource.namespaced)
        map["kind"] = .string(resource.kind)
        map["verbs"] = .array(resource.verbs.map(Value.string))
        if !resource.shortNames.isEmpty { map["shortNames"] = .array(resource.shortNames.map(Value.string)) }
        if !resource.categories.isEmpty { map["categories"] = .array(resource.categories.map(Value.string)) }
        return .object(map)
    }

    // MARK: Aggregated discovery

    /// The aggregated answer for `/api` (`core: true`, the core group alone) or `/apis` (every other group).
    public func aggregated(core: Bool) -> Value {
        var items: [Value] = []
        if core {
            if resources.contains(where: { $0.group.isEmpty }) { items.append(aggregatedGroup("", versions: ["v1"])) }
        } else {
            items = groups.map { aggregatedGroup($0.name, versions: $0.versions) }
        }
        var map = ValueMap()
        map["kind"] = "APIGroupDiscoveryList"
        map["apiVersion"] = "apidiscovery.k8s.io/v2"
        map["metadata"] = .object(ValueMap())
        map["items"] = .array(items)
        return .object(map)
    }

    func aggregatedGroup(_ name: String, versions: [String]) -> Value {
        var metadata = ValueMap()
        if !name.isEmpty { metadata["name"] = .string(name) }
        metadata["creationTimestamp"] = .null
        let versionEntries: [Value] = versions.map { version in
            let served = resources.filter { $0.group == name && $0.version == version }.sorted { $0.name < $1.name }
            var entry = ValueMap()
            entry["version"] = .string(version)
            entry["resources"] = .array(served.map(Self.aggregatedResource))
            entry["freshness"] = "Current"
            return .object(entry)
        }
        var map = ValueMap()
        map["metadata"] = .object(metadata)
        map["versions"] = .array(versionEntries)
        return .object(map)
    }

    static func responseKind(group: String?, version: String?, kind: String) -> Value {
        ["group": .string(group ?? ""), "version": .string(version ?? ""), "kind": .string(kind)]
    }

    static func aggregatedResource(_ resource: APIResource) -> Value {
        var map = ValueMap()
        map["resource"] = .string(resource.name)
        map["responseKind"] = responseKind(group: nil, version: nil, kind: resource.kind)
        map["scope"] = resource.namespaced ? "Namespaced" : "Cluster"
        map["singularResource"] = .string(resource.singularName)
        map["verbs"] = .array(resource.verbs.map(Value.string))
        if !resource.shortNames.isEmpty { map["shortNames"] = .array(resource.shortNames.map(Value.string)) }
        if !resource.categories.isEmpty { map["categories"] = .array(resource.categories.map(Value.string)) }
        if !resource.subresources.isEmpty {
            map["subresources"] = .array(
                resource.subresources.sorted { $0.name < $1.name }.map { subresource in
                    var entry = ValueMap()
                    entry["subresource"] = .string(subresource.name)
                    entry["responseKind"] = responseKind(
                        group: subresource.group, version: subresource.version, kind: subresource.kind)
                    entry["verbs"] = .array(subresource.verbs.map(Value.string))
                    return .object(entry)
                })
        }
        return .object(map)
    }
}
