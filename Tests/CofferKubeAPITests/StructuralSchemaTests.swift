import CofferCore
import Testing

@testable import CofferKubeAPI

@Suite struct StructuralSchemaTests {
    static let hippo = """
        apiVersion: postgres-operator.crunchydata.com/v1beta1
        kind: PostgresCluster
        metadata:
          name: hippo
          namespace: postgres
        spec:
          postgresVersion: 16
          instances:
            - name: instance1
              replicas: 2
              dataVolumeClaimSpec:
                accessModes: [ReadWriteOnce]
                resources:
                  requests:
                    storage: 1Gi
          backups:
            pgbackrest:
              repos:
                - name: repo1
                  schedules:
                    full: "0 1 * * 0"
                  volume:
                    volumeClaimSpec:
                      accessModes: [ReadWriteOnce]
                      resources:
                        requests:
                          storage: 1Gi
              manual:
                repoName: repo1
                options: ["--type=full"]
        """

    /// The hippo cluster with `edit` applied to it.
    func hippo(_ edit: (inout Value) -> Void = { _ in }) throws -> Value {
        var value = try yaml(Self.hippo)
        edit(&value)
        return value
    }

    @Test(arguments: CRDFixture.allCases)
    func realCRDCompiles(_ fixture: CRDFixture) throws {
        _ = try fixture.schema
    }

    @Test func realisticPostgresClusterIsValid() throws {
        let schema = try CRDFixture.postgresClusters.schema
        #expect(schema.validate(try hippo()) == [])
    }

