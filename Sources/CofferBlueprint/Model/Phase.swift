public import CofferCore

/// One step of an action: a function called with (templated) arguments.
public struct Phase: Sendable {
    /// The phase's name; empty for an unnamed `deferPhase`, which Kanister allows.
    public var name: String
    /// The function to run: the phase's `func:`.
    public var function: String
    /// Objects loaded before the phase runs, by alias (`.Phases.<name>.Secrets.<alias>`).
    public var objects: [String: ObjectReference]
    /// The arguments, unrendered; every string in them is a template.
    public var args: ValueMap
    /// Coffer's timeout and retry settings (see ``CofferAnnotations``).
    public var options: PhaseOptions
    /// Where the phase is in its document, for placing errors.
    public var path: ValuePath

    public init(
        name: String, function: String, objects: [String: ObjectReference] = [:], args: ValueMap = ValueMap(),
        options: PhaseOptions = PhaseOptions(), path: ValuePath = .root
    ) {
        self.name = name
        self.function = function
        self.objects = objects
        self.args = args
        self.options = options
        self.path = path
    }
}

extension Phase {
    init(_ value: Value, at path: ValuePath, nameRequired: Bool, reader: DocumentReader) throws(BlueprintError) {
        let map = try reader.object(value, at: path)
        let name: String
        if nameRequired {
            name = try reader.requiredString(map, "name", at: path)
        } else {
            name = try reader.string(map, "name", at: path) ?? ""
        }
        self.init(
            name: name, function: try reader.requiredString(map, "func", at: path),
            objects: try reader.objectReferences(map, "objects", at: path),
            args: try reader.optionalObject(map, "args", at: path), path: path)
    }
}
