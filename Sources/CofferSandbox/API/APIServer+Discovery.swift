import CofferCore

// MARK: - Discovery documents

extension APIServer {
    func rootPaths() -> Value {
        var paths: [Value] = ["/api", "/api/v1", "/apis", "/healthz", "/livez", "/openapi/v2", "/openapi/v3",
            "/readyz", "/version"]
        for (groupVersion, _) in catalog.groupVersions where groupVersion.contains("/") {
            paths.append(.string("/apis/" + groupVersion))
        }
        return ["paths": .array(paths)]
    }

    func coreVersions(_ request: APIRequest) -> Value {
        [
            "kind": "APIVersions", "versions": ["v1"],
            "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"]],
        ]
    }

    private var groups: [(name: String, versions: [String])] {
        var order: [String] = []
        var versions: [String: [String]] = [:]
        for (groupVersion, _) in catalog.groupVersions {
            let parts = groupVersion.split(separator: "/")
            guard parts.count == 2 else { continue }
            let group = String(parts[0])
            if versions[group] == nil { order.append(group) }
            versions[group, default: []].append(String(parts[1]))
        }
        return order.map { group in
            (group, (versions[group] ?? []).sorted { Self.versionPriority($0) > Self.versionPriority($1) })
        }
    }

    /// Kubernetes' version order: GA above beta above alpha, higher numbers first.
    static func versionPriority(_ version: String) -> Int {
        let pattern = version.dropFirst()
        let digits = pattern.prefix { $0.isNumber }
        let major = Int(digits) ?? 0
        let rest = pattern.dropFirst(digits.count)
        if rest.isEmpty { return 3_000_000 + major * 1000 }
        let minor = Int(rest.drop { !$0.isNumber }) ?? 0
        if rest.hasPrefix("beta") { return 2_000_000 + major * 1000 + minor }
        if rest.hasPrefix("alpha") { return 1_000_000 + major * 1000 + minor }
        return 0
    }

    private func groupValue(_ name: String, _ versions: [String]) -> Value {
        let entries: [Value] = versions.map { ["groupVersion": .string("\(name)/\($0)"), "version": .string($0)] }
        return [
            "name": .string(name), "versions": .array(entries),
            "preferredVersion": entries.first ?? .null,
        ]
    }

    func groupList() -> Value {
        ["kind": "APIGroupList", "apiVersion": "v1", "groups": .array(groups.map { groupValue($0.name, $0.versions) })]
    }

    func groupDocument(_ name: String) throws(APIError) -> APIResponse {
        guard let group = groups.first(where: { $0.name == name }) else { throw APIError.notFoundPath() }
        var value = groupValue(group.name, group.versions)
        value.set("kind", to: "APIGroup")
        value.set("apiVersion", to: "v1")
        return .json(200, Array(value.jsonString().utf8))
    }

    func resourceList(group: String, version: String) throws(APIError) -> APIResponse {
        let groupVersion = group.isEmpty ? version : "\(group)/\(version)"
        guard let types = catalog.groupVersions.first(where: { $0.groupVersion == groupVersion })?.resources else {
            throw APIError.notFoundPath()
        }
        let list: Value = [
            "kind": "APIResourceList", "apiVersion": "v1", "groupVersion": .string(groupVersion),
            "resources": .array(types.sorted { $0.plural < $1.plural }.flatMap(\.discoveryEntries)),
        ]
        return .json(200, Array(list.jsonString().utf8))
    }

    /// OpenAPI documents: a seam until `CofferKubeAPI.OpenAPIDocuments` lands.
    ///
    /// For now only what tells kubectl the server validates fields itself: the v3 index and, per group-version,
    /// each resource's PATCH operation with its `x-kubernetes-group-version-kind` and query parameters.
    func openAPI(segments: [String]) throws(APIError) -> APIResponse {
        guard segments.first == "v3" else { throw APIError.notFoundPath() }
        let versions = catalog.groupVersions
        if segments.count == 1 {
            var paths = ValueMap()
            for (groupVersion, _) in versions {
                let path = groupVersion.contains("/") ? "apis/\(groupVersion)" : "api/\(groupVersion)"
                paths[path] = ["serverRelativeURL": .string("/openapi/v3/\(path)?hash=\(store.resourceVersion)")]
            }
            return .json(200, Array((["paths": .object(paths)] as Value).jsonString().utf8))
        }
        let requested = segments.dropFirst().dropFirst().joined(separator: "/")
        guard let types = versions.first(where: { $0.groupVersion == requested })?.resources else {
            throw APIError.notFoundPath()
        }
        var paths = ValueMap()
        let parameters: Value = .array(
            ["dryRun", "fieldManager", "fieldValidation", "force"].map {
                ["name": .string($0), "in": "query", "schema": ["type": "string"], "uniqueItems": true]
            })
        for type in types {
            let prefix = type.group.isEmpty ? "/api/\(type.version)" : "/apis/\(type.group)/\(type.version)"
            let scope = type.namespaced ? "/namespaces/{namespace}" : ""
            let gvk: Value = ["group": .string(type.group), "version": .string(type.version), "kind": .string(type.kind)]
            paths["\(prefix)\(scope)/\(type.plural)/{name}"] = [
                "patch": [
                    "operationId": .string("patch\(type.kind)"), "parameters": parameters,
                    "x-kubernetes-action": "patch", "x-kubernetes-group-version-kind": gvk,
                    "responses": ["200": ["description": "OK"]],
                ]
            ]
        }
        let document: Value = [
            "openapi": "3.0.0", "info": ["title": "Kubernetes", "version": .string("v1.\(version.minor).0")],
            "paths": .object(paths), "components": ["schemas": [:]],
        ]
        return .json(200, Array(document.jsonString().utf8))
    }
}
