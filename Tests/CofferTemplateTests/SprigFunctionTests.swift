import Testing

@testable import CofferTemplate

/// 2024-01-01T00:00:00Z, the clock every date test runs at.
private let now = GoTime(seconds: 1_704_067_200)
private let context = FunctionContext(now: { GoTime(seconds: 1_704_067_200) })

/// Calls a function from the standard table; `%v` of its result, or `error: message`.
private func call(_ name: String, _ arguments: [TemplateValue], in context: FunctionContext = context) -> String {
    guard let function = FunctionTable.standard[name] else { return "unregistered \(name)" }
    do {
        return GoFormat.formatV(try function.body(arguments, context))
    } catch let error as FunctionError {
        return "error: \(error.message)"
    } catch {
        return "unexpected \(error)"
    }
}

/// The Go type of a function's result.
private func resultType(_ name: String, _ arguments: [TemplateValue]) -> String {
    (try? FunctionTable.standard[name]?.body(arguments, context))?.goTypeName ?? "failed"
}

struct SprigCase: Sendable, CustomTestStringConvertible {
    var name: String
    var arguments: [TemplateValue]
    var expected: String
    var testDescription: String { "\(name) -> \(expected)" }

    init(_ name: String, _ arguments: [TemplateValue], _ expected: String) {
        self.name = name
        self.arguments = arguments
        self.expected = expected
    }
}

private func strings(_ values: String...) -> TemplateValue { .list(values.map(TemplateValue.string)) }
private func bytes(_ text: String) -> TemplateValue { .bytes(Array(text.utf8)) }

