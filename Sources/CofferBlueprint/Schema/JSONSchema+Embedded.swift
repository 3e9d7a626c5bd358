extension JSONSchema {
    /// `schemas/blueprint.schema.json`, compiled once on first use.
    public static let blueprint = embedded(EmbeddedSchemas.blueprint, "blueprint")
    /// `schemas/actionset.schema.json`, compiled once on first use.
    public static let actionSet = embedded(EmbeddedSchemas.actionSet, "actionset")
    /// `schemas/policy.schema.json`, compiled once on first use.
    public static let policy = embedded(EmbeddedSchemas.policy, "policy")

    private static func embedded(_ text: String, _ name: String) -> JSONSchema {
        do {
            return try compile(text)
        } catch {
            // The embedded schemas are part of the program and compiled by a test on every run; a
            // failure here is a build that skipped its tests, not bad input.
            fatalError("embedded \(name) schema does not compile: \(error)")
        }
    }
}
