import CofferCore
import Testing

@testable import CofferYAML

/// Plain scalars resolve as sigs.k8s.io/yaml resolves them (go-yaml v2's resolve.go, then JSON).
@Suite struct YAMLScalarResolutionTests {
    static let plainScalars: [(String, Value)] = [
        // Booleans: every spelling go-yaml v2 lists, and nothing else.
        ("true", true), ("True", true), ("TRUE", true), ("yes", true), ("Yes", true), ("YES", true),
        ("y", true), ("Y", true), ("on", true), ("On", true), ("ON", true),
        ("false", false), ("False", false), ("FALSE", false), ("no", false), ("No", false), ("NO", false),
        ("n", false), ("N", false), ("off", false), ("Off", false), ("OFF", false),
        ("tRUE", "tRUE"), ("yEs", "yEs"), ("oN", "oN"), ("nO", "nO"), ("ye", "ye"),
        // Nulls.
        ("~", nil), ("null", nil), ("Null", nil), ("NULL", nil), ("nULL", "nULL"), ("none", "none"),
        // Integers: Go's ParseInt(s, 0, 64) after removing underscores.
        ("0", 0), ("-0", 0), ("+12", 12), ("-12", -12), ("1_000", 1000), ("1__0", 10), ("1_", 1),
        ("0x1F", 31), ("0X1f", 31), ("-0x1F", -31), ("+0x10", 16), ("0x_1F", 31),
        ("0o17", 15), ("0O17", 15), ("017", 15), ("-017", -15), ("0777", 511), ("0_7", 7), ("00", 0),
        ("0b101", 5), ("0B101", 5), ("-0b101", -5),
        ("9223372036854775807", .int(.max)), ("-9223372036854775808", .int(.min)),
        // Past Int64: go-yaml's uint64 or float64, which Kubernetes reads back as a float.
        ("9223372036854775808", 9_223_372_036_854_775_808.0), ("18446744073709551615", 18_446_744_073_709_551_615.0),
        ("0xFFFFFFFFFFFFFFFF", 18_446_744_073_709_551_615.0), ("99999999999999999999", 1e20),
        ("-99999999999999999999", -1e20),
        // Floats: go-yaml's YAML-style float pattern, then ParseFloat.
        ("1.5", 1.5), ("-1.5", -1.5), ("+.5", 0.5), ("-.5", -0.5), (".5", 0.5), ("1.", 1.0), ("1e3", 1000.0),
        ("1E3", 1000.0), ("1e+3", 1000.0), ("2.5e-3", 0.0025), (".5e1", 5.0), ("1_000.5", 1000.5),
        (".5_5", 0.55), ("0.0", 0.0), ("08", 8.0), ("09.5", 9.5), ("0e5", 0.0), ("1e-999", 0.0),
        (".inf", .double(.infinity)), (".Inf", .double(.infinity)), (".INF", .double(.infinity)),
        ("+.inf", .double(.infinity)), ("-.inf", .double(-.infinity)), ("-.Inf", .double(-.infinity)),
        // Strings: everything that fails the rules above.
        ("0x", "0x"), ("0b", "0b"), ("0b2", "0b2"), ("0o8", "0o8"), ("0x1FFFFFFFFFFFFFFFF", "0x1FFFFFFFFFFFFFFFF"),
        ("0x1p3", "0x1p3"), ("1e", "1e"), ("e3", "e3"), ("_1", "_1"), ("._5", "._5"), ("1e999", "1e999"),
        ("-1e999", "-1e999"), (".iNf", ".iNf"), ("inf", "inf"), ("Infinity", "Infinity"), ("NaN", "NaN"),
        ("nan", "nan"), ("+", "+"), ("-x", "-x"), ("1.2.3", "1.2.3"), ("1:20", "1:20"), ("12:30:45", "12:30:45"),
        ("<<", "<<"), ("0.5.", "0.5."), ("1,000", "1,000"), ("v1", "v1"), ("1Gi", "1Gi"), ("100m", "100m"),
        // Timestamps stay strings: go-yaml hands them to interface{} as their text.
        ("2001-12-14", "2001-12-14"), ("2001-12-14T21:59:43.10Z", "2001-12-14T21:59:43.10Z"),
        ("2001-12-14 21:59:43.10", "2001-12-14 21:59:43.10"),
    ]

