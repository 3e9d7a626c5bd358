import CofferCore
import Testing

@testable import CofferKubeAPI

@Suite struct MergePatchTests {
    @Test(arguments: [
        (#"{"a":"b"}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"b"}"#, #"{"b":"c"}"#, #"{"a":"b","b":"c"}"#),
        (#"{"a":"b"}"#, #"{"a":null}"#, #"{}"#),
        (#"{"a":"b","b":"c"}"#, #"{"a":null}"#, #"{"b":"c"}"#),
        (#"{"a":["b"]}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"c"}"#, #"{"a":["b"]}"#, #"{"a":["b"]}"#),
        (#"{"a":{"b":"c"}}"#, #"{"a":{"b":"d","c":null}}"#, #"{"a":{"b":"d"}}"#),
        (#"{"a":[{"b":"c"}]}"#, #"{"a":[1]}"#, #"{"a":[1]}"#),
        (#"["a","b"]"#, #"["c","d"]"#, #"["c","d"]"#),
        (#"{"a":"b"}"#, #"["c"]"#, #"["c"]"#),
        (#"{"a":"foo"}"#, #"null"#, #"null"#),
        (#"{"e":null}"#, #"{"a":1}"#, #"{"e":null,"a":1}"#),
        (#"[1,2]"#, #"{"a":"b","c":null}"#, #"{"a":"b"}"#),
        (#"{}"#, #"{"a":{"bb":{"ccc":null}}}"#, #"{"a":{"bb":{}}}"#),
    ])
    func rfc7386Example(target: String, patch: String, expected: String) throws {
        #expect(Patch.applyMergePatch(try json(patch), to: try json(target)) == (try json(expected)))
    }
}

@Suite struct JSONPatchTests {
    let document: Value = ["metadata": ["name": "x", "labels": ["a/b": "1"]], "spec": ["items": [1, 2, 3]]]

    func patched(_ operations: String) throws -> Value {
        try Patch.applyJSONPatch(try json(operations), to: document)
    }

    @Test func addAppendsWithDashAndInsertsAtIndex() throws {
        let result = try patched(
            #"[{"op":"add","path":"/spec/items/-","value":4},{"op":"add","path":"/spec/items/0","value":0}]"#)
        #expect(result["spec"]?["items"] == [0, 1, 2, 3, 4])
    }

    @Test func escapedPointerTokensAddressKeysWithSlashesAndTildes() throws {
        let result = try patched(
            #"[{"op":"replace","path":"/metadata/labels/a~1b","value":"2"},{"op":"add","path":"/metadata/labels/c~0d","value":"3"}]"#
        )
        #expect(result["metadata"]?["labels"] == ["a/b": "2", "c~d": "3"])
    }

    @Test func removeMoveCopyAndTestApplyInOrder() throws {
        let result = try patched(
            """
            [{"op":"test","path":"/metadata/name","value":"x"},
             {"op":"copy","from":"/metadata/name","path":"/spec/name"},
             {"op":"move","from":"/spec/items","path":"/spec/list"},
             {"op":"remove","path":"/spec/list/1"}]
            """)
        #expect(result["spec"] == ["name": "x", "list": [1, 3]])
    }

    @Test func failedTestOperationIsTheGeneric422() throws {
        let status = try #require(throws: KubeStatus.self) {
            try patched(#"[{"op":"test","path":"/metadata/name","value":"y"},{"op":"remove","path":"/spec"}]"#)
        }
        #expect(status.code == 422)
        #expect(status.reason == .invalid)
        #expect(
            status.value == [
                "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure",
                "message": "the server rejected our request due to an error in our request", "reason": "Invalid",
                "details": [:], "code": 422,
            ])
    }

    @Test(arguments: [
        #"[{"op":"remove","path":"/spec/missing"}]"#,
        #"[{"op":"replace","path":"/spec/missing","value":1}]"#,
        #"[{"op":"add","path":"/nope/deeper","value":1}]"#,
        #"[{"op":"add","path":"/spec/items/7","value":1}]"#,
        #"[{"op":"frobnicate","path":"/spec"}]"#,
    ])
    func operationOnMissingPathIsRejectedWith422(operations: String) throws {
        let status = try #require(throws: KubeStatus.self) { try patched(operations) }
        #expect(status.code == 422)
    }

    @Test func patchThatIsNotAListIsABadRequest() throws {
        let status = try #require(throws: KubeStatus.self) { try patched(#"{"op":"add"}"#) }
        #expect(status.code == 400)
        #expect(status.message == "json: cannot unmarshal object into Go value of type jsonpatch.Patch")
    }

    @Test func testOfAnIntegerAgainstAnEqualDoubleSucceeds() throws {
        _ = try patched(#"[{"op":"test","path":"/spec/items/0","value":1.0}]"#)
    }
}

@Suite struct StrategicMergePatchTests {
    static let pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          finalizers: [a]
        spec:
          containers:
            - name: app
              image: app:1
              env:
                - {name: A, value: "1"}
                - {name: B, value: "2"}
            - name: sidecar
              image: sidecar:1
          volumes:
            - name: data
              emptyDir: {}
          tolerations:
            - {key: k1, operator: Exists}
        """

    let schema = StrategicMergeSchema.builtin(group: "", version: "v1", kind: "Pod")!

    func patched(_ patch: String) throws -> Value {
        try Patch.applyStrategicMergePatch(try yaml(patch), to: try yaml(Self.pod), schema: schema)
    }

    @Test func containersMergeByName() throws {
        let result = try patched(
            """
            spec:
              containers:
                - name: app
                  image: app:2
                  env:
                    - {name: B, value: "3"}
                    - {name: C, value: "4"}
                - name: extra
                  image: extra:1
            """)
        let containers = try #require(result["spec"]?["containers"]?.arrayValue)
        #expect(containers.map { $0["name"] } == ["app", "sidecar", "extra"])
        #expect(containers[0]["image"] == "app:2")
        #expect(
            containers[0]["env"] == [
                ["name": "A", "value": "1"], ["name": "B", "value": "3"], ["name": "C", "value": "4"],
            ])
    }

    @Test func patchDeleteDirectiveRemovesTheElementWithThatKey() throws {
        let result = try patched(
            """
            spec:
              containers:
                - {name: sidecar, $patch: delete}
            """)
        #expect(result["spec"]?["containers"]?.arrayValue?.map { $0["name"] } == ["app"])
    }

    @Test func patchReplaceDirectiveReplacesTheList() throws {
        let result = try patched(
            """
            spec:
              volumes:
                - {name: cache, emptyDir: {}}
                - $patch: replace
            """)
        #expect(result["spec"]?["volumes"] == [["name": "cache", "emptyDir": [:]]])
    }

    @Test func patchReplaceOnAMapReplacesItWhole() throws {
        let result = try patched(
            """
            metadata:
              $patch: replace
              name: web
            """)
        #expect(result["metadata"] == ["name": "web"])
    }

    @Test func listsWithoutMergeStrategyAreReplaced() throws {
        let result = try patched("spec: {tolerations: [{key: k2, operator: Exists}]}")
        #expect(result["spec"]?["tolerations"] == [["key": "k2", "operator": "Exists"]])
    }

    @Test func finalizersMergeAsASetAndDeleteFromPrimitiveListRemoves() throws {
        let merged = try patched("metadata: {finalizers: [b, a]}")
        #expect(merged["metadata"]?["finalizers"] == ["a", "b"])
        let removed = try patched("metadata: {$deleteFromPrimitiveList/finalizers: [a]}")
        #expect(removed["metadata"]?["finalizers"] == [])
    }

    @Test func setElementOrderReordersMergedElements() throws {
        let result = try patched(
            """
            spec:
              $setElementOrder/containers: [{name: sidecar}, {name: app}]
              containers:
                - {name: app, image: app:3}
            """)
        #expect(result["spec"]?["containers"]?.arrayValue?.map { $0["name"] } == ["sidecar", "app"])
    }

    @Test func setElementOrderKeepsServerOnlyElementsInTheirServerPosition() throws {
        let pod: Value = ["spec": ["containers": [["name": "a"], ["name": "x"], ["name": "b"]]]]
        let patch = try yaml(
            """
            spec:
              $setElementOrder/containers: [{name: b}, {name: a}]
              containers:
                - {name: a, image: a:2}
            """)
        let result = try Patch.applyStrategicMergePatch(patch, to: pod, schema: schema)
        #expect(result["spec"]?["containers"]?.arrayValue?.map { $0["name"] } == ["x", "b", "a"])
    }

    @Test func retainKeysDropsUnlistedKeys() throws {
        let result = try patched(
            """
            spec:
              volumes:
                - name: data
                  $retainKeys: [name, hostPath]
                  hostPath: {path: /d}
            """)
        #expect(result["spec"]?["volumes"] == [["name": "data", "hostPath": ["path": "/d"]]])
    }

    @Test func nullDeletesAField() throws {
        let result = try patched("spec: {tolerations: null}")
        #expect(result["spec"]?["tolerations"] == nil)
    }

    @Test func elementWithoutItsMergeKeyIsABadRequest() throws {
        let status = try #require(throws: KubeStatus.self) { try patched("spec: {containers: [{image: x}]}") }
        #expect(status.code == 400)
    }

    @Test func patchThatIsNotAnObjectIsABadRequest() throws {
        let status = try #require(throws: KubeStatus.self) {
            try Patch.applyStrategicMergePatch(["a"], to: [:], schema: schema)
        }
        #expect(status.message == "json: cannot unmarshal array into Go value of type map[string]interface {}")
    }

    @Test func customResourcesHaveNoBuiltinSchema() {
        #expect(
            StrategicMergeSchema.builtin(
                group: "postgres-operator.crunchydata.com", version: "v1beta1", kind: "PostgresCluster") == nil)
        #expect(StrategicMergeSchema.builtin(group: "apps", version: "v1", kind: "Deployment") != nil)
    }

    @Test func deploymentTemplateContainersMergeByName() throws {
        let deployment: Value = [
            "spec": [
                "template": ["spec": ["containers": [["name": "a", "image": "1"], ["name": "b", "image": "1"]]]]
            ]
        ]
        let patch: Value = ["spec": ["template": ["spec": ["containers": [["name": "b", "image": "2"]]]]]]
        let schema = try #require(StrategicMergeSchema.builtin(group: "apps", version: "v1", kind: "Deployment"))
        let result = try Patch.applyStrategicMergePatch(patch, to: deployment, schema: schema)
        #expect(
            result["spec"]?["template"]?["spec"]?["containers"] == [
                ["name": "a", "image": "1"], ["name": "b", "image": "2"],
            ])
    }
}

@Suite struct ServerSideApplyTests {
    @Test func createReturnsTheAppliedObject() {
        let applied: Value = ["kind": "ConfigMap", "data": ["a": "1"]]
        #expect(Patch.applyServerSideApply(applied, to: nil, schema: nil) == applied)
    }

    @Test func applyMergesMapsAndKeyedLists() throws {
        let existing = try yaml(StrategicMergePatchTests.pod)
        let applied = try yaml(
            """
            metadata: {name: web, labels: {tier: web}}
            spec:
              containers:
                - {name: app, image: app:9}
            """)
        let schema = StrategicMergeSchema.builtin(group: "", version: "v1", kind: "Pod")
        let result = Patch.applyServerSideApply(applied, to: existing, schema: schema)
        #expect(result["metadata"]?["labels"] == ["tier": "web"])
        #expect(result["spec"]?["containers"]?.arrayValue?.map { $0["image"] } == ["app:9", "sidecar:1"])
        #expect(result["spec"]?["containers"]?.arrayValue?.first?["env"] != nil)
    }

    @Test func customResourceListsMergeByTheirListMapKeys() throws {
        let structural = try CRDFixture.postgresClusters.schema
        let schema = StrategicMergeSchema(structural: structural)
        let existing: Value = ["spec": ["instances": [["name": "a", "replicas": 1], ["name": "b", "replicas": 1]]]]
        let applied: Value = ["spec": ["instances": [["name": "b", "replicas": 3]]]]
        let result = Patch.applyServerSideApply(applied, to: existing, schema: schema)
        #expect(result["spec"]?["instances"] == [["name": "a", "replicas": 1], ["name": "b", "replicas": 3]])
    }
}