@Suite struct SprigStringFunctionTests {
    static let cases: [SprigCase] = [
        .init("repeat", [.int(3), .string("ab")], "ababab"),
        .init("repeat", [.int(-1), .string("ab")], "error: strings: negative Repeat count"),
        .init("trunc", [.int(3), .string("hello")], "hel"),
        .init("trunc", [.int(10), .string("hi")], "hi"),
        .init("trunc", [.int(-1), .string("hello")], "error: runtime error: slice bounds out of range [:-1]"),
        .init("substr", [.int(1), .int(3), .string("hello")], "el"),
        .init("substr", [.int(-1), .int(2), .string("hello")], "he"),
        .init("substr", [.int(2), .int(-1), .string("hello")], "llo"),
        .init("substr", [.int(3), .int(2), .string("hello")], "error: runtime error: slice bounds out of range [3:2]"),
        .init("abbrev", [.int(5), .string("hello world")], "he..."),
        .init("abbrev", [.int(3), .string("hello")], "hello"),
        .init("abbrevboth", [.int(5), .int(10), .string("abcdefghijklmno")], "...fghi..."),
        .init("trim", [.string("  hi \n")], "hi"),
        .init("trimAll", [.string("$"), .string("$$5.00$")], "5.00"),
        .init("trimall", [.string("$"), .string("$5$")], "5"),
        .init("trimPrefix", [.string("-"), .string("--hi")], "-hi"),
        .init("trimSuffix", [.string("-"), .string("hi--")], "hi-"),
        .init("upper", [.string("héllo")], "HÉLLO"),
        .init("lower", [.string("HeLLo")], "hello"),
        .init("title", [.string("hello world-wide foo_bar")], "Hello World-Wide Foo_bar"),
        .init("untitle", [.string("Hello World")], "hello world"),
        .init("contains", [.string("cat"), .string("catch")], "true"),
        .init("contains", [.string("dog"), .string("catch")], "false"),
        .init("hasPrefix", [.string("ca"), .string("cat")], "true"),
        .init("hasSuffix", [.string("at"), .string("cat")], "true"),
        .init("replace", [.string(" "), .string("-"), .string("a b c")], "a-b-c"),
        .init("replace", [.string(""), .string("-"), .string("ab")], "-a-b-"),
        .init("quote", [.string("a"), .nil_, .int(1), .string("x\"y")], #""a" "1" "x\"y""#),
        .init("squote", [.string("a"), bytes("hi")], "'a' '[104 105]'"),
        .init("cat", [.string("a"), .nil_, .int(1), .float64(2.5)], "a 1 2.5"),
        .init("indent", [.int(2), .string("a\nb\n")], "  a\n  b\n  "),
        .init("nindent", [.int(2), .string("a")], "\n  a"),
        .init("nospace", [.string(" a b\tc\n")], "abc"),
        .init("initials", [.string("First Try")], "FT"),
        .init("split", [.string("$"), .string("a$b$c")], "map[_0:a _1:b _2:c]"),
        .init("splitList", [.string("$"), .string("a$b$c")], "[a b c]"),
        .init("splitn", [.string("$"), .int(2), .string("a$b$c")], "map[_0:a _1:b$c]"),
        .init("join", [.string("-"), .list([.string("a"), .nil_, .int(1)])], "a-1"),
        .init("join", [.string("-"), .string("solo")], "solo"),
        .init("toStrings", [.list([.int(1), .string("a"), .nil_])], "[1 a]"),
        .init("sortAlpha", [strings("b", "a", "C")], "[C a b]"),
        .init("toString", [.nil_], "<nil>"),
        .init("toString", [bytes("secret")], "secret"),
        .init("toString", [.float64(0.000001)], "1e-06"),
        .init("toString", [.float64(18_446_744_073_709_551_616)], "1.8446744073709552e+19"),
        .init("toString", [.time(.zero)], "0001-01-01 00:00:00 +0000 UTC"),
        .init("plural", [.string("one"), .string("many"), .int(2)], "many"),
    ]

    @Test(arguments: cases)
    func stringFunctionsBehaveAsSprig(_ testCase: SprigCase) {
        #expect(call(testCase.name, testCase.arguments) == testCase.expected)
    }

    @Test func splitValuesAreStrings() {
        #expect(resultType("split", [.string(","), .string("a")]) == "map[string]interface {}")
        #expect(resultType("splitList", [.string(","), .string("a")]) == "[]interface {}")
    }
}

@Suite struct SprigEncodingFunctionTests {
    static let cases: [SprigCase] = [
        .init("b64enc", [.string("hello")], "aGVsbG8="),
        .init("b64dec", [.string("aGVsbG8=")], "hello"),
        .init("b64dec", [.string("aGVs\nbG8=")], "hello"),
        .init("b64dec", [.string("aGVsbG8")], "illegal base64 data at input byte 4"),
        .init("b64dec", [.string("dGhpcyBpcyBhI@HRlc3Qgc3RyaW5nLg==")], "illegal base64 data at input byte 13"),
        .init("b64dec", [.string("aGVsb?8=")], "illegal base64 data at input byte 5"),
        .init("b32enc", [.string("hello")], "NBSWY3DP"),
        .init("b32enc", [.string("hi")], "NBUQ===="),
        .init("b32dec", [.string("NBUQ====")], "hi"),
        .init("b32dec", [.string("NBSWY3DP")], "hello"),
        .init("b32dec", [.string("NB!Q====")], "illegal base32 data at input byte 2"),
        .init("sha1sum", [.string("hello")], "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d"),
        .init("sha256sum", [.string("hello")], "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"),
        .init("sha256sum", [.string("")], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        .init(
            "sha256sum", [.string(String(repeating: "a", count: 64))],
            "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        .init("adler32sum", [.string("Wikipedia")], "300286872"),
        .init("toJson", [.map(["a": .string("<x>"), "b": .list([.int64(1)])])], #"{"a":"\u003cx\u003e","b":[1]}"#),
        .init("toJson", [.float64(.nan)], ""),
        .init("toPrettyJson", [.map(["a": .int(1)])], "{\n  \"a\": 1\n}"),
        .init("toRawJson", [.string("<x>")], #""<x>""#),
    ]

    @Test(arguments: cases)
    func encodingsMatchGo(_ testCase: SprigCase) {
        #expect(call(testCase.name, testCase.arguments) == testCase.expected)
    }

    @Test func uuidIsVersionFourAndRandom() {
        let first = call("uuidv4", [])
        let characters = Array(first)
        #expect(characters.count == 36)
        #expect(characters[14] == "4")
        #expect("89ab".contains(characters[19]))
        #expect([8, 13, 18, 23].allSatisfy { characters[$0] == "-" })
        #expect(first != call("uuidv4", []))
    }

    @Test func randomStringsUseTheirAlphabet() {
        let numeric = call("randNumeric", [.int(20)])
        let alpha = call("randAlpha", [.int(20)])
        #expect(numeric.count == 20 && numeric.allSatisfy { $0.isNumber })
        #expect(alpha.count == 20 && alpha.allSatisfy { $0.isLetter })
        #expect(call("randAlphaNum", [.int(20)]).count == 20)
        #expect(call("randAscii", [.int(-1)]) == "")
    }
}

@Suite struct SprigCollectionFunctionTests {
    static let cases: [SprigCase] = [
        .init("list", [.int(1), .string("a")], "[1 a]"),
        .init("dict", [.string("a"), .int(1), .string("b")], "map[a:1 b:]"),
        .init("set", [.map(["a": .int(1)]), .string("b"), .int(2)], "map[a:1 b:2]"),
        .init("unset", [.map(["a": .int(1), "b": .int(2)]), .string("a")], "map[b:2]"),
        .init("hasKey", [.map(["a": .nil_]), .string("a")], "true"),
        .init("pluck", [.string("a"), .map(["a": .int(1)]), .map(["b": .int(2)]), .map(["a": .int(3)])], "[1 3]"),
        .init("keys", [.map(["b": .int(1), "a": .int(2)])], "[a b]"),
        .init("pick", [.map(["a": .int(1), "b": .int(2)]), .string("a"), .string("z")], "map[a:1]"),
        .init("omit", [.map(["a": .int(1), "b": .int(2)]), .string("a")], "map[b:2]"),
        .init(
            "merge",
            [
                .map(["a": .string(""), "b": .int(1), "n": .map(["x": .string("")])]),
                .map([
                    "a": .string("A"), "b": .int(2), "c": .int(3), "n": .map(["x": .string("X"), "y": .string("Y")]),
                ]),
            ], "map[a:A b:1 c:3 n:map[x:X y:Y]]"),
        .init(
            "merge", [.map(["a": .bool(false), "b": .nil_]), .map(["a": .bool(true), "b": .int(0)])],
            "map[a:true b:0]"),
        .init(
            "mergeOverwrite",
            [
                .map(["a": .string("1"), "b": .int(2), "c": .int(3)]),
                .map(["a": .string(""), "b": .nil_, "c": .int(4)]),
            ],
            "map[a: b:2 c:4]"),
        .init("first", [.list([])], "<nil>"),
        .init("first", [.list([.int(1), .int(2)])], "1"),
        .init("first", [.nil_], "error: runtime error: invalid memory address or nil pointer dereference"),
        .init("first", [.string("abc")], "error: Cannot find first on type string"),
        .init("last", [.list([.int(1), .int(2)])], "2"),
        .init("rest", [.list([.int(1), .int(2), .int(3)])], "[2 3]"),
        .init("rest", [.list([])], "[]"),
        .init("initial", [.list([.int(1), .int(2), .int(3)])], "[1 2]"),
        .init("append", [.list([.int(1)]), .int(2)], "[1 2]"),
        .init("push", [.list([]), .string("x")], "[x]"),
        .init("append", [.nil_, .int(1)], "error: runtime error: invalid memory address or nil pointer dereference"),
        .init("append", [.map([:]), .int(1)], "error: Cannot push on type map"),
        .init("prepend", [.list([.int(1)]), .int(0)], "[0 1]"),
        .init("reverse", [.list([.int(1), .int(2), .int(3)])], "[3 2 1]"),
        .init("uniq", [.list([.int(1), .int64(1), .int(1), .string("1")])], "[1 1 1]"),
        .init("without", [.list([.int(1), .int(2), .int(3), .int(2)]), .int(2)], "[1 3]"),
        .init("without", [.list([.int64(1), .int64(2)]), .int(1)], "[1 2]"),
        .init("has", [.int(1), .list([.int64(1)])], "false"),
        .init("has", [.int64(1), .list([.int64(1)])], "true"),
        .init("has", [.int(1), .nil_], "error: runtime error: invalid memory address or nil pointer dereference"),
        .init("compact", [.list([.string(""), .int(0), .string("a"), .nil_, .bool(false), .list([])])], "[a]"),
        .init("concat", [.list([.int(1)]), .list([.int(2), .int(3)])], "[1 2 3]"),
        .init("concat", [.string("x")], "error: Cannot concat type string as list"),
        .init("until", [.int(3)], "[0 1 2]"),
        .init("until", [.int(-3)], "[0 -1 -2]"),
        .init("untilStep", [.int(0), .int(10), .int(3)], "[0 3 6 9]"),
        .init("untilStep", [.int(0), .int(10), .int(-1)], "[]"),
        .init("get", [.map(["a": .int(1)]), .string("a")], "1"),
        .init("get", [.map(["a": .int(1)]), .string("z")], ""),
        .init("values", [.map(["b": .int(1), "a": .int(2)])], "[2 1]"),
        .init("deepCopy", [.map(["a": .list([.int(1)])])], "map[a:[1]]"),
    ]

    @Test(arguments: cases)
    func collectionFunctionsBehaveAsSprig(_ testCase: SprigCase) {
        #expect(call(testCase.name, testCase.arguments) == testCase.expected)
    }

    @Test func firstOfEmptyIsNilNotAnEmptyString() throws {
        let result = try FunctionTable.standard["first"]!.body([.list([])], context)
        guard case .nil_ = result else {
            Issue.record("expected nil, got \(result.goTypeName)")
            return
        }
    }
}

@Suite struct SprigNumberAndLogicFunctionTests {
    static let cases: [SprigCase] = [
        .init("add", [.string("2.5"), .int(1)], "1"),
        .init("add", [.int(1), .int64(2), .float64(3.9)], "6"),
        .init("add1", [.int64(5)], "6"),
        .init("sub", [.int(5), .int(3)], "2"),
        .init("mul", [.int(2), .int(3), .int(4)], "24"),
        .init("div", [.int(7), .int(2)], "3"),
        .init("div", [.int(-7), .int(2)], "-3"),
        .init("div", [.int(1), .int(0)], "error: runtime error: integer divide by zero"),
        .init("mod", [.int(7), .int(3)], "1"),
        .init("mod", [.int(7), .int(0)], "error: runtime error: integer divide by zero"),
        .init("max", [.int(1), .int(5), .int(3)], "5"),
        .init("biggest", [.int(1), .string("9")], "9"),
        .init("min", [.int(1), .int(5), .int(-3)], "-3"),
        .init("int", [.string("4.2")], "0"),
        .init("int", [.float64(4.9)], "4"),
        .init("int", [.bool(true)], "1"),
        .init("int64", [.string("0x10")], "0"),
        .init("int64", [.string("42")], "42"),
        .init("float64", [.string("2.5")], "2.5"),
        .init("float64", [.int64(3)], "3"),
        .init("atoi", [.string(" 7")], "0"),
        .init("atoi", [.string("-7")], "-7"),
        .init("toDecimal", [.string("0777")], "511"),
        .init("floor", [.float64(2.5)], "2"),
        .init("ceil", [.string("2.1")], "3"),
        .init("round", [.float64(3.14159), .int(2)], "3.14"),
        .init("round", [.float64(2.5), .int(0)], "3"),
        .init("round", [.float64(2.5), .int(0), .float64(0.6)], "2"),
        .init("default", [.string("x"), .string("")], "x"),
        .init("default", [.string("x"), .string("y")], "y"),
        .init("default", [.string("x")], "x"),
        .init("default", [.string("x"), .int64(0)], "x"),
        .init("default", [.string("x"), .time(.zero)], "0001-01-01 00:00:00 +0000 UTC"),
        .init("empty", [.time(.zero)], "false"),
        .init("empty", [.map([:])], "true"),
        .init("empty", [.nil_], "true"),
        .init("empty", [.float64(0)], "true"),
        .init("empty", [.bytes([])], "true"),
        .init("empty", [.string(" ")], "false"),
        .init("coalesce", [.string(""), .nil_, .int(0)], "<nil>"),
        .init("coalesce", [.string(""), .string("a"), .string("b")], "a"),
        .init("ternary", [.string("a"), .string("b"), .bool(true)], "a"),
        .init("ternary", [.string("a"), .string("b"), .bool(false)], "b"),
        .init("fail", [.string("boom")], "error: boom"),
        .init("required", [.string("need x"), .string("")], "error: need x"),
        .init("required", [.string("need x"), .int(0)], "0"),
        .init("typeOf", [.int64(1)], "int64"),
        .init("typeOf", [.list([])], "[]interface {}"),
        .init("typeIs", [.string("int"), .int(1)], "true"),
        .init(
            "typeIsLike",
            [.string("param.Profile"), .structure(TemplateStruct(typeName: "*param.Profile", fields: []))], "true"),
        .init("kindOf", [.list([])], "slice"),
        .init("kindOf", [.map([:])], "map"),
        .init("kindOf", [.nil_], "invalid"),
        .init("kindOf", [.time(.zero)], "struct"),
        .init("kindIs", [.string("int"), .int(1)], "true"),
        .init("kindIs", [.string("int"), .int64(1)], "false"),
        .init("deepEqual", [.int(1), .int64(1)], "false"),
        .init("deepEqual", [.list([.int(1)]), .list([.int(1)])], "true"),
        .init("deepEqual", [.map(["a": .nil_]), .map(["b": .nil_])], "false"),
        .init("env", [.string("HOME")], ""),
        .init("expandenv", [.string("$HOME")], ""),
        .init("base", [.string("/a/b.txt")], "b.txt"),
        .init("dir", [.string("/a/b.txt")], "/a"),
        .init("ext", [.string("/a/b.tar.gz")], ".gz"),
        .init("clean", [.string("a//b/../c/")], "a/c"),
        .init("isAbs", [.string("a/b")], "false"),
        .init("fromJson", [.string(#"{"a":[1,true,null]}"#)], "map[a:[1 true <nil>]]"),
        .init("fromJson", [.string("{bad")], "<nil>"),
        .init(
            "toYaml", [.map(["a": .int(1), "b": strings("p", "y"), "c": .map(["d": .string("true")])])],
            "a: 1\nb:\n- p\n- \"y\"\nc:\n  d: \"true\""),
        .init("seq", [.int(3)], "1 2 3"),
        .init("seq", [.int(5), .int(-2), .int(1)], "5 3 1"),
    ]

    @Test(arguments: cases)
    func numberAndLogicFunctionsBehaveAsSprig(_ testCase: SprigCase) {
        #expect(call(testCase.name, testCase.arguments) == testCase.expected)
    }

    @Test func arithmeticReturnsInt64AndUntilReturnsInts() {
        #expect(resultType("add", [.int(1)]) == "int64")
        #expect(resultType("int", [.string("3")]) == "int")
        #expect(resultType("atoi", [.string("3")]) == "int")
        guard case .list(let list)? = try? FunctionTable.standard["until"]!.body([.int(2)], context),
            case .int = list[0]
        else {
            Issue.record("until returns []int")
            return
        }
    }
}

@Suite struct SprigDateFunctionTests {
    /// 2024-03-05 12:00:00.005 UTC.
    static let time = TemplateValue.time(GoTime(seconds: 1_709_640_000, nanoseconds: 5_000_000))

    static let cases: [SprigCase] = [
        .init("date", [.string("2006-01-02 15:04"), time], "2024-03-05 12:00"),
        .init("date", [.string("2006-01-02"), .string("2020-01-01")], "2024-01-01"),
        .init("date", [.string("2006-01-02"), .float64(0)], "2024-01-01"),
        .init("date", [.string("2006-01-02"), .nil_], "2024-01-01"),
        .init("date", [.string("2006-01-02"), .int64(0)], "1970-01-01"),
        .init("htmlDate", [.int(86_400)], "1970-01-02"),
        .init("htmlDateInZone", [.int(0), .string("EST")], "1969-12-31"),
        .init("dateInZone", [.string("2006-01-02 15:04 MST"), .int64(0), .string("EST")], "1969-12-31 19:00 EST"),
        .init("dateInZone", [.string("15:04 MST"), .int64(0), .string("Etc/GMT+2")], "22:00 -02"),
        .init("dateInZone", [.string("15:04 MST"), .int64(0), .string("Nowhere/City")], "00:00 UTC"),
        .init("date_in_zone", [.string("15:04 MST"), .int64(0), .string("")], "00:00 UTC"),
        .init("toDate", [.string("2006-01-02"), .string("2024-03-05")], "2024-03-05 00:00:00 +0000 UTC"),
        .init("toDate", [.string("2006-01-02"), .string("garbage")], "0001-01-01 00:00:00 +0000 UTC"),
        .init(
            "toDate", [.string("2006-01-02T15:04:05.000Z07:00"), .string("2024-03-05T12:00:00.123456Z")],
            "0001-01-01 00:00:00 +0000 UTC"),
        .init(
            "toDate", [.string("2006-01-02T15:04:05.999999999Z07:00"), .string("2024-03-05T12:00:00.123456Z")],
            "2024-03-05 12:00:00.123456 +0000 UTC"),
        .init(
            "mustToDate", [.string("2006-01-02"), .string("x")],
            "error: parsing time \"x\" as \"2006-01-02\": cannot parse \"x\" as \"2006\""),
        .init("unixEpoch", [.time(.zero)], "-62135596800"),
        .init("unixEpoch", [time], "1709640000"),
        .init("dateModify", [.string("+1h"), time], "2024-03-05 13:00:00.005 +0000 UTC"),
        .init("dateModify", [.string("-1.5h"), time], "2024-03-05 10:30:00.005 +0000 UTC"),
        .init("dateModify", [.string("+1d"), time], "2024-03-05 12:00:00.005 +0000 UTC"),
        .init("date_modify", [.string("soon"), time], "2024-03-05 12:00:00.005 +0000 UTC"),
        .init("now", [], "2024-01-01 00:00:00 +0000 UTC"),
        .init("ago", [.int64(1_704_067_200 - 90)], "1m30s"),
        .init("ago", [.time(GoTime(seconds: 1_704_067_200 - 3600, nanoseconds: 600_000_000))], "59m59s"),
        .init("ago", [.time(GoTime(seconds: 1_704_067_200 - 3600, nanoseconds: 400_000_000))], "1h0m0s"),
        .init("duration", [.string("95")], "1m35s"),
        .init("duration", [.int64(3600)], "1h0m0s"),
        .init("duration", [.int(60)], "0s"),
        .init("durationRound", [.string("2h10m")], "2h"),
        .init("durationRound", [.string("49h")], "2d"),
        .init("durationRound", [.string("bad")], "0s"),
    ]

    @Test(arguments: cases)
    func dateFunctionsBehaveAsSprig(_ testCase: SprigCase) {
        #expect(call(testCase.name, testCase.arguments) == testCase.expected)
    }

    @Test func localZoneComesFromTheContext() {
        let cet = FunctionContext(now: { now }, localZoneName: "CET", localZoneOffset: 3600)
        #expect(call("date", [.string("15:04 MST"), .int64(0)], in: cet) == "01:00 CET")
        #expect(
            call("toDate", [.string("2006-01-02 15:04"), .string("2024-01-01 12:00")], in: cet)
                == "2024-01-01 12:00:00 +0100 CET")
        #expect(call("now", [], in: cet) == "2024-01-01 01:00:00 +0100 CET")
    }

    @Test func kanisterTimeIdiomRendersTheDay() throws {
        let parsed = try FunctionTable.standard["toDate"]!.body(
            [.string("2006-01-02T15:04:05.999999999Z07:00"), .string("2024-03-05T12:00:00.123456789Z")], context)
        #expect(call("date", [.string("2006-01-02"), parsed]) == "2024-03-05")
    }
}

@Suite struct SprigPrintFunctionTests {
    static let cases: [SprigCase] = [
        .init("print", [.string("a"), .int(1), .int(2)], "a1 2"),
        .init("printf", [.string("%d-%s"), .int(1), .string("x")], "1-x"),
        .init("printf", [.string("%05.1f"), .float64(3.14159)], "003.1"),
        .init("println", [.string("a"), .int(1)], "a 1\n"),
        .init("html", [.string("<a href='x'>&\"")], "&lt;a href=&#39;x&#39;&gt;&amp;&#34;"),
        .init("html", [.string("a"), .int(1)], "a1"),
        .init("js", [.string("it's <b>=\n\"\\")], "it\\'s \\u003Cb\\u003E\\u003D\\u000A\\\"\\\\"),
        .init("urlquery", [.string("a b&c=d/é")], "a+b%26c%3Dd%2F%C3%A9"),
    ]

    @Test(arguments: cases)
    func printFunctionsMatchGoTemplate(_ testCase: SprigCase) {
        #expect(call(testCase.name, testCase.arguments) == testCase.expected)
    }
}

@Suite struct SprigRegistrationTests {
    @Test(arguments: [
        ("repeat", [TemplateFunction.Parameter.int, .string]), ("indent", [.int, .string]),
        ("nindent", [.int, .string]),
        ("trunc", [.int, .string]), ("substr", [.int, .int, .string]), ("abbrev", [.int, .string]),
        ("splitn", [.string, .int, .string]), ("until", [.int]), ("untilStep", [.int, .int, .int]),
        ("randAlphaNum", [.int]), ("round", [.any, .int]), ("dateModify", [.string, .time]), ("unixEpoch", [.time]),
        ("date", [.string, .any]), ("toDate", [.string, .string]), ("set", [.map, .string, .any]),
        ("ternary", [.any, .any, .bool]), ("hasKey", [.map, .string]), ("b64dec", [.string]),
    ])
    func parametersAreDeclaredAsSprigDeclaresThem(_ name: String, _ parameters: [TemplateFunction.Parameter]) throws {
        let function = try #require(FunctionTable.standard[name])
        #expect(function.parameters == parameters)
    }

    @Test func variadicFunctionsTakeAnyValues() throws {
        for name in ["add", "list", "dict", "quote", "cat", "coalesce", "print", "default"] {
            #expect(FunctionTable.standard[name]?.variadic == .any, "\(name)")
        }
    }

    @Test func everyFunctionUsedByUpstreamBlueprintsIsRegistered() {
        for name in ["toString", "toJson", "date", "toDate", "b64dec", "upper", "replace", "quote"] {
            #expect(FunctionTable.standard[name] != nil, "\(name)")
        }
    }

    @Test func regexFunctionsAreNotRegistered() {
        #expect(FunctionTable.sprig["regexMatch"] == nil)
        #expect(FunctionTable.sprig["regexReplaceAll"] == nil)
    }

    @Test func extrasAreRegistered() {
        for name in Sprig.extraNames { #expect(FunctionTable.sprig[name] != nil, "\(name)") }
    }
}
