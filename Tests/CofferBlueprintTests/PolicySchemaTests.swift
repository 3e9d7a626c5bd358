import CofferCore
import Testing

@testable import CofferBlueprint

@Suite struct PolicySchemaTests {
    static let policy: Value = [
        "apiVersion": "coffer.dev/v1alpha1",
        "kind": "Policy",
        "metadata": ["name": "nightly-postgres"],
        "spec": [
            "blueprint": "postgres-bp",
            "selector": ["kind": "StatefulSet", "namespace": "db", "matchLabels": ["app": "postgres"]],
            "schedule": "0 2 * * *",
            "retention": ["daily": 7, "weekly": 4, "monthly": 12],
            "actions": ["backup": "backup", "delete": "delete"],
        ],
    ]

    @Test func acceptsAPolicy() {
        #expect(JSONSchema.policy.violations(of: Self.policy) == [])
    }

    @Test(arguments: ["@daily", "*/15 * * * *", "0 0 1 1 *"])
    func acceptsCronSchedules(schedule: String) {
        #expect(JSONSchema.policy.accepts(Self.policy.setting(path("spec", "schedule"), to: .string(schedule))))
    }

    static let mistakes: [(ValuePath, Value?, String)] = [
        (path("spec", "schedule"), .string("daily"), #""daily" does not match the pattern"#),
        (path("spec", "retention", "daily"), -1, "expected at least 0, got -1"),
        (path("spec", "retention", "daily"), 1.5, "expected integer, got number"),
        (path("spec", "retention", "hours"), 1, #"unknown property "hours""#),
        (path("spec", "blueprint"), nil, #"missing required property "blueprint""#),
        (path("apiVersion"), "cr.kanister.io/v1alpha1", #"expected "coffer.dev/v1alpha1""#),
    ]

    @Test(arguments: mistakes)
    func rejectsMistakes(at mistake: ValuePath, value: Value?, message: String) {
        let messages = JSONSchema.policy.violations(of: Self.policy.setting(mistake, to: value)).map(\.message)
        #expect(messages.count == 1)
        #expect(messages.first?.hasPrefix(message) == true, "\(messages)")
    }
}