    @Test func repoNameNotMatchingItsPatternIsInvalid() throws {
        let schema = try CRDFixture.postgresClusters.schema
        let object = try hippo { $0.set(["spec", "backups", "pgbackrest", "manual", "repoName"], "foo") }
        let errors = schema.validate(object)
        #expect(
            errors.map(\.description) == [
                #"spec.backups.pgbackrest.manual.repoName: Invalid value: "foo": spec.backups.pgbackrest.manual.repoName in body should match '^repo[1-4]'"#
            ])
        #expect(errors.first?.type == .invalid)
    }

    @Test func stringWhereIntegerExpectedNamesTheActualType() throws {
        let schema = try CRDFixture.postgresClusters.schema
        let errors = schema.validate(try hippo { $0.set(["spec", "postgresVersion"], "sixteen") })
        #expect(
            errors.map(\.description) == [
                #"spec.postgresVersion: Invalid value: "string": spec.postgresVersion in body must be of type integer: "string""#
            ])
        #expect(errors.first?.cause.reason == "FieldValueTypeInvalid")
    }

    @Test func missingRequiredFieldIsReportedAtItsPath() throws {
        let schema = try CRDFixture.postgresClusters.schema
        let errors = schema.validate(try hippo { $0.set(["spec", "instances"], nil) })
        #expect(errors.map(\.description) == ["spec.instances: Required value"])
    }

    @Test func arrayItemErrorsUseIndexedPaths() throws {
        let schema = try CRDFixture.postgresClusters.schema
        let object = try hippo {
            $0.set(["spec", "instances"], [["name": "a", "replicas": 0, "dataVolumeClaimSpec": [:]]])
        }
        #expect(
            schema.validate(object).map(\.description) == [
                "spec.instances[0].replicas: Invalid value: 0: spec.instances[0].replicas in body should be greater than or equal to 1"
            ])
    }

    @Test func valueBeyondMaximumIsInvalid() throws {
        let schema = try CRDFixture.postgresClusters.schema
        let errors = schema.validate(try hippo { $0.set(["spec", "postgresVersion"], 19) })
        #expect(
            errors.map(\.description) == [
                "spec.postgresVersion: Invalid value: 19: spec.postgresVersion in body should be less than or equal to 18"
            ])
    }

    @Test func unsupportedEnumValueListsTheSupportedOnes() throws {
        let schema = try CRDFixture.cnpgBackups.schema
        let backup = try yaml(
            """
            apiVersion: postgresql.cnpg.io/v1
            kind: Backup
            metadata: {name: b1}
            spec:
              cluster: {name: pg}
              method: tape
            """)
        let errors = schema.validate(backup)
        #expect(
            errors.map(\.description) == [
                #"spec.method: Unsupported value: "tape": supported values: "barmanObjectStore", "volumeSnapshot", "plugin""#
            ])
        #expect(
            errors.first?.cause
                == KubeStatus.Cause(
                    reason: "FieldValueNotSupported",
                    message:
                        #"Unsupported value: "tape": supported values: "barmanObjectStore", "volumeSnapshot", "plugin""#,
                    field: "spec.method"))
    }

    @Test func duplicateListMapKeysAreReported() throws {
        let schema = try CRDFixture.postgresClusters.schema
        let object = try hippo {
            let instance: Value = ["name": "a", "dataVolumeClaimSpec": [:]]
            $0.set(["spec", "instances"], [instance, instance])
        }
        #expect(schema.validate(object).map(\.description) == [#"spec.instances[1]: Duplicate value: {"name":"a"}"#])
    }

    @Test func errorsBecomeAnInvalidStatusWithOneCauseEach() throws {
        let schema = try CRDFixture.postgresClusters.schema
        let object = try hippo {
            $0.set(["spec", "instances"], nil)
            $0.set(["spec", "backups", "pgbackrest", "manual", "repoName"], "foo")
        }
        let status = KubeStatus.invalid(
            kind: "PostgresCluster", group: "postgres-operator.crunchydata.com", name: "hippo",
            causes: schema.validate(object))
        #expect(
            status.message == """
                PostgresCluster.postgres-operator.crunchydata.com "hippo" is invalid: [\
                spec.backups.pgbackrest.manual.repoName: Invalid value: "foo": spec.backups.pgbackrest.manual.repoName \
                in body should match '^repo[1-4]', spec.instances: Required value]
                """)
        #expect(status.details?.causes.count == 2)
    }

    @Test func unknownFieldsArePrunedAndReportedByPath() throws {
        let schema = try CRDFixture.postgresClusters.schema
        let object = try hippo {
            $0.set(["spec", "colour"], "blue")
            $0.set(["spec", "instances", 0, "flavour"], "mint")
            $0.set(["extra"], true)
            $0.set(["metadata", "labels", "app"], "db")
        }
        let (pruned, unknown) = schema.prune(object)
        #expect(unknown == ["extra", "spec.colour", "spec.instances[0].flavour"])
        #expect(pruned == (try hippo { $0.set(["metadata", "labels", "app"], "db") }))
    }

    @Test func preservedUnknownFieldsSurvivePruning() throws {
        let schema = try CRDFixture.postgresClusters.schema
        let object = try hippo {
            $0.set(["spec", "patroni", "dynamicConfiguration", "postgresql", "parameters", "work_mem"], "4MB")
        }
        let (pruned, unknown) = schema.prune(object)
        #expect(unknown == [])
        #expect(pruned == object)
    }

    @Test func defaultsFillMissingFieldsRecursively() throws {
        let schema = try CRDFixture.postgresClusters.schema
        let object = try hippo { $0.set(["spec", "instances"], [["dataVolumeClaimSpec": [:]]]) }
        let defaulted = schema.applyDefaults(object)
        #expect(defaulted["spec"]?["port"] == 5432)
        #expect(defaulted["spec"]?["instances"]?.arrayValue?.first?["replicas"] == 1)
        #expect(defaulted["spec"]?["instances"]?.arrayValue?.first?["name"] == "")
        #expect(defaulted["metadata"] == object["metadata"])
    }

    @Test func defaultsDoNotOverwriteGivenValues() throws {
        let schema = try CRDFixture.postgresClusters.schema
        let object = try hippo { $0.set(["spec", "port"], 6543) }
        #expect(schema.applyDefaults(object)["spec"]?["port"] == 6543)
    }
}

// MARK: - Small schemas

