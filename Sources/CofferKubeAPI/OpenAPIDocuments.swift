public import CofferCore

/// The `/openapi/v2` and `/openapi/v3` documents for a list of ``APIResource``s: enough for `kubectl explain`.
///
/// Custom resources publish their CRD schema (for v2 without `nullable` and `anyOf`/`oneOf`/`allOf`/`not`, as
/// kube-apiserver strips them); built-in kinds publish a shallow schema (top-level fields only), since Coffer
/// carries no copy of Kubernetes' own schemas. kubectl ≥ 1.27 validates with server-side field validation,
/// so these documents mostly serve `explain`.
public struct OpenAPIDocuments: Sendable {
    /// The resources whose kinds the documents describe.
    public var resources: [APIResource]
    /// The `info.version` of every document.
    public var kubernetesVersion: String

    /// Documents for `resources`, reporting `kubernetesVersion` as their version.
    public init(resources: [APIResource], kubernetesVersion: String = "v1.31.0") {
        self.resources = resources
        self.kubernetesVersion = kubernetesVersion
    }

    static let objectMetaName = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"
    static let listMetaName = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta"

    /// The definition name of a kind: `com.crunchydata.postgres-operator.v1beta1.PostgresCluster`,
    /// `io.k8s.api.core.v1.Pod`.
    public static func definitionName(group: String, version: String, kind: String) -> String {
        let prefix: String
        switch group {
        case "": prefix = "io.k8s.api.core"
        case "apiextensions.k8s.io": prefix = "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions"
        case let builtin where builtin == "apps" || builtin == "batch" || builtin.hasSuffix(".k8s.io"):
            prefix = "io.k8s.api." + (builtin.split(separator: ".").first.map(String.init) ?? builtin)
        default: prefix = group.split(separator: ".").reversed().joined(separator: ".")
        }
        return "\(prefix).\(version).\(kind)"
    }

    // MARK: v2

    /// `/openapi/v2`: a Swagger 2.0 document with every kind under `definitions`.
    public var v2: Value {
        var definitions = ValueMap()
        var paths = ValueMap()
        for resource in resources {
            let name = Self.definitionName(group: resource.group, version: resource.version, kind: resource.kind)
            definitions[name] = schema(for: resource, v3: false)
            definitions[name + "List"] = listSchema(for: resource, v3: false)
            for (path, item) in pathItems(for: resource, v3: false) { paths[path] = item }
        }
        definitions[Self.objectMetaName] = Self.objectMeta(v3: false)
        definitions[Self.listMetaName] = Self.listMeta
        var map = ValueMap()
        map["swagger"] = "2.0"
        map["info"] = ["title": "Kubernetes", "version": .string(kubernetesVersion)]
        map["paths"] = .object(paths)
        map["definitions"] = .object(definitions)
        return .object(map)
    }

    // MARK: v3

    /// The `/openapi/v3` path of a group-version: `api/v1`, `apis/apps/v1`.
    public static func v3Path(group: String, version: String) -> String {
        group.isEmpty ? "api/\(version)" : "apis/\(group)/\(version)"
    }

    /// `/openapi/v3/<path>` for each group-version, keyed by ``v3Path(group:version:)``.
    public var v3Documents: [String: Value] {
        var byPath: [String: [APIResource]] = [:]
        for resource in resources {
            byPath[Self.v3Path(group: resource.group, version: resource.version), default: []].append(resource)
        }
        return byPath.mapValues(v3Document)
    }

    /// `/openapi/v3`: the index, each group-version's URL carrying a hash of its document for caching.
    public var v3Index: Value {
        var paths = ValueMap()
        for (path, document) in v3Documents.sorted(by: { $0.key < $1.key }) {
            paths[path] = ["serverRelativeURL": .string("/openapi/v3/\(path)?hash=\(Self.hash(document))")]
        }
        return ["paths": .object(paths)]
    }

