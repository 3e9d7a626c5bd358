public import CofferCore

/// A Kanister blueprint (`kind: Blueprint`): named actions, each a list of phases.
public struct Blueprint: Sendable {
    /// `metadata.name`.
    public var name: String
    /// `metadata.namespace`, if given.
    public var namespace: String?
    /// The actions in document order.
    public var actions: [BlueprintAction]
    /// The document the blueprint was read from, kept for positions and re-emitting.
    public var document: Document

    /// Reads a blueprint from a parsed document.
    ///
    /// Reads the shape only: function names, arguments and templates are checked by
    /// ``BlueprintValidator``, which reports every problem rather than the first.
    /// - Throws: ``BlueprintError`` with code ``BlueprintError/Code/invalidDocument`` (wrong shape or
    ///   kind) or ``BlueprintError/Code/invalidExtension`` (a malformed `coffer.dev/` annotation),
    ///   positioned at the culprit.
    public init(document: Document) throws {
        self = try Self.decode(document)
    }

    /// The action named `name`.
    public func action(named name: String) -> BlueprintAction? {
        actions.first { $0.name == name }
    }

    static func decode(_ document: Document) throws(BlueprintError) -> Blueprint {
        let reader = DocumentReader(sourceMap: document.sourceMap)
        let root = try reader.object(document.value, at: .root)
        if let kind = try reader.string(root, "kind", at: .root), kind != "Blueprint" {
            throw reader.error("expected kind \"Blueprint\", got \"\(kind)\"", at: ValuePath.root.appending("kind"))
        }
        let metadataPath = ValuePath.root.appending("metadata")
        guard let metadataValue = root["metadata"] else {
            throw reader.error("missing required property \"metadata\"", at: .root, missing: true)
        }
        let metadata = try reader.object(metadataValue, at: metadataPath)
        let name = try reader.requiredString(metadata, "name", at: metadataPath)

        let annotations = CofferAnnotations(document: document.value)
        if let problem = annotations.problems.first {
            var error = reader.error(problem.message, at: problem.path)
            error.code = .invalidExtension
            throw error
        }
        let actionsPath = ValuePath.root.appending("actions")
        var actions: [BlueprintAction] = []
        for (actionName, value) in try reader.optionalObject(root, "actions", at: .root) {
            actions.append(
                try BlueprintAction(
                    name: actionName, value, at: actionsPath.appending(actionName), reader: reader,
                    annotations: annotations))
        }
        return Blueprint(
            name: name, namespace: try reader.string(metadata, "namespace", at: metadataPath), actions: actions,
            document: document)
    }

    init(name: String, namespace: String?, actions: [BlueprintAction], document: Document) {
        self.name = name
        self.namespace = namespace
        self.actions = actions
        self.document = document
    }
}
