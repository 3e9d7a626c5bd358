public import CofferCore

/// One action of a blueprint (`backup`, `restore`, ...): phases run in order, then the deferPhase.
public struct BlueprintAction: Sendable {
    /// The action's key under `actions`.
    public var name: String
    /// The kind of object the action runs on (`StatefulSet`, `Deployment`, `Namespace`, ...), if given.
    public var kind: String?
    public var configMapNames: [String]
    public var secretNames: [String]
    public var inputArtifactNames: [String]
    /// Artifacts rendered after every phase succeeded, by name.
    public var outputArtifacts: [String: OutputArtifact]
    public var phases: [Phase]
    /// The phase run after ``phases`` whether they succeeded or not.
    public var deferPhase: Phase?
    /// Coffer's limit on the whole action (see ``CofferAnnotations``).
    public var timeout: Duration?
    /// Where the action is in its document.
    public var path: ValuePath

    public init(
        name: String, kind: String? = nil, configMapNames: [String] = [], secretNames: [String] = [],
        inputArtifactNames: [String] = [], outputArtifacts: [String: OutputArtifact] = [:], phases: [Phase] = [],
        deferPhase: Phase? = nil, timeout: Duration? = nil, path: ValuePath = .root
    ) {
        self.name = name
        self.kind = kind
        self.configMapNames = configMapNames
        self.secretNames = secretNames
        self.inputArtifactNames = inputArtifactNames
        self.outputArtifacts = outputArtifacts
        self.phases = phases
        self.deferPhase = deferPhase
        self.timeout = timeout
        self.path = path
    }

    /// The phases in the order they run: ``phases``, then ``deferPhase``.
    public var allPhases: [Phase] { phases + (deferPhase.map { [$0] } ?? []) }
}

extension BlueprintAction {
    init(name: String, _ value: Value, at path: ValuePath, reader: DocumentReader, annotations: CofferAnnotations)
        throws(BlueprintError)
    {
        let map = try reader.object(value, at: path)
        var phases: [Phase] = []
        if let list = map["phases"], !list.isNull {
            guard let array = list.arrayValue else {
                throw reader.error("expected array, got \(list.typeName)", at: path.appending("phases"))
            }
            for (index, element) in array.enumerated() {
                var phase = try Phase(
                    element, at: path.appending("phases").appending(index: index), nameRequired: true, reader: reader)
                phase.options = annotations.options(action: name, phase: phase.name)
                phases.append(phase)
            }
        }
        var deferPhase: Phase?
        if let element = map["deferPhase"], !element.isNull {
            var phase = try Phase(element, at: path.appending("deferPhase"), nameRequired: false, reader: reader)
            phase.options = annotations.options(action: name, phase: phase.name)
            deferPhase = phase
        }
        self.init(
            name: name, kind: try reader.string(map, "kind", at: path),
            configMapNames: try reader.stringList(map, "configMapNames", at: path),
            secretNames: try reader.stringList(map, "secretNames", at: path),
            inputArtifactNames: try reader.stringList(map, "inputArtifactNames", at: path),
            outputArtifacts: try reader.artifacts(map, "outputArtifacts", at: path), phases: phases,
            deferPhase: deferPhase, timeout: annotations.timeouts[name]?.value, path: path)
    }
}
