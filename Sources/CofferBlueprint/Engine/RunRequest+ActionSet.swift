import CofferCore

extension RunRequest {
    /// The request one entry of an ActionSet's `spec.actions` makes.
    public init(_ action: ActionSet.Action) {
        var artifacts: [String: TemplateParameters.Artifact] = [:]
        for (name, artifact) in action.artifacts {
            artifacts[name] = TemplateParameters.Artifact(
                keyValue: Dictionary(artifact.keyValue.map { ($0.key, $0.value) }) { _, last in last },
                kopiaSnapshot: artifact.kopiaSnapshot)
        }
        self.init(
            action: action.name, object: action.object, options: action.options, artifactsIn: artifacts,
            configMaps: action.configMaps, secrets: action.secrets, profile: action.profile,
            podOverride: action.podOverride.map { .object($0) }, podLabels: action.podLabels,
            podAnnotations: action.podAnnotations)
    }
}
