public import CofferCore

/// An action whose templates have been rendered: what `coffer blueprint render` prints.
public struct RenderedAction: Sendable {
    public var name: String
    public var phases: [RenderedPhase]
    public var deferPhase: RenderedPhase?
    /// Output artifacts by name, each `keyValue` rendered (and `kopiaSnapshot` as the key `kopiaSnapshot`).
    public var outputArtifacts: [(name: String, keyValue: [(key: String, value: String)])]

    public init(
        name: String, phases: [RenderedPhase], deferPhase: RenderedPhase?,
        outputArtifacts: [(name: String, keyValue: [(key: String, value: String)])]
    ) {
        self.name = name
        self.phases = phases
        self.deferPhase = deferPhase
        self.outputArtifacts = outputArtifacts
    }

    /// The action as one document value, phases in run order.
    public var value: Value {
        var action = ValueMap()
        action["action"] = .string(name)
        action["phases"] = .array(phases.map(\.value))
        if let deferPhase { action["deferPhase"] = deferPhase.value }
        if !outputArtifacts.isEmpty {
            var artifacts = ValueMap()
            for artifact in outputArtifacts {
                artifacts[artifact.name] = .object(ValueMap(artifact.keyValue.map { ($0.key, Value.string($0.value)) }))
            }
            action["outputArtifacts"] = .object(artifacts)
        }
        return .object(action)
    }
}

/// One phase with its arguments and objects rendered.
public struct RenderedPhase: Sendable {
    public var name: String
    public var function: String
    public var objects: Value?
    public var args: Value

    public init(name: String, function: String, objects: Value?, args: Value) {
        self.name = name
        self.function = function
        self.objects = objects
        self.args = args
    }

    public var value: Value {
        var phase = ValueMap()
        phase["name"] = .string(name)
        phase["func"] = .string(function)
        if let objects { phase["objects"] = objects }
        phase["args"] = args
        return .object(phase)
    }
}