    /// An opaque content hash (FNV-1a, 64 bits, upper-case hex); kube-apiserver uses SHA-512, clients only compare.
    static func hash(_ document: Value) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in document.jsonString(sortedKeys: true).utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let digits = String(hash, radix: 16, uppercase: true)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    func v3Document(_ resources: [APIResource]) -> Value {
        var schemas = ValueMap()
        var paths = ValueMap()
        for resource in resources {
            let name = Self.definitionName(group: resource.group, version: resource.version, kind: resource.kind)
            schemas[name] = schema(for: resource, v3: true)
            schemas[name + "List"] = listSchema(for: resource, v3: true)
            for (path, item) in pathItems(for: resource, v3: true) { paths[path] = item }
        }
        schemas[Self.objectMetaName] = Self.objectMeta(v3: true)
        schemas[Self.listMetaName] = Self.listMeta
        var map = ValueMap()
        map["openapi"] = "3.0.0"
        map["info"] = ["title": "Kubernetes", "version": .string(kubernetesVersion)]
        map["paths"] = .object(paths)
        map["components"] = ["schemas": .object(schemas)]
        return .object(map)
    }

    // MARK: Schemas

    static func reference(_ name: String, v3: Bool) -> Value {
        v3 ? ["allOf": [["$ref": .string("#/components/schemas/\(name)")]]] : ["$ref": .string("#/definitions/\(name)")]
    }

    func groupVersionKind(_ resource: APIResource, kind: String) -> Value {
        [["group": .string(resource.group), "kind": .string(kind), "version": .string(resource.version)]]
    }

    static let apiVersionField: Value = [
        "description": "APIVersion defines the versioned schema of this representation of an object.", "type": "string",
    ]
    static let kindField: Value = [
        "description": "Kind is a string value representing the REST resource this object represents.",
        "type": "string",
    ]

    func schema(for resource: APIResource, v3: Bool) -> Value {
        var map: ValueMap
        if let schema = resource.schema?.objectValue {
            map = v3 ? schema : (Self.v2Schema(.object(schema)).objectValue ?? ValueMap())
        } else {
            map = ValueMap()
            map["description"] = .string("\(resource.kind) is a built-in Kubernetes kind served by the Coffer sandbox.")
            map["type"] = "object"
            map["properties"] = [
                "apiVersion": Self.apiVersionField, "kind": Self.kindField,
                "spec": ["description": "The desired state.", "type": "object"],
                "status": ["description": "The observed state.", "type": "object"],
            ]
        }
        var properties = map["properties"]?.objectValue ?? ValueMap()
        if properties["apiVersion"] == nil { properties["apiVersion"] = Self.apiVersionField }
        if properties["kind"] == nil { properties["kind"] = Self.kindField }
        properties["metadata"] = Self.reference(Self.objectMetaName, v3: v3)
        map["properties"] = .object(properties)
        map["x-kubernetes-group-version-kind"] = groupVersionKind(resource, kind: resource.kind)
        return .object(map)
    }

    func listSchema(for resource: APIResource, v3: Bool) -> Value {
        let name = Self.definitionName(group: resource.group, version: resource.version, kind: resource.kind)
        let itemRef: Value =
            v3 ? ["$ref": .string("#/components/schemas/\(name)")] : ["$ref": .string("#/definitions/\(name)")]
        return [
            "description": .string("\(resource.listKind) is a list of \(resource.kind)."),
            "type": "object",
            "required": ["items"],
            "properties": [
                "apiVersion": Self.apiVersionField,
                "items": ["description": "The objects.", "type": "array", "items": itemRef],
                "kind": Self.kindField,
                "metadata": Self.reference(Self.listMetaName, v3: v3),
            ],
            "x-kubernetes-group-version-kind": groupVersionKind(resource, kind: resource.listKind),
        ]
    }

