import CofferCore
import Testing

@testable import CofferKubeAPI

@Suite struct ObjectMetaValidationTests {
    @Test func validMetadataHasNoErrors() {
        let metadata: Value = [
            "name": "hippo", "namespace": "postgres", "labels": ["app.kubernetes.io/name": "db", "tier": ""],
            "annotations": ["example.com/note": "anything at all"],
        ]
        #expect(ObjectMetaValidation.validate(metadata, namespaced: true) == [])
    }

    @Test func missingNameIsRequired() {
        let errors = ObjectMetaValidation.validate(["namespace": "default"], namespaced: true)
        #expect(errors.map(\.description) == ["metadata.name: Required value: name or generateName is required"])
    }

    @Test func generateNameWithTrailingDashIsEnough() {
        #expect(ObjectMetaValidation.validate(["generateName": "backup-", "namespace": "d"], namespaced: true) == [])
    }

    @Test func uppercaseNameIsNotASubdomain() {
        let errors = ObjectMetaValidation.validate(["name": "Hippo", "namespace": "d"], namespaced: true)
        #expect(
            errors.map(\.description) == [
                #"metadata.name: Invalid value: "Hippo": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"#
            ])
    }

    @Test func serviceNamesMustStartWithALetter() {
        let rule = ObjectMetaValidation.NameRule.forBuiltin(group: "", resource: "services")
        let errors = ObjectMetaValidation.validate(["name": "1db", "namespace": "d"], namespaced: true, nameRule: rule)
        #expect(errors.first?.detail.hasPrefix("a DNS-1035 label must consist of") == true)
    }

    @Test func namespaceOnAClusterScopedKindIsForbidden() {
        let errors = ObjectMetaValidation.validate(["name": "n", "namespace": "d"], namespaced: false)
        #expect(errors.map(\.description) == ["metadata.namespace: Forbidden: not allowed on this type"])
    }

    @Test func badLabelValueIsReportedAgainstTheLabels() {
        let errors = ObjectMetaValidation.validate(
            ["name": "n", "namespace": "d", "labels": ["a": "b c"]], namespaced: true)
        #expect(
            errors.map(\.description) == [
                #"metadata.labels: Invalid value: "b c": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"#
            ])
    }

    @Test func longNamespaceNameIsTooLong() {
        let name = String(repeating: "a", count: 64)
        let errors = ObjectMetaValidation.validate(["name": .string(name)], namespaced: false, nameRule: .dnsLabel)
        #expect(errors.map(\.detail) == ["must be no more than 63 characters"])
    }
}
