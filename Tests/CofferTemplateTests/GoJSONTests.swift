import Testing

@testable import CofferTemplate

struct JSONCase: Sendable, CustomTestStringConvertible {
    var value: TemplateValue
    var expected: String
    var testDescription: String { expected }

    init(_ value: TemplateValue, _ expected: String) {
        self.value = value
        self.expected = expected
    }
}

@Suite struct GoJSONTests {
    static let cases: [JSONCase] = [
        .init(.map(["b": .int64(1), "a": .string("x")]), #"{"a":"x","b":1}"#),
        .init(.map(["b": .int(1), "B": .int(2), "_": .int(3)]), #"{"B":2,"_":3,"b":1}"#),
        .init(.string("<a&b>"), #""\u003ca\u0026b\u003e""#),
        .init(.string("line\u{2028}para\u{2029}"), #""line\u2028para\u2029""#),
        .init(.string("\u{01}\n\t\r\u{08}\u{0C}\"\\"), #""\u0001\n\t\r\b\f\"\\""#),
        .init(.string("é\u{7F}"), "\"é\u{7F}\""),
        .init(.bytes(Array("hi".utf8)), #""aGk=""#),
        .init(.time(GoTime(seconds: 1_136_214_245, nanoseconds: 123_456_789)), #""2006-01-02T15:04:05.123456789Z""#),
        .init(.time(GoTime(seconds: 1_136_214_245, zoneName: "", zoneOffset: 19_800)), #""2006-01-02T20:34:05+05:30""#),
        .init(.float64(1e20), "100000000000000000000"),
        .init(.float64(1e21), "1e+21"),
        .init(.float64(0.000001), "0.000001"),
        .init(.float64(0.0000001), "1e-7"),
        .init(.float64(1.5), "1.5"),
        .init(.float64(3), "3"),
        .init(.float64(-0.0), "-0"),
        .init(.float64(123_456_789), "123456789"),
        .init(.float64(1.8446744073709552e19), "18446744073709552000"),
        .init(.int64(Int64.max), "9223372036854775807"),
        .init(.nil_, "null"),
        .init(.list([.int(1), .string("a"), .nil_, .bool(true)]), #"[1,"a",null,true]"#),
        .init(.list([]), "[]"),
        .init(.map([:]), "{}"),
    ]

    @Test(arguments: cases)
    func marshalMatchesEncodingJSON(_ testCase: JSONCase) throws {
        #expect(try GoJSON.encode(testCase.value) == testCase.expected)
    }

    @Test func structFieldsFollowOrderAndTags() throws {
        let location = TemplateStruct(
            typeName: "v1alpha1.Location",
            fields: [
                ("Type", .string("s3Compliant")), ("Bucket", .string("b")), ("Endpoint", .string("")),
                ("Region", .string("")), ("Secret", .string("x")),
            ],
            jsonTags: [
                "Type": "type", "Bucket": "bucket", "Endpoint": "endpoint", "Region": "region,omitempty", "Secret": "-",
            ])
        let profile = TemplateStruct(
            typeName: "param.Profile", fields: [("Location", .structure(location)), ("SkipSSLVerify", .bool(false))])
        #expect(
            try GoJSON.encode(.structure(profile))
                == #"{"Location":{"type":"s3Compliant","bucket":"b","endpoint":""},"SkipSSLVerify":false}"#)
    }

    @Test func prettyIndentsTwoSpacesAndKeepsEmptyContainersCompact() throws {
        let value = TemplateValue.map(["a": .list([.int(1), .int(2)]), "b": .map([:]), "c": .string("x:{")])
        let expected = """
            {
              "a": [
                1,
                2
              ],
              "b": {},
              "c": "x:{"
            }
            """
        #expect(try GoJSON.encode(value, indent: "  ") == expected)
    }

    @Test func rawEncodingKeepsHTMLButEscapesLineSeparators() throws {
        #expect(try GoJSON.encode(.string("<a>&\u{2028}"), escapeHTML: false) == #""<a>&\u2028""#)
    }

    @Test func nanIsUnsupported() {
        #expect(throws: GoJSON.EncodingError.self) { try GoJSON.encode(.float64(.nan)) }
    }

    @Test func decodeGivesMapsListsAndFloats() throws {
        let value = try #require(GoJSON.decode(#"{"a":[1,true,null,"x\u00e9"],"b":{}}"#))
        #expect(GoFormat.formatV(value) == "map[a:[1 true <nil> xé] b:map[]]")
        guard case .map(let map) = value, case .list(let list)? = map["a"], case .float64(1) = list[0] else {
            Issue.record("numbers decode as float64")
            return
        }
    }

    @Test func decodeRejectsBadJSON() {
        #expect(GoJSON.decode("{bad") == nil)
        #expect(GoJSON.decode("[1,]") == nil)
        #expect(GoJSON.decode("1 2") == nil)
    }
}