    /// A CRD schema as kube-apiserver publishes it in Swagger 2.0, which has no `nullable` or composition.
    static func v2Schema(_ schema: Value) -> Value {
        switch schema {
        case .object(let map):
            var result = ValueMap()
            for (key, value) in map {
                switch key {
                case "nullable", "anyOf", "oneOf", "allOf", "not", "x-kubernetes-validations": continue
                case "properties", "patternProperties", "definitions":
                    var properties = ValueMap()
                    for (name, property) in value.objectValue ?? ValueMap() { properties[name] = v2Schema(property) }
                    result[key] = .object(properties)
                case "items", "additionalProperties": result[key] = v2Schema(value)
                default: result[key] = value
                }
            }
            return .object(result)
        case .array(let items):
            return .array(items.map(v2Schema))
        default:
            return schema
        }
    }

    static func objectMeta(v3: Bool) -> Value {
        let string: (String) -> Value = { ["description": .string($0), "type": "string"] }
        let stringMap: (String) -> Value = {
            ["description": .string($0), "type": "object", "additionalProperties": ["type": "string"]]
        }
        return [
            "description": "ObjectMeta is metadata that all persisted resources must have.",
            "type": "object",
            "properties": [
                "annotations": stringMap("Annotations is an unstructured key value map of non-identifying metadata."),
                "creationTimestamp": [
                    "description": "When the object was created.", "type": "string", "format": "date-time",
                ],
                "deletionTimestamp": [
                    "description": "When the object will be deleted.", "type": "string", "format": "date-time",
                ],
                "finalizers": [
                    "description": "Must be empty before the object is deleted.", "type": "array",
                    "items": ["type": "string"],
                ],
                "generateName": string("A prefix the server uses to generate a unique name."),
                "generation": [
                    "description": "A sequence number for the desired state.", "type": "integer", "format": "int64",
                ],
                "labels": stringMap("Labels organise and select objects."),
                "name": string("Name is unique within a namespace."),
                "namespace": string("Namespace scopes the name."),
                "ownerReferences": [
                    "description": "Objects this object depends on.", "type": "array", "items": ["type": "object"],
                ],
                "resourceVersion": string("An opaque version for optimistic concurrency."),
                "uid": string("The unique identity of the object."),
            ],
        ]
    }

    static let listMeta: Value = [
        "description": "ListMeta describes metadata that synthetic resources must have.",
        "type": "object",
        "properties": [
            "continue": ["description": "Set when more items can be listed.", "type": "string"],
            "resourceVersion": ["description": "The version the list was read at.", "type": "string"],
        ],
    ]

    // MARK: Paths

    func pathItems(for resource: APIResource, v3: Bool) -> [(String, Value)] {
        let base = resource.group.isEmpty ? "/api/\(resource.version)" : "/apis/\(resource.group)/\(resource.version)"
        let collection =
            resource.namespaced ? "\(base)/namespaces/{namespace}/\(resource.name)" : "\(base)/\(resource.name)"
        let name = Self.definitionName(group: resource.group, version: resource.version, kind: resource.kind)
        let gvk: Value = [
            "group": .string(resource.group), "kind": .string(resource.kind), "version": .string(resource.version),
        ]
        func operation(_ action: String, _ id: String, returns definition: String) -> Value {
            let reference: Value =
                v3
                ? ["$ref": .string("#/components/schemas/\(definition)")]
                : ["$ref": .string("#/definitions/\(definition)")]
            let response: Value =
                v3
                ? ["description": "OK", "content": ["application/json": ["schema": reference]]]
                : ["description": "OK", "schema": reference]
            return [
                "operationId": .string(id), "x-kubernetes-action": .string(action),
                "x-kubernetes-group-version-kind": gvk, "responses": ["200": response],
            ]
        }
        let scope = resource.namespaced ? "Namespaced" : ""
        var items: [(String, Value)] = []
        if resource.verbs.contains("list") {
            items.append(
                (collection, ["get": operation("list", "list\(scope)\(resource.kind)", returns: name + "List")]))
        }
        if resource.verbs.contains("get") {
            items.append(
                ("\(collection)/{name}", ["get": operation("get", "read\(scope)\(resource.kind)", returns: name)]))
        }
        if resource.verbs == ["create"] {
            items.append((collection, ["post": operation("post", "create\(resource.kind)", returns: name)]))
        }
        return items
    }
}