    @Test(arguments: plainScalars)
    func plainScalarResolvesAsKubernetesDoes(text: String, expected: Value) throws {
        #expect(try loadValue("v: \(text)\n")["v"] == expected)
    }

    @Test(arguments: [".nan", ".NaN", ".NAN"])
    func nanSpellingsResolveToNaN(text: String) throws {
        let value = try #require(try loadValue("v: \(text)")["v"]?.doubleValue)
        #expect(value.isNaN)
    }

    @Test func emptyValueIsNull() throws {
        #expect(try loadValue("v:\nw: 1")["v"] == .null)
    }

    @Test func negativeZeroKeepsItsSign() throws {
        let value = try #require(try loadValue("v: -0.0")["v"]?.doubleValue)
        #expect(value == 0 && value.sign == .minus)
    }

    static let quotedAndBlockScalars: [(String, Value)] = [
        ("'yes'", "yes"), ("\"1\"", "1"), ("\"null\"", "null"), ("''", ""), ("\"\"", ""), ("\"~\"", "~"),
        ("'0x1F'", "0x1F"), ("\"a\\tb\\u00e9\"", "a\tb\u{e9}"), ("'it''s'", "it's"),
        ("|\n  yes\n", "yes\n"), ("|-\n  12\n", "12"), (">\n  a\n  b\n", "a b\n"), (">-\n  1.5\n", "1.5"),
        ("|+\n  keep\n\n", "keep\n\n"), ("|2\n    indented\n", "  indented\n"),
    ]

    @Test(arguments: quotedAndBlockScalars)
    func quotedAndBlockScalarsAreAlwaysStrings(text: String, expected: Value) throws {
        #expect(try loadValue("v: \(text)")["v"] == expected)
    }

    static let taggedScalars: [(String, Value)] = [
        ("!!str 1", "1"), ("!!str yes", "yes"), ("!!str", ""), ("!!int \"12\"", 12), ("!!int 0x10", 16),
        ("!!float 1", 1.0), ("!!float \"2.5\"", 2.5), ("!!bool \"yes\"", true), ("!!bool off", false),
        ("!!null \"\"", nil), ("!!null ~", nil), ("!!binary aGVsbG8=", "hello"),
        ("!!binary |\n  aGVs\n  bG8=\n", "hello"),
        ("!custom 12", "12"), ("! 12", "12"), ("!!timestamp 2001-12-14", "2001-12-14"),
        ("!!int 18446744073709551615", 18_446_744_073_709_551_615.0), ("!<tag:example.com,2024:x> true", "true"),
    ]

    @Test(arguments: taggedScalars)
    func explicitTagsResolveAsGoYAMLDoes(text: String, expected: Value) throws {
        #expect(try loadValue("v: \(text)\n")["v"] == expected)
    }

    static let keys: [(String, String)] = [
        ("1", "1"), ("-1", "-1"), ("0x10", "16"), ("yes", "true"), ("n", "false"), ("1.5", "1.5"), ("0.1", "0.1"),
        ("3.14159265358979", "3.1415927"), ("1e6", "1e+06"), ("123456.0", "123456"), ("1234567.0", "1.234567e+06"),
        ("0.00001", "1e-05"), ("1e20", "1e+20"), ("99999999999999999999", "1e+20"), (".inf", ".inf"),
        ("-.inf", "-.inf"), (".nan", ".nan"), ("1e300", ".inf"), ("-0.0", "-0"), ("\"1\"", "1"), ("!!str yes", "yes"),
        ("'null'", "null"), ("2001-12-14", "2001-12-14"),
    ]

    @Test(arguments: keys)
    func nonStringKeysBecomeStringsAsSigsYAMLConvertsThem(key: String, expected: String) throws {
        let value = try loadValue("\(key): x\n")
        #expect(value.objectValue?.keys == [expected])
    }
}