@Suite struct StructuralSchemaKeywordTests {
    static let schemaText = """
        type: object
        properties:
          spec:
            type: object
            properties:
              name: {type: string, minLength: 2, maxLength: 5}
              count: {type: integer, minimum: 1, exclusiveMaximum: true, maximum: 10}
              ratio: {type: number}
              tags: {type: array, maxItems: 2, items: {type: string}}
              set: {type: array, x-kubernetes-list-type: set, items: {type: string}}
              port: {x-kubernetes-int-or-string: true}
              when: {type: string, format: date-time}
              maybe: {type: string, nullable: true}
              labels: {type: object, additionalProperties: {type: string}, maxProperties: 2}
              either:
                type: object
                properties:
                  a: {type: string}
                  b: {type: string}
                oneOf:
                  - required: [a]
                  - required: [b]
              mode: {type: string, default: fast}
              size: {type: integer, enum: [1, 2, 4], multipleOf: 2}
              some: {type: array, minItems: 1, items: {type: string}}
              short: {type: string, anyOf: [{maxLength: 2}, {pattern: "^x"}]}
              notEmpty: {type: string, not: {maxLength: 0}}
              both: {type: string, allOf: [{minLength: 1}, {maxLength: 3}]}
              pod: {type: object, x-kubernetes-embedded-resource: true, x-kubernetes-preserve-unknown-fields: true}
        """

    func errors(_ spec: Value) throws -> [String] {
        let schema = try StructuralSchema(openAPIV3Schema: try yaml(Self.schemaText))
        return schema.validate(["spec": spec]).map(\.description)
    }

