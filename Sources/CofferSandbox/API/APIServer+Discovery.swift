import CofferCore
import CofferKubeAPI

// MARK: - Discovery and OpenAPI documents, built by CofferKubeAPI from the served resources

extension APIServer {
    private var discovery: APIDiscovery { APIDiscovery(resources: catalog.apiResources) }

    func rootPaths() -> Value {
        var paths: [Value] = [
            "/api", "/api/v1", "/apis", "/healthz", "/livez", "/openapi/v2", "/openapi/v3", "/readyz", "/version",
        ]
        for (groupVersion, _) in catalog.groupVersions where groupVersion.contains("/") {
            paths.append(.string("/apis/" + groupVersion))
        }
        return ["paths": .array(paths)]
    }

    /// `/api` or `/apis`, aggregated (v2) when the client asks for it, as kubectl 1.30+ does.
    func discoveryRoot(_ request: APIRequest, core: Bool) -> APIResponse {
        if request.header("accept")?.contains("as=APIGroupDiscoveryList") == true {
            return .body(
                status: 200, contentType: APIDiscovery.aggregatedContentType,
                bytes: Array(discovery.aggregated(core: core).jsonString().utf8), headers: [])
        }
        let document = core ? discovery.coreVersions(serverAddress: "127.0.0.1") : discovery.groupList()
        return .json(200, Array(document.jsonString().utf8))
    }

    func groupDocument(_ name: String) throws(APIError) -> APIResponse {
        guard let group = discovery.group(name) else { throw APIError.notFoundPath() }
        return .json(200, Array(group.jsonString().utf8))
    }

    func resourceList(group: String, version: String) throws(APIError) -> APIResponse {
        guard let list = discovery.resourceList(group: group, version: version) else { throw APIError.notFoundPath() }
        return .json(200, Array(list.jsonString().utf8))
    }

    /// `/openapi/v2`, `/openapi/v3` and `/openapi/v3/<group-version>`.
    func openAPI(segments: [String]) throws(APIError) -> APIResponse {
        let documents = OpenAPIDocuments(
            resources: catalog.apiResources, kubernetesVersion: "v\(version.major).\(version.minor).\(version.patch)")
        switch segments.first {
        case "v2" where segments.count == 1:
            return .json(200, Array(documents.v2.jsonString().utf8))
        case "v3" where segments.count == 1:
            return .json(200, Array(documents.v3Index.jsonString().utf8))
        case "v3":
            guard let document = documents.v3Documents[segments.dropFirst().joined(separator: "/")] else {
                throw APIError.notFoundPath()
            }
            return .json(200, Array(Self.declaringPatchParameters(document).jsonString().utf8))
        default:
            throw APIError.notFoundPath()
        }
    }
}

extension APIServer {
    /// Adds to each object path a PATCH operation listing `fieldValidation`, `fieldManager`, `dryRun` and `force`.
    ///
    /// kubectl validates fields on the server only when the OpenAPI v3 PATCH operation of the kind declares
    /// `fieldValidation`; otherwise it falls back to client-side validation against `/openapi/v2` in protobuf.
    /// CofferKubeAPI's documents do not list PATCH operations yet, so the sandbox adds them here.
    static func declaringPatchParameters(_ document: Value) -> Value {
        guard var paths = document["paths"]?.objectValue else { return document }
        let parameters: Value = .array(
            ["dryRun", "fieldManager", "fieldValidation", "force"].map {
                ["name": .string($0), "in": "query", "schema": ["type": "string"], "uniqueItems": true]
            })
        for (path, item) in paths where path.hasSuffix("/{name}") && item["patch"] == nil {
            guard let read = item["get"], let kind = read["x-kubernetes-group-version-kind"] else { continue }
            var updated = item
            updated.set(
                "patch",
                to: [
                    "operationId": .string("patch" + (kind["kind"]?.stringValue ?? "")), "parameters": parameters,
                    "x-kubernetes-action": "patch", "x-kubernetes-group-version-kind": kind,
                    "responses": read["responses"] ?? [:],
                ])
            paths[path] = updated
        }
        var result = document
        result.set("paths", to: .object(paths))
        return result
    }
}
