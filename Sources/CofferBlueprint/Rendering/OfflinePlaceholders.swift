import CofferTemplate

/// Placeholders for values an offline render cannot know.
enum OfflinePlaceholders {
    /// Top-level parameters whose content only exists during a run.
    ///
    /// Not `.Options`: they are the user's input, and `index .Options "x" | default "y"` must see a missing
    /// option as missing.
    static let alwaysUnknown: Set<String> = ["Phases", "DeferPhase", "ArtifactsIn", "ConfigMaps", "Secrets"]

    /// A key-pair credential whose values name themselves.
    static let credential = TemplateParameters.Profile.Credential.keyPair(
        id: "<Profile.Credential.KeyPair.ID>", secret: "<Profile.Credential.KeyPair.Secret>")

    /// A key-pair profile whose every value names itself.
    static let profile = TemplateParameters.Profile(
        locationType: "<Profile.Location.Type>", bucket: "<Profile.Location.Bucket>",
        endpoint: "<Profile.Location.Endpoint>", prefix: "<Profile.Location.Prefix>",
        region: "<Profile.Location.Region>", credential: credential)

    /// `data` with a placeholder string at the end of every chain under `roots` that does not exist yet.
    ///
    /// Existing values are never replaced; a chain through a value that is not a map stops there, so a
    /// real type error still surfaces when the template runs.
    static func insert(chains: [FieldReference], into data: TemplateValue, roots: Set<String>) -> TemplateValue {
        var result = data
        // Longest first: a chain that reads through a value decides its shape (map or list) before a
        // shorter chain that ends there could make it a placeholder string.
        let ordered = chains.sorted { $0.path.count > $1.path.count }
        for chain in ordered where chain.path.count >= 2 && roots.contains(chain.path[0]) {
            insert(at: 0, of: chain, into: &result)
        }
        return result
    }

    private static func insert(at step: Int, of chain: FieldReference, into value: inout TemplateValue) {
        guard step < chain.path.count else { return }
        let key = chain.path[step]
        let isLast = step == chain.path.count - 1
        /// What a missing step becomes: the placeholder at the end, else a container for the next step.
        func fresh() -> TemplateValue {
            if isLast { return .string("<\(chain.path.joined(separator: "."))>") }
            return chain.listIndices.contains(step + 1) ? .list([]) : .map([:])
        }
        switch value {
        case .structure(var structure):
            guard let index = structure.fields.firstIndex(where: { $0.name == key }) else { return }
            if case .nil_ = structure.fields[index].value, !isLast { structure.fields[index].value = fresh() }
            insert(at: step + 1, of: chain, into: &structure.fields[index].value)
            value = .structure(structure)
        case .map(var map):
            var member = map[key] ?? fresh()
            insert(at: step + 1, of: chain, into: &member)
            map[key] = member
            value = .map(map)
        case .list(var list) where chain.listIndices.contains(step):
            guard let position = Int(key), position < 64 else { return }
            while list.count <= position { list.append(.map([:])) }
            if isLast, case .map(let existing) = list[position], existing.isEmpty { list[position] = fresh() }
            insert(at: step + 1, of: chain, into: &list[position])
            value = .list(list)
        default:
            return
        }
    }
}