    @Test(
        arguments: [
            (["name": "a"], #"spec.name: Invalid value: "a": spec.name in body should be at least 2 chars long"#),
            (["name": "abcdef"], "spec.name: Too long: may not be more than 5 bytes"),
            (["count": 10], "spec.count: Invalid value: 10: spec.count in body should be less than 10"),
            (
                ["count": 1.5],
                #"spec.count: Invalid value: "number": spec.count in body must be of type integer: "number""#
            ),
            (["tags": ["a", "b", "c"]], "spec.tags: Too many: 3: must have at most 2 items"),
            (["set": ["a", "a"]], #"spec.set[1]: Duplicate value: "a""#),
            (
                ["port": true],
                #"spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean""#
            ),
            (
                ["when": "yesterday"],
                #"spec.when: Invalid value: "yesterday": spec.when in body must be of type date-time: "yesterday""#
            ),
            (["name": nil], #"spec.name: Invalid value: "null": spec.name in body must be of type string: "null""#),
            (["labels": ["a": "1", "b": "2", "c": "3"]], "spec.labels: Too many: 3: must have at most 2 items"),
            (
                ["labels": ["a": 1]],
                #"spec.labels.a: Invalid value: "integer": spec.labels.a in body must be of type string: "integer""#
            ),
            (
                ["either": [:]],
                #"<nil>: Invalid value: "": "spec.either" must validate one and only one schema (oneOf). Found none valid"#
            ),
            (["size": 3], "spec.size: Invalid value: 3: spec.size in body should be a multiple of 2"),
            (["size": 6], #"spec.size: Unsupported value: 6: supported values: "1", "2", "4""#),
            (["some": []], "spec.some: Invalid value: 0: spec.some in body should have at least 1 items"),
            (["short": "abc"], #"<nil>: Invalid value: "": "spec.short" must validate at least one schema (anyOf)"#),
            (["notEmpty": ""], #"<nil>: Invalid value: "": "spec.notEmpty" must not validate the schema (not)"#),
            (["both": "abcd"], "spec.both: Too long: may not be more than 3 bytes"),
            (["pod": ["apiVersion": "v1"]], "spec.pod.kind: Required value: must not be empty"),
        ] as [(Value, String)])
    func keywordViolationIsWordedAsKubernetesWordsIt(spec: Value, message: String) throws {
        let found = try errors(spec)
        #expect(found.first == message)
    }

    @Test(
        arguments: [
            ["count": 9], ["ratio": 2], ["ratio": 2.5], ["port": 80], ["port": "http"], ["maybe": nil],
            ["when": "2024-02-29T12:00:00Z"], ["when": "2024-02-29T12:00:00.5+01:00"], ["either": ["a": "x"]],
            ["size": 4], ["short": "xyz"], ["short": "ab"], ["notEmpty": "a"], ["both": "abc"], ["pod": [:]],
        ] as [Value])
    func conformingValueIsValid(spec: Value) throws {
        #expect(try errors(spec) == [])
    }

    @Test func failedAllOfReportsTheFailuresAndTheComposite() throws {
        #expect(
            try errors(["both": ""]) == [
                #"spec.both: Invalid value: "": spec.both in body should be at least 1 chars long"#,
                #"<nil>: Invalid value: "": "spec.both" must validate all the schemas (allOf)"#,
            ])
    }

    @Test func failedAnyOfAlsoReportsTheClosestAlternative() throws {
        #expect(
            try errors(["short": "abc"]) == [
                #"<nil>: Invalid value: "": "spec.short" must validate at least one schema (anyOf)"#,
                "spec.short: Too long: may not be more than 2 bytes",
            ])
    }

    @Test func oneOfWithBothAlternativesValidIsInvalid() throws {
        #expect(
            try errors(["either": ["a": "x", "b": "y"]]) == [
                #"<nil>: Invalid value: "": "spec.either" must validate one and only one schema (oneOf). Found 2 valid alternatives"#
            ])
    }

    @Test func invalidPatternIsRejectedAtCompileTime() throws {
        #expect(throws: KubeStatus.self) {
            try StructuralSchema(openAPIV3Schema: ["type": "string", "pattern": "(unclosed"])
        }
    }

    @Test func nullInNonNullableFieldWithDefaultTakesTheDefault() throws {
        let schema = try StructuralSchema(openAPIV3Schema: try yaml(Self.schemaText))
        #expect(schema.applyDefaults(["spec": ["mode": nil]]) == ["spec": ["mode": "fast"]])
    }
}

extension Value {
    /// Sets (or with `nil` removes) the value at `path` of keys and indexes, creating objects on the way.
    mutating func set(_ path: [any Sendable], _ newValue: Value?) {
        guard let first = path.first else {
            self = newValue ?? .null
            return
        }
        let rest = Array(path.dropFirst())
        if let index = first as? Int, case .array(var items) = self {
            if rest.isEmpty, newValue == nil {
                items.remove(at: index)
            } else {
                items[index].set(rest, newValue)
            }
            self = .array(items)
        } else if let key = first as? String {
            var map = objectValue ?? ValueMap()
            if rest.isEmpty {
                map[key] = newValue
            } else {
                var child = map[key] ?? .object(ValueMap())
                child.set(rest, newValue)
                map[key] = child
            }
            self = .object(map)
        }
    }
}

@Suite struct StructuralSchemaAdmissionTests {
    @Test func admissionPrunesDefaultsThenValidates() throws {
        let schema = try CRDFixture.postgresClusters.schema
        var object = try yaml(StructuralSchemaTests.hippo)
        object.set(["spec", "colour"], "blue")
        object.set(["spec", "port"], nil)
        let admission = schema.admit(object)
        #expect(admission.unknownFields == ["spec.colour"])
        #expect(admission.warnings == [#"unknown field "spec.colour""#])
        #expect(admission.object["spec"]?["port"] == 5432)
        #expect(admission.object["spec"]?["colour"] == nil)
        #expect(admission.errors == [])
    }

    @Test func strictDecodingListsEveryUnknownField() {
        let status = KubeStatus.strictDecoding(unknownFields: ["spec.colour", "extra"])
        #expect(status.code == 400)
        #expect(status.message == #"strict decoding error: unknown field "spec.colour", unknown field "extra""#)
    }
}

@Suite struct StructuralSchemaPruningTests {
    static let schemaText = """
        type: object
        properties:
          spec:
            type: object
            properties:
              template:
                type: object
                x-kubernetes-embedded-resource: true
                x-kubernetes-preserve-unknown-fields: true
              config:
                type: object
                x-kubernetes-preserve-unknown-fields: true
                properties:
                  known:
                    type: object
                    properties:
                      a: {type: string}
              limits:
                type: object
                additionalProperties:
                  type: object
                  properties:
                    max: {type: integer}
              count: {type: integer}
        """

    func pruned(_ spec: Value) throws -> (Value?, [String]) {
        let schema = try StructuralSchema(openAPIV3Schema: try yaml(Self.schemaText))
        let (object, unknown) = schema.prune([
            "apiVersion": "x/v1", "kind": "X", "metadata": ["name": "n", "custom": 1], "spec": spec,
        ])
        return (object["spec"], unknown)
    }

    @Test func embeddedResourceKeepsItsTypeAndMetadata() throws {
        let template: Value = ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "p"], "spec": ["x": 1]]
        let (spec, unknown) = try pruned(["template": template])
        #expect(spec?["template"] == template)
        #expect(unknown == [])
    }

