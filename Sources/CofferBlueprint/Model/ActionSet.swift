public import CofferCore

/// A Kanister ActionSet (`kind: ActionSet`): which blueprint actions to run on which objects.
public struct ActionSet: Sendable {
    /// One entry of `spec.actions`.
    public struct Action: Sendable {
        /// The blueprint action to run (`backup`, `restore`, ...).
        public var name: String
        /// The object the action runs on.
        public var object: ObjectReference
        /// The blueprint's name, if given.
        public var blueprint: String?
        /// Input artifacts (`.ArtifactsIn`), by name.
        public var artifacts: [String: Artifact]
        /// ConfigMaps by alias (`.ConfigMaps.<alias>`).
        public var configMaps: [String: ObjectReference]
        /// Secrets by alias (`.Secrets.<alias>`).
        public var secrets: [String: ObjectReference]
        public var profile: ObjectReference?
        public var repositoryServer: ObjectReference?
        /// Pod spec fields merged into every pod the action's functions create.
        public var podOverride: ValueMap?
        /// Free-form values for templates (`.Options.<key>`).
        public var options: [String: String]
        public var preferredVersion: String?
        public var podLabels: [String: String]
        public var podAnnotations: [String: String]
        /// Where the action is in its document.
        public var path: ValuePath

        public init(
            name: String, object: ObjectReference, blueprint: String? = nil, artifacts: [String: Artifact] = [:],
            configMaps: [String: ObjectReference] = [:], secrets: [String: ObjectReference] = [:],
            profile: ObjectReference? = nil, repositoryServer: ObjectReference? = nil, podOverride: ValueMap? = nil,
            options: [String: String] = [:], preferredVersion: String? = nil, podLabels: [String: String] = [:],
            podAnnotations: [String: String] = [:], path: ValuePath = .root
        ) {
            self.name = name
            self.object = object
            self.blueprint = blueprint
            self.artifacts = artifacts
            self.configMaps = configMaps
            self.secrets = secrets
            self.profile = profile
            self.repositoryServer = repositoryServer
            self.podOverride = podOverride
            self.options = options
            self.preferredVersion = preferredVersion
            self.podLabels = podLabels
            self.podAnnotations = podAnnotations
            self.path = path
        }
    }

    /// `metadata.name`, or `nil` when the ActionSet only has a `generateName`.
    public var name: String?
    /// `metadata.generateName`, if given.
    public var generateName: String?
    public var namespace: String?
    public var actions: [Action]
    public var document: Document

    /// Reads an ActionSet from a parsed document.
    ///
    /// - Throws: ``BlueprintError`` with code ``BlueprintError/Code/invalidDocument``, positioned at the culprit.
    public init(document: Document) throws {
        self = try Self.decode(document)
    }

    init(name: String?, generateName: String?, namespace: String?, actions: [Action], document: Document) {
        self.name = name
        self.generateName = generateName
        self.namespace = namespace
        self.actions = actions
        self.document = document
    }

    static func decode(_ document: Document) throws(BlueprintError) -> ActionSet {
        let reader = DocumentReader(sourceMap: document.sourceMap)
        let root = try reader.object(document.value, at: .root)
        if let kind = try reader.string(root, "kind", at: .root), kind != "ActionSet" {
            throw reader.error("expected kind \"ActionSet\", got \"\(kind)\"", at: ValuePath.root.appending("kind"))
        }
        let metadataPath = ValuePath.root.appending("metadata")
        let metadata = try reader.optionalObject(root, "metadata", at: .root)
        let name = try reader.string(metadata, "name", at: metadataPath)
        let generateName = try reader.string(metadata, "generateName", at: metadataPath)
        if name == nil, generateName == nil {
            throw reader.error("missing required property \"name\"", at: metadataPath, missing: true)
        }
        let specPath = ValuePath.root.appending("spec")
        let spec = try reader.optionalObject(root, "spec", at: .root)
        var actions: [Action] = []
        if let list = spec["actions"], !list.isNull {
            guard let array = list.arrayValue else {
                throw reader.error("expected array, got \(list.typeName)", at: specPath.appending("actions"))
            }
            for (index, element) in array.enumerated() {
                actions.append(try action(element, at: specPath.appending("actions").appending(index: index), reader))
            }
        }
        return ActionSet(
            name: name, generateName: generateName,
            namespace: try reader.string(metadata, "namespace", at: metadataPath),
            actions: actions, document: document)
    }

    private static func action(_ value: Value, at path: ValuePath, _ reader: DocumentReader) throws(BlueprintError)
        -> Action
    {
        let map = try reader.object(value, at: path)
        guard let object = map["object"] else {
            throw reader.error("missing required property \"object\"", at: path, missing: true)
        }
        func reference(_ key: String) throws(BlueprintError) -> ObjectReference? {
            guard let value = map[key], !value.isNull else { return nil }
            return try reader.objectReference(value, at: path.appending(key))
        }
        var podOverride: ValueMap?
        if let value = map["podOverride"], !value.isNull {
            podOverride = try reader.object(value, at: path.appending("podOverride"))
        }
        return Action(
            name: try reader.requiredString(map, "name", at: path),
            object: try reader.objectReference(object, at: path.appending("object")),
            blueprint: try reader.string(map, "blueprint", at: path),
            artifacts: try reader.artifacts(map, "artifacts", at: path),
            configMaps: try reader.objectReferences(map, "configMaps", at: path),
            secrets: try reader.objectReferences(map, "secrets", at: path), profile: try reference("profile"),
            repositoryServer: try reference("repositoryServer"), podOverride: podOverride,
            options: try reader.stringMap(map, "options", at: path),
            preferredVersion: try reader.string(map, "preferredVersion", at: path),
            podLabels: try reader.stringMap(map, "podLabels", at: path),
            podAnnotations: try reader.stringMap(map, "podAnnotations", at: path), path: path)
    }
}
