public import CofferCore

/// One resource the API server serves in one group-version: the facts discovery and OpenAPI publish.
public struct APIResource: Hashable, Sendable {
    /// A subresource such as `status`, `scale`, `log` or `exec`.
    public struct Subresource: Hashable, Sendable {
        /// The subresource name: `status`, `scale`, `log`, `exec`.
        public var name: String
        /// The kind it answers with.
        public var kind: String
        /// Set when the subresource speaks another group-version's kind (`scale` answers `autoscaling/v1` `Scale`).
        public var group: String?
        /// Set with ``group`` for a foreign kind.
        public var version: String?
        /// The verbs it supports.
        public var verbs: [String]

        /// A subresource; `group` and `version` only when its kind lives elsewhere.
        public init(name: String, kind: String, group: String? = nil, version: String? = nil, verbs: [String]) {
            self.name = name
            self.kind = kind
            self.group = group
            self.version = version
            self.verbs = verbs
        }

        /// `status`: the main kind, read and written.
        public static func status(kind: String) -> Subresource {
            Subresource(name: "status", kind: kind, verbs: ["get", "patch", "update"])
        }

        /// `scale`: `autoscaling/v1` `Scale`.
        public static let scale = Subresource(
            name: "scale", kind: "Scale", group: "autoscaling", version: "v1", verbs: ["get", "patch", "update"])
    }

    /// The group; empty for the core (legacy) group served under `/api`.
    public var group: String
    /// The version: `v1`, `v1beta1`.
    public var version: String
    /// The plural resource name used in URLs: `pods`, `postgresclusters`.
    public var name: String
    /// The singular name kubectl accepts: `pod`.
    public var singularName: String
    /// Whether objects live in a namespace (`scope: Namespaced`).
    public var namespaced: Bool
    /// The kind of its objects: `Pod`.
    public var kind: String
    /// The kind of a list response: `PodList`.
    public var listKind: String
    /// The verbs it supports: `get`, `list`, `watch`, ...
    public var verbs: [String]
    /// Abbreviations kubectl accepts: `po`, `svc`.
    public var shortNames: [String]
    /// Groups such as `all` that `kubectl get all` expands.
    public var categories: [String]
    /// The subresources, listed as `name/sub` in discovery.
    public var subresources: [Subresource]
    /// The `openAPIV3Schema` for a custom resource; `nil` for built-in kinds.
    public var schema: Value?
    /// A CRD's `scale` subresource paths (`specReplicasPath`, ...), as the CRD gives them.
    public var scalePaths: Value?

    /// A resource; `listKind` defaults to `<kind>List`.
    public init(
        group: String, version: String, name: String, singularName: String, namespaced: Bool, kind: String,
        listKind: String? = nil, verbs: [String], shortNames: [String] = [], categories: [String] = [],
        subresources: [Subresource] = [], schema: Value? = nil, scalePaths: Value? = nil
    ) {
        self.group = group
        self.version = version
        self.name = name
        self.singularName = singularName
        self.namespaced = namespaced
        self.kind = kind
        self.listKind = listKind ?? kind + "List"
        self.verbs = verbs
        self.shortNames = shortNames
        self.categories = categories
        self.subresources = subresources
        self.schema = schema
        self.scalePaths = scalePaths
    }

    /// `group/version`, or `version` for the core group: an object's `apiVersion`.
    public var groupVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// The verbs of a resource that supports every operation, in discovery's order.
    public static let allVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]

    /// The verbs apiextensions-apiserver lists for a custom resource, in its order.
    public static let customResourceVerbs = [
        "delete", "deletecollection", "get", "list", "patch", "create", "update", "watch",
    ]
}

// MARK: - From a CRD

extension APIResource {
    /// One resource per served version of a `CustomResourceDefinition` object, with that version's schema,
    /// subresources, names, categories and scope.
    public static func fromCRD(_ crd: Value) -> [APIResource] {
        let spec = crd["spec"] ?? [:]
        let names = spec["names"] ?? [:]
        let group = spec["group"]?.stringValue ?? ""
        let kind = names["kind"]?.stringValue ?? ""
        let plural = names["plural"]?.stringValue ?? ""
        let singular = names["singular"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? kind.lowercased()
        let strings: (Value?) -> [String] = { ($0?.arrayValue ?? []).compactMap(\.stringValue) }
        return (spec["versions"]?.arrayValue ?? []).compactMap { version in
            guard version["served"]?.boolValue ?? true, let name = version["name"]?.stringValue else { return nil }
            var subresources: [Subresource] = []
            let declared = version["subresources"] ?? spec["subresources"]
            if declared?["scale"] != nil { subresources.append(.scale) }
            if declared?["status"] != nil { subresources.append(.status(kind: kind)) }
            return APIResource(
                group: group, version: name, name: plural, singularName: singular,
                namespaced: spec["scope"]?.stringValue != "Cluster", kind: kind,
                listKind: names["listKind"]?.stringValue, verbs: customResourceVerbs,
                shortNames: strings(names["shortNames"]), categories: strings(names["categories"]),
                subresources: subresources,
                schema: version["schema"]?["openAPIV3Schema"] ?? spec["validation"]?["openAPIV3Schema"],
                scalePaths: declared?["scale"])
        }
    }
}

// MARK: - Version order

extension APIResource {
    /// Kubernetes' version priority (`v1` > `v1beta2` > `v1beta1` > `v1alpha1` > `foo`): `true` when `lhs` comes first.
    public static func versionPrecedes(_ lhs: String, _ rhs: String) -> Bool {
        switch (KubeVersion(lhs), KubeVersion(rhs)) {
        case (let left?, let right?):
            if left.stage != right.stage { return left.stage > right.stage }
            if left.major != right.major { return left.major > right.major }
            return left.minor > right.minor
        case (.some, nil): return true
        case (nil, .some): return false
        case (nil, nil): return lhs < rhs
        }
    }

    struct KubeVersion {
        var major: Int, stage: Int, minor: Int

        init?(_ text: String) {
            guard text.hasPrefix("v") else { return nil }
            let body = text.dropFirst()
            let majorDigits = body.prefix(while: \.isNumber)
            guard let major = Int(majorDigits), major > 0, majorDigits.first != "0" else { return nil }
            let rest = body.dropFirst(majorDigits.count)
            self.major = major
            if rest.isEmpty {
                stage = 2
                minor = 0
                return
            }
            let stageName = rest.prefix(while: \.isLetter)
            switch stageName {
            case "beta": stage = 1
            case "alpha": stage = 0
            default: return nil
            }
            let minorDigits = rest.dropFirst(stageName.count)
            guard let minor = Int(minorDigits), minorDigits.first != "0" else { return nil }
            self.minor = minor
        }
    }
}
