import CofferTemplate

/// Placeholders for values an offline render cannot know.
enum OfflinePlaceholders {
    /// Top-level parameters whose content only exists during a run.
    static let alwaysUnknown: Set<String> = ["Phases", "DeferPhase", "ArtifactsIn", "ConfigMaps", "Secrets", "Options"]

    /// A key-pair profile whose every value names itself.
    static let profile = TemplateParameters.Profile(
        locationType: "<Profile.Location.Type>", bucket: "<Profile.Location.Bucket>",
        endpoint: "<Profile.Location.Endpoint>", prefix: "<Profile.Location.Prefix>",
        region: "<Profile.Location.Region>",
        credential: .keyPair(id: "<Profile.Credential.KeyPair.ID>", secret: "<Profile.Credential.KeyPair.Secret>"))

    /// `data` with a placeholder string at the end of every chain under `roots` that does not exist yet.
    ///
    /// Existing values are never replaced; a chain through a value that is not a map stops there, so a
    /// real type error still surfaces when the template runs.
    static func insert(chains: [[String]], into data: TemplateValue, roots: Set<String>) -> TemplateValue {
        var result = data
        for chain in chains where chain.count >= 2 && roots.contains(chain[0]) {
            insert(chain[...], fullChain: chain, into: &result)
        }
        return result
    }

    private static func insert(_ chain: ArraySlice<String>, fullChain: [String], into value: inout TemplateValue) {
        guard let key = chain.first else { return }
        let rest = chain.dropFirst()
        switch value {
        case .structure(var structure):
            guard let index = structure.fields.firstIndex(where: { $0.name == key }) else { return }
            if case .nil_ = structure.fields[index].value, !rest.isEmpty { structure.fields[index].value = .map([:]) }
            insert(rest, fullChain: fullChain, into: &structure.fields[index].value)
            value = .structure(structure)
        case .map(var map):
            if map[key] == nil {
                map[key] = rest.isEmpty ? .string("<\(fullChain.joined(separator: "."))>") : .map([:])
            }
            if !rest.isEmpty { insert(rest, fullChain: fullChain, into: &map[key]!) }  // set just above if missing
            value = .map(map)
        default:
            return
        }
    }
}