    @Test func preserveUnknownFieldsStillPrunesInsideKnownProperties() throws {
        let (spec, unknown) = try pruned(["config": ["free": 1, "known": ["a": "x", "b": "y"]]])
        #expect(spec?["config"] == ["free": 1, "known": ["a": "x"]])
        #expect(unknown == ["spec.config.known.b"])
    }

    @Test func additionalPropertiesValuesArePrunedByTheirSchema() throws {
        let (spec, unknown) = try pruned(["limits": ["cpu": ["max": 2, "min": 1]]])
        #expect(spec?["limits"] == ["cpu": ["max": 2]])
        #expect(unknown == ["spec.limits.cpu.min"])
    }

    @Test func nullInNonNullableFieldIsDroppedSilently() throws {
        let (spec, unknown) = try pruned(["count": nil])
        #expect(spec == [:])
        #expect(unknown == [])
    }

    @Test func objectsInAnArrayWithoutItemSchemaLoseTheirFields() throws {
        let schema = try StructuralSchema(openAPIV3Schema: [
            "type": "object", "properties": ["list": ["type": "array"]],
        ])
        let (pruned, unknown) = schema.prune(["list": [["a": 1], 2]])
        #expect(pruned == ["list": [[:], 2]])
        #expect(unknown == ["list[0].a"])
    }

    @Test func rootMetadataIsNeverPruned() throws {
        let schema = try StructuralSchema(openAPIV3Schema: try yaml(Self.schemaText))
        let object: Value = ["apiVersion": "x/v1", "kind": "X", "metadata": ["name": "n", "custom": 1]]
        #expect(schema.prune(object).pruned == object)
    }
}

@Suite struct PatternRegexTests {
    @Test(arguments: [
        ("^repo[1-4]", "repo1-extra", true),
        ("^repo[1-4]", "repo5", false),
        ("^[1-9][0-9]*[dwm]$", "14d", true),
        ("^[1-9][0-9]*[dwm]$", "014d", false),
        (#"^(PT)?( *[0-9]+ *(?i:(h|hr|d|w|wk)|(hour|day|week)s?))+$"#, "3 Days", true),
        (#"^[^\pZ\pC\pS]+$"#, "abc", true),
        (#"^[^\pZ\pC\pS]+$"#, "a b", false),
        (
            #"^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$"#,
            "500Mi", true
        ),
        (
            #"^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$"#,
            "5 Gi", false
        ),
        ("(?P<n>ab)c", "xabc", true),
        ("^abc$", "abc\n", false),
        ("^a.c$", "a\nc", false),
        ("^a.c$", "aéc", true),
        (#"^\d+$"#, "١٢", false),
        (#"^\w+$"#, "été", false),
        (#"^\pL+$"#, "été", true),
    ])
    func patternMatchesAsGoDoes(pattern: String, text: String, matches: Bool) throws {
        let regex = try #require(PatternRegex(pattern))
        #expect(regex.matches(text) == matches)
    }
}
