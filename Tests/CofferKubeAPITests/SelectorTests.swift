import CofferCore
import Testing

@testable import CofferKubeAPI

@Suite struct LabelSelectorTests {
    @Test(arguments: [
        ("", ""),
        ("a=b", "a=b"),
        ("a==b", "a==b"),
        ("a!=b", "a!=b"),
        ("a in (y, x)", "a in (x,y)"),
        ("a notin (x)", "a notin (x)"),
        ("a", "a"),
        ("!a", "!a"),
        ("z=1,a", "a,z=1"),
        ("example.com/tier=web , env", "env,example.com/tier=web"),
        ("a=", "a="),
        ("n>3", "n>3"),
    ])
    func parsesToCanonicalForm(text: String, canonical: String) throws {
        #expect(try LabelSelector(parsing: text).description == canonical)
    }

    @Test(arguments: ["a in x", "a=b=c", "=b", "a,", "a in (x", "-a=b", "a=b c", "n>x"])
    func malformedSelectorIsABadRequest(text: String) throws {
        let status = try #require(throws: KubeStatus.self) { try LabelSelector(parsing: text) }
        #expect(status.code == 400)
        #expect(status.message.hasPrefix("unable to parse requirement: "))
    }

    @Test(arguments: [
        ("app=web", true), ("app=db", false), ("app!=db", true), ("tier!=x", true),
        ("app in (db,web)", true), ("app notin (web)", false), ("tier notin (x)", true),
        ("app", true), ("tier", false), ("!tier", true), ("!app", false),
        ("app=web,env=prod", true), ("app=web,env=dev", false), ("", true), ("n>3", true), ("n<3", false),
    ])
    func matchesLabels(text: String, expected: Bool) throws {
        let labels = ["app": "web", "env": "prod", "n": "5"]
        #expect(try LabelSelector(parsing: text).matches(labels) == expected)
    }

    @Test func metav1LabelSelectorCombinesLabelsAndExpressions() throws {
        let selector = try LabelSelector(labelSelector: [
            "matchLabels": ["app": "web"],
            "matchExpressions": [
                ["key": "env", "operator": "In", "values": ["prod", "stage"]],
                ["key": "legacy", "operator": "DoesNotExist"],
            ],
        ])
        #expect(selector.description == "app=web,env in (prod,stage),!legacy")
        #expect(selector.matches(["app": "web", "env": "stage"]))
        #expect(!selector.matches(["app": "web", "env": "stage", "legacy": "1"]))
    }

    @Test func nilSelectorSelectsNothingAndEmptySelectsEverything() throws {
        #expect(!(try LabelSelector(labelSelector: nil)).matches([:]))
        #expect(try LabelSelector(labelSelector: [:]).matches(["a": "b"]))
    }

    @Test func unknownOperatorIsABadRequest() throws {
        let status = try #require(throws: KubeStatus.self) {
            try LabelSelector(labelSelector: ["matchExpressions": [["key": "a", "operator": "Near"]]])
        }
        #expect(status.message == #""Near" is not a valid label selector operator"#)
    }
}

@Suite struct FieldSelectorTests {
    let pod: Value = [
        "metadata": ["name": "web-0", "namespace": "default"], "spec": ["nodeName": "n1"],
        "status": ["phase": "Running"],
    ]

    @Test(arguments: [
        ("metadata.name=web-0", true), ("metadata.name==web-0", true), ("metadata.name!=web-0", false),
        ("metadata.namespace=default,status.phase=Running", true), ("status.phase!=Running", false),
        ("spec.nodeName=n2", false), ("spec.missing=", true), ("", true),
    ])
    func matchesObjects(text: String, expected: Bool) throws {
        #expect(try FieldSelector(parsing: text).matches(pod) == expected)
    }

    @Test func escapedCommaIsPartOfTheValue() throws {
        let selector = try FieldSelector(parsing: #"metadata.name=a\,b"#)
        #expect(selector.requirements == [FieldSelector.Requirement(field: "metadata.name", value: "a,b")])
        #expect(selector.description == #"metadata.name=a\,b"#)
    }

    @Test func termWithoutOperatorIsABadRequest() throws {
        let status = try #require(throws: KubeStatus.self) { try FieldSelector(parsing: "metadata.name") }
        #expect(status.message == "invalid selector: 'metadata.name'; can't understand 'metadata.name'")
    }
}

@Suite struct FieldSelectorSupportTests {
    @Test func podsSupportTheirIndexedFields() throws {
        let supported = FieldSelector.supportedFields(group: "", resource: "pods")
        try FieldSelector(parsing: "spec.nodeName=n1,status.phase!=Failed").validate(supported: supported)
    }

    @Test func unsupportedFieldOfABuiltinResourceIsABadRequest() throws {
        let supported = FieldSelector.supportedFields(group: "", resource: "configmaps")
        let status = try #require(throws: KubeStatus.self) {
            try FieldSelector(parsing: "data.x=1").validate(supported: supported)
        }
        #expect(status.code == 400)
        #expect(status.message == "field label not supported: data.x")
    }

    @Test func unsupportedFieldOfACustomResourceListsTheKnownOnes() throws {
        let supported = FieldSelector.supportedFields(group: "example.com", resource: "widgets")
        let status = try #require(throws: KubeStatus.self) {
            try FieldSelector(parsing: "spec.size=1").validate(supported: supported, customResource: true)
        }
        #expect(
            status.message == #""spec.size" is not a known field selector: only "metadata.name", "metadata.namespace""#)
    }
}
