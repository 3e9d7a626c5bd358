import Testing

@testable import CofferTemplate

/// Go `text/template` behaviour, case by case: each expectation is what Go (missingkey=error) does
/// with the template, checked against Go's parse.go, exec.go and funcs.go.
@Suite struct TemplateConformanceTests {
    /// Kanister's template parameters are a struct, not a map; missing fields name its type.
    static let kanisterParams = TemplateValue.structure(
        TemplateStruct(
            typeName: "param.TemplateParams",
            fields: [
                ("StatefulSet", statefulSet),
                ("Options", .map(["kanisterImage": .string("img:1")])),
            ]))

    @Test(arguments: [
        ConformanceCase("plain text", "plain text"),
        ConformanceCase("", ""),
        ConformanceCase("a {{- \"b\" -}} c", "abc"),
        ConformanceCase("a  \n\t{{- \"b\"}}", "ab"),
        ConformanceCase("{{\"b\" -}}  \n c", "bc"),
        ConformanceCase("a {{-3}}", "a -3"),
        ConformanceCase("a {{- 3}}", "a3"),
        ConformanceCase("{{3 -}}\n x", "3x"),
        ConformanceCase("a {{-\t\"b\"}}", "ab"),
        ConformanceCase("{{\"b\"\n-}} c", "bc"),
        ConformanceCase("x{{/* comment */}}y", "xy"),
        ConformanceCase("x {{- /* c */ -}} y", "xy"),
        ConformanceCase("{{/* multi\nline */}}z", "z"),
        ConformanceCase("{{/* c */ .str}}", fails: .syntax, "comment ends before closing delimiter"),
        ConformanceCase("{{/* c", fails: .syntax, "unclosed comment"),
        ConformanceCase("{{ /* c */ }}", fails: .syntax, "unexpected \"/\" in command"),
        ConformanceCase("a}}b", "a}}b"),
    ])
    func textTrimmingAndCommentsBehaveAsInGo(_ testCase: ConformanceCase) { check(testCase) }

    @Test(arguments: [
        ConformanceCase("{{.str}}", "hello"),
        ConformanceCase("{{.nested.inner.leaf}}", "deep"),
        ConformanceCase("{{.StatefulSet.Namespace}}", "prod"),
        ConformanceCase("{{.StatefulSet.Pods}}", "[db-0 db-1]"),
        ConformanceCase("{{.Secrets.creds.Data.password}}", "[104 105]"),
        ConformanceCase("{{index .labels \"app.kubernetes.io/instance\"}}", "pg"),
        ConformanceCase("{{index .labels \"nope\"}}", "<no value>"),
        ConformanceCase("{{.none}}", "<no value>"),
        ConformanceCase(
            "{{.missing}}", fails: .missingKey,
            "template: t:1:3: executing \"t\" at <.missing>: map has no entry for key \"missing\""),
        // Go positions a field chain at its second name.
        ConformanceCase(
            "{{.nested.inner.nope}}", fails: .missingKey,
            "template: t:1:10: executing \"t\" at <.nested.inner.nope>: map has no entry for key \"nope\""),
        ConformanceCase(
            "line1\n  {{.missing}}", fails: .missingKey,
            "template: t:2:5: executing \"t\" at <.missing>: map has no entry for key \"missing\""),
        ConformanceCase(
            "{{.StatefulSet.Nope}}", fails: .missingKey,
            "can't evaluate field Nope in type *param.StatefulSetParams", data: kanisterParams),
        ConformanceCase(
            "{{.Nope}}", fails: .missingKey, "can't evaluate field Nope in type param.TemplateParams",
            data: kanisterParams),
        ConformanceCase("{{.Options.kanisterImage}}", "img:1", data: kanisterParams),
        ConformanceCase("{{.str.x}}", fails: .execution, "can't evaluate field x in type interface {}"),
        ConformanceCase("{{$x := \"s\"}}{{$x.y}}", fails: .execution, "can't evaluate field y in type string"),
        ConformanceCase("{{.none.x}}", fails: .execution, "at <.none.x>: nil pointer evaluating interface {}.x"),
        ConformanceCase("{{(.none).x}}", fails: .missingKey, "nil data; no entry for key \"x\""),
        ConformanceCase("{{.}}", "<no value>", data: .nil_),
        ConformanceCase("{{.x}}", fails: .missingKey, "nil data; no entry for key \"x\"", data: .nil_),
        ConformanceCase("{{.map.a 1}}", fails: .execution, "a is not a method but has arguments"),
        ConformanceCase("{{\"x\" | .str}}", fails: .execution, "str is not a method but has arguments"),
        ConformanceCase(
            "{{.StatefulSet.Name 1}}", fails: .execution, "Name has arguments but cannot be invoked as function",
            data: kanisterParams),
        ConformanceCase("{{(index .items 0).name}}", "x"),
        ConformanceCase("{{(.nested).inner.leaf}}", "deep"),
        ConformanceCase("{{$x := .nested}}{{$x.inner.leaf}}", "deep"),
        ConformanceCase("{{$.str}}", "hello"),
        ConformanceCase("{{.fn}}", fails: .execution, "can't print {{.fn}} of type"),
    ])
    func fieldsAndMapKeysBehaveAsInGo(_ testCase: ConformanceCase) { check(testCase) }

    @Test(arguments: [
        ConformanceCase("{{$x := 1}}{{$x}}", "1"),
        ConformanceCase("{{$x := 1}}{{$x = 2}}{{$x}}", "2"),
        ConformanceCase("{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}", "2"),
        ConformanceCase("{{$x := 1}}{{if true}}{{$x := 2}}{{$x}}{{end}}{{$x}}", "21"),
        ConformanceCase("{{if $x := .str}}{{$x}}{{end}}", "hello"),
        ConformanceCase("{{if $x := .empty}}a{{else}}[{{$x}}]{{end}}", "[]"),
        ConformanceCase("{{with $x := .str}}{{$x}}/{{.}}{{end}}", "hello/hello"),
        ConformanceCase("{{$}}", "top", data: .string("top")),
        ConformanceCase("{{$x}}", fails: .syntax, "template: t:1:3: undefined variable \"$x\""),
        ConformanceCase("{{if true}}{{$x := 1}}{{end}}{{$x}}", fails: .syntax, "undefined variable \"$x\""),
        ConformanceCase("{{$x = 1}}", fails: .execution, "undefined variable: $x"),
        ConformanceCase("{{range $i, $v := .strs}}{{$i}}={{$v}};{{end}}", "0=a;1=b;2=c;"),
        ConformanceCase("{{range $v := .strs}}{{$v}}{{end}}", "abc"),
        ConformanceCase("{{$v := 9}}{{range $v = .strs}}{{end}}{{$v}}", "c"),
        ConformanceCase("{{range $a, $b, $c := .list}}{{end}}", fails: .syntax, "too many declarations in range"),
        ConformanceCase("{{$a, $b := .list}}", fails: .syntax, "too many declarations in command"),
        ConformanceCase("{{range $i, 3 := .list}}{{end}}", fails: .syntax, "range can only initialize variables"),
        ConformanceCase("{{$x := 1 2}}", fails: .execution, "can't give argument to non-function 1"),
        ConformanceCase("{{$x := .str}}{{$x 1}}", fails: .execution, "can't give argument to non-function $x"),
    ])
    func variablesAndScopingBehaveAsInGo(_ testCase: ConformanceCase) { check(testCase) }

    @Test(arguments: [
        ConformanceCase("{{if .yes}}a{{else}}b{{end}}", "a"),
        ConformanceCase("{{if .no}}a{{else}}b{{end}}", "b"),
        ConformanceCase("{{if .zero}}a{{else if .empty}}b{{else if .list}}c{{else}}d{{end}}", "c"),
        ConformanceCase("{{if .zero}}a{{else if .empty}}b{{else}}d{{end}}", "d"),
        ConformanceCase("{{if .none}}t{{else}}f{{end}}", "f"),
        ConformanceCase("{{if .emptyList}}t{{else}}f{{end}}", "f"),
        ConformanceCase("{{if .emptyMap}}t{{else}}f{{end}}", "f"),
        ConformanceCase("{{if \"\"}}t{{else}}f{{end}}", "f"),
        ConformanceCase("{{if 0}}t{{else}}f{{end}}", "f"),
        ConformanceCase("{{if .half}}t{{else}}f{{end}}", "t"),
        ConformanceCase("{{if .time}}t{{else}}f{{end}}", "t"),
        ConformanceCase("{{if .StatefulSet}}t{{else}}f{{end}}", "t"),
        ConformanceCase("{{if .Secrets.creds.Data.password}}t{{else}}f{{end}}", "t"),
        ConformanceCase("{{if}}{{end}}", fails: .syntax, "missing value for if"),
        ConformanceCase("{{if .yes}}a", fails: .syntax, "unexpected EOF"),
        ConformanceCase("{{end}}", fails: .syntax, "unexpected {{end}}"),
        ConformanceCase("{{else}}", fails: .syntax, "unexpected {{else}}"),
        ConformanceCase("{{if .yes}}a{{else}}b{{else}}c{{end}}", fails: .syntax, "expected end; found {{else}}"),
        ConformanceCase("{{if .yes}}a{{else with .str}}b{{end}}", fails: .syntax, "unexpected <with> in input"),
        ConformanceCase("{{if .yes}}{{define \"T\"}}{{end}}{{end}}", fails: .syntax, "unexpected <define> in command"),
        ConformanceCase("{{with .nested}}{{.inner.leaf}}{{end}}", "deep"),
        ConformanceCase("{{with .empty}}a{{else}}b{{end}}", "b"),
        ConformanceCase("{{with .none}}a{{else}}b{{end}}", "b"),
        ConformanceCase("{{with .empty}}a{{else with .str}}{{.}}{{end}}", "hello"),
        ConformanceCase("{{with .empty}}a{{else with .zero}}b{{else}}{{.str}}{{end}}", "hello"),
        ConformanceCase("{{with .nested}}{{with .inner}}{{.leaf}}{{end}}{{end}}", "deep"),
        ConformanceCase("{{with .empty}}a{{else if .yes}}b{{end}}", fails: .syntax, "unexpected <if> in input"),
    ])
    func ifAndWithBehaveAsInGo(_ testCase: ConformanceCase) { check(testCase) }

    @Test(arguments: [
        ConformanceCase("{{range .list}}{{.}},{{end}}", "1,2,3,"),
        ConformanceCase("{{range .map}}{{.}}{{end}}", "123"),
        ConformanceCase("{{range $k, $v := .map}}{{$k}}{{$v}}{{end}}", "a1b2c3"),
        ConformanceCase("{{range .emptyList}}x{{else}}none{{end}}", "none"),
        ConformanceCase("{{range .emptyMap}}x{{else}}none{{end}}", "none"),
        ConformanceCase("{{range .none}}x{{else}}nil{{end}}", "nil"),
        ConformanceCase("{{range 3}}{{.}}{{end}}", "012"),
        ConformanceCase("{{range $i := 3}}{{$i}}{{end}}", "012"),
        ConformanceCase("{{range $v := .i64}}{{$v}}{{end}}", "0123456"),
        ConformanceCase("{{range 1}}{{kind .}}{{end}}", "int"),
        ConformanceCase("{{range .i64}}{{kind .}}{{break}}{{end}}", "int64"),
        ConformanceCase("{{range 0}}x{{else}}empty{{end}}", "empty"),
        ConformanceCase(
            "{{range $i, $v := 3}}{{end}}", fails: .execution, "can't use 3 to iterate over more than one variable"),
        ConformanceCase("{{range .str}}{{end}}", fails: .execution, "range can't iterate over hello"),
        ConformanceCase("{{range .items}}{{if .on}}{{.name}}{{end}}{{end}}", "x"),
        ConformanceCase("{{range .Secrets.creds.Data.password}}{{.}} {{end}}", "104 105 "),
        ConformanceCase("{{range .strs}}{{$.str}}{{end}}", "hellohellohello"),
        ConformanceCase(
            "{{range .holes}}{{if not .}}{{.x}}{{end}}{{end}}", fails: .execution,
            "nil pointer evaluating interface {}.x"),
        ConformanceCase("{{range .list}}{{if eq . 2}}{{break}}{{end}}{{.}}{{end}}", "1"),
        ConformanceCase("{{range .list}}{{if eq . 2}}{{continue}}{{end}}{{.}}{{end}}", "13"),
        ConformanceCase("{{range .list}}{{range $.strs}}{{break}}{{end}}{{.}}{{end}}", "123"),
        // Go's range recovers a break raised in its own else clause, so the outer range goes on.
        ConformanceCase("{{range .list}}{{range $.emptyList}}{{else}}{{break}}{{end}}{{.}}{{end}}", "123"),
        ConformanceCase("{{range .list}}{{range $.emptyList}}{{else}}{{continue}}{{end}}{{.}}{{end}}", ""),
        ConformanceCase("{{range .list}}{{with .}}{{continue}}{{end}}x{{end}}", ""),
        ConformanceCase("{{break}}", fails: .syntax, "{{break}} outside {{range}}"),
        ConformanceCase("{{if .yes}}{{continue}}{{end}}", fails: .syntax, "{{continue}} outside {{range}}"),
        ConformanceCase("{{range .list}}{{else}}{{continue}}{{end}}", fails: .syntax, "{{continue}} outside {{range}}"),
        ConformanceCase("{{range .list}}{{break 1}}{{end}}", fails: .syntax, "unexpected \"1\" in {{break}}"),
    ])
    func rangeLoopsBehaveAsInGo(_ testCase: ConformanceCase) { check(testCase) }

    @Test(arguments: [
        ConformanceCase("{{define \"T\"}}<{{.}}>{{end}}{{template \"T\" .str}}", "<hello>"),
        ConformanceCase("{{template \"T\"}}{{define \"T\"}}[{{.}}]{{end}}", "[<no value>]"),
        ConformanceCase("{{define \"T\"}}{{$}}{{end}}{{template \"T\" 5}}", "5"),
        ConformanceCase("{{block \"B\" .str}}({{.}}){{end}}", "(hello)"),
        ConformanceCase("{{template `T` .nested}}{{define `T`}}{{.inner.leaf}}{{end}}", "deep"),
        ConformanceCase(
            "{{define \"R\"}}{{if .}}{{index . 0}}{{template \"R\" (slice . 1)}}{{end}}{{end}}{{template \"R\" .strs}}",
            "abc"),
        ConformanceCase("{{define \"T\"}}x{{end}}", ""),
        ConformanceCase("{{define \"t\"}}only{{end}}", "only"),
        ConformanceCase("{{template \"nope\"}}", fails: .execution, "template \"nope\" not defined"),
        ConformanceCase(
            "{{template \"nope\" .}}", fails: .execution,
            "template: t:1:12: executing \"t\" at <{{template \"nope\" .}}>: template \"nope\" not defined"),
        ConformanceCase(
            "{{define \"T\"}}a{{end}}{{define \"T\"}}b{{end}}", fails: .syntax,
            "template: multiple definition of template \"T\""),
        ConformanceCase("{{define \"T\"}} {{end}}{{define \"T\"}}b{{end}}{{template \"T\"}}", "b"),
        ConformanceCase("{{$x := 1}}{{block \"B\" .}}{{$x}}{{end}}", fails: .syntax, "undefined variable \"$x\""),
        ConformanceCase("{{define \"T\"}}a{{else}}b{{end}}", fails: .syntax, "unexpected {{else}} in define clause"),
        ConformanceCase("{{template .str}}", fails: .syntax, "unexpected \".str\" in template clause"),
        ConformanceCase(
            "{{template \"T\" .none}}{{define \"T\"}}{{.x}}{{end}}", fails: .missingKey,
            "nil data; no entry for key \"x\""),
    ])
    func defineTemplateAndBlockBehaveAsInGo(_ testCase: ConformanceCase) { check(testCase) }

    @Test(arguments: [
        ConformanceCase("{{.str | upper}}", "HELLO"),
        ConformanceCase("{{\"a\" | pair \"b\"}}", "b+a"),
        ConformanceCase("{{.str | pair \"x\" | upper}}", "X+HELLO"),
        ConformanceCase("{{.str |}}", "hello"),
        ConformanceCase("{{(1)}}", "1"),
        ConformanceCase("{{len (index .items 0)}}", "2"),
        ConformanceCase("{{(.str | upper)}}", "HELLO"),
        ConformanceCase("{{((((.str))))}}", "hello"),
        ConformanceCase("{{upper (pair \"a\" (upper .str))}}", "A+HELLO"),
        ConformanceCase("{{.str | 3}}", fails: .syntax, "non executable command in pipeline stage 2"),
        ConformanceCase("{{| .str}}", fails: .syntax, "unexpected \"|\" in command"),
        ConformanceCase("{{(.str}}", fails: .syntax, "unclosed left paren"),
        ConformanceCase("{{.str)}}", fails: .syntax, "unexpected right paren"),
        ConformanceCase("{{(1) 2}}", fails: .execution, "can't give argument to non-function 1"),
        ConformanceCase("{{.str | upper 1}}", fails: .execution, "wrong number of args for upper: want 1 got 2"),
        ConformanceCase("{{\"x\".y}}", fails: .syntax, "unexpected . after term \"\\\"x\\\"\""),
        ConformanceCase("{{nil}}", fails: .execution, "nil is not a command"),
        ConformanceCase("{{nofunc}}", fails: .syntax, "template: t:1:3: function \"nofunc\" not defined"),
    ])
    func pipelinesAndParenthesesBehaveAsInGo(_ testCase: ConformanceCase) { check(testCase) }

    @Test(arguments: [
        ConformanceCase("{{kind 1}}", "int"),
        ConformanceCase("{{kind 1.5}}", "float64"),
        ConformanceCase("{{kind 1e3}}", "float64"),
        ConformanceCase("{{kind 0x1E}}", "int"),
        ConformanceCase("{{kind 'a'}}", "int"),
        ConformanceCase("{{kind \"s\"}}", "string"),
        ConformanceCase("{{kind true}}", "bool"),
        ConformanceCase("{{kind .i64}}", "int64"),
        ConformanceCase("{{kind .Secrets.creds.Data.password}}", "[]uint8"),
        ConformanceCase("{{kind .list}}", "[]interface {}"),
        ConformanceCase("{{kind .map}}", "map[string]interface {}"),
        ConformanceCase("{{eq 1e3 1000.0}}", "true"),
        ConformanceCase("{{0x1F}}", "31"),
        ConformanceCase("{{0X1f}}", "31"),
        ConformanceCase("{{0o17}}", "15"),
        ConformanceCase("{{017}}", "15"),
        ConformanceCase("{{0b101}}", "5"),
        ConformanceCase("{{1_000}}", "1000"),
        ConformanceCase("{{0x_ff}}", "255"),
        ConformanceCase("{{-3}}", "-3"),
        ConformanceCase("{{+3}}", "3"),
        ConformanceCase("{{'a'}}", "97"),
        ConformanceCase("{{'\\n'}}", "10"),
        ConformanceCase("{{'\\u00e9'}}", "233"),
        ConformanceCase("{{'é'}}", "233"),
        ConformanceCase("{{'\\x41'}}", "65"),
        ConformanceCase("{{'\\101'}}", "65"),
        ConformanceCase("{{\"a\\tb\\u0041\\x41\\\"\"}}", "a\tbAA\""),
        ConformanceCase("{{`raw\\n`}}", "raw\\n"),
        ConformanceCase("{{`two\nlines`}}", "two\nlines"),
        ConformanceCase("{{true}} {{false}}", "true false"),
        ConformanceCase("{{0x}}", fails: .syntax, "illegal number syntax: \"0x\""),
        ConformanceCase("{{1x}}", fails: .syntax, "bad number syntax: \"1x\""),
        ConformanceCase("{{1_}}", fails: .syntax, "illegal number syntax: \"1_\""),
        ConformanceCase("{{99999999999999999999}}", fails: .syntax, "integer overflow: \"99999999999999999999\""),
        ConformanceCase("{{18446744073709551615}}", fails: .execution, "18446744073709551615 overflows int"),
        ConformanceCase("{{'ab'}}", fails: .syntax, "malformed character constant: 'ab'"),
        ConformanceCase("{{''}}", fails: .syntax, "invalid syntax"),
        ConformanceCase("{{'a}}", fails: .syntax, "unterminated character constant"),
        ConformanceCase("{{\"unterminated}}", fails: .syntax, "unterminated quoted string"),
        ConformanceCase("{{`unterminated}}", fails: .syntax, "unterminated raw quoted string"),
        ConformanceCase("{{\"\\q\"}}", fails: .syntax, "template: t:1:3: invalid syntax"),
    ])
    func literalsBehaveAsInGo(_ testCase: ConformanceCase) { check(testCase) }

    @Test(arguments: [
        ConformanceCase("{{addInt 1 2}}", "3"),
        ConformanceCase("{{addInt64 1 2}}", "3"),
        ConformanceCase("{{addInt 3.0 1}}", "4"),
        ConformanceCase("{{addInt .int 1}}", "8"),
        ConformanceCase("{{addInt64 .i64 1}}", "8"),
        ConformanceCase("{{isHalf 0.5}}", "true"),
        ConformanceCase("{{isHalf 1}}", "false"),
        ConformanceCase("{{isHalf .half}}", "true"),
        ConformanceCase("{{addInt 1.5 2}}", fails: .execution, "expected integer; found 1.5"),
        ConformanceCase("{{addInt .i64 1}}", fails: .execution, "wrong type for value; expected int; got int64"),
        ConformanceCase("{{isHalf .i64}}", fails: .execution, "wrong type for value; expected float64; got int64"),
        ConformanceCase("{{.str | addInt 1}}", fails: .execution, "wrong type for value; expected int; got string"),
        ConformanceCase("{{upper 1}}", fails: .execution, "expected string; found 1"),
        ConformanceCase("{{flag 1}}", fails: .execution, "expected bool; found 1"),
        ConformanceCase("{{flag .yes}}", "on"),
        ConformanceCase("{{upper nil}}", fails: .execution, "cannot assign nil to string"),
        ConformanceCase("{{echo nil}}", "<no value>"),
        ConformanceCase("{{size nil}}", "0"),
        ConformanceCase("{{size (null)}}", "0"),
        ConformanceCase(
            "{{size .none}}", fails: .execution, "wrong type for value; expected []interface {}; got interface {}"),
        ConformanceCase("{{upper (null)}}", fails: .execution, "invalid value; expected string"),
        ConformanceCase("{{size 1}}", fails: .execution, "can't handle 1 for arg of type []interface {}"),
        ConformanceCase("{{size .list}}", "3"),
        ConformanceCase("{{keys .map}}", "a,b,c"),
        ConformanceCase("{{count}}", "0"),
        ConformanceCase("{{count 1 \"a\" .none}}", "3"),
        ConformanceCase("{{joined \"-\" \"a\" \"b\"}}", "a-b"),
        ConformanceCase("{{\"b\" | joined \"-\" \"a\"}}", "a-b"),
        ConformanceCase("{{joined}}", fails: .execution, "wrong number of args for joined: want at least 1 got 0"),
        ConformanceCase(
            "{{upper}}", fails: .execution,
            "template: t:1:3: executing \"t\" at <upper>: "
                + "wrong number of args for upper: want 1 got 0"),
        ConformanceCase(
            "{{fail \"bad\"}}", fails: .function,
            "template: t:1:3: executing \"t\" at <fail \"bad\">: error calling fail: bad"),
        ConformanceCase(
            "{{upper (fail \"inner\")}}", fails: .function, "at <fail \"inner\">: error calling fail: inner"),
    ])
    func functionArgumentsBehaveAsInGo(_ testCase: ConformanceCase) { check(testCase) }

    @Test(arguments: [
        ConformanceCase("{{and 1 0 \"x\"}}", "0"),
        ConformanceCase("{{and 1 \"x\"}}", "x"),
        ConformanceCase("{{or 0 \"\" \"y\"}}", "y"),
        ConformanceCase("{{or 0 \"\"}}", ""),
        ConformanceCase("{{or .yes (fail \"no\")}}", "true"),
        ConformanceCase("{{and .no (fail \"no\")}}", "false"),
        ConformanceCase("{{or .yes .missing}}", "true"),
        ConformanceCase("{{and .yes (fail \"boom\")}}", fails: .function, "error calling fail: boom"),
        ConformanceCase("{{and .yes .missing}}", fails: .missingKey, "map has no entry for key \"missing\""),
        ConformanceCase("{{.str | and .yes}}", "hello"),
        ConformanceCase("{{.str | or .no}}", "hello"),
        ConformanceCase("{{and .none 1}}", "<no value>"),
        ConformanceCase("{{and}}", fails: .execution, "wrong number of args for and: want at least 1 got 0"),
        ConformanceCase("{{not .none}}", "true"),
        ConformanceCase("{{not 1}}", "false"),
        ConformanceCase("{{not .emptyList}}", "true"),
        ConformanceCase("{{not 1 2}}", fails: .execution, "wrong number of args for not: want 1 got 2"),
    ])
    func andOrNotBehaveAsInGo(_ testCase: ConformanceCase) { check(testCase) }

    @Test(arguments: [
        ConformanceCase("{{len .str}}", "5"),
        ConformanceCase("{{len \"héllo\"}}", "6"),
        ConformanceCase("{{len .list}}", "3"),
        ConformanceCase("{{len .map}}", "3"),
        ConformanceCase("{{len .Secrets.creds.Data.password}}", "2"),
        ConformanceCase("{{len .i64}}", fails: .function, "error calling len: len of type int64"),
        ConformanceCase("{{len .none}}", fails: .function, "error calling len: len of nil pointer"),
        ConformanceCase("{{index .list 1}}", "2"),
        ConformanceCase("{{index .nested \"inner\" \"leaf\"}}", "deep"),
        ConformanceCase("{{index .items 1 \"name\"}}", "y"),
        ConformanceCase("{{index (index .items 0) \"name\"}}", "x"),
        ConformanceCase("{{index .list}}", "[1 2 3]"),
        ConformanceCase("{{index .str 1}}", "101"),
        ConformanceCase("{{index .list 5}}", fails: .function, "error calling index: index out of range: 5"),
        ConformanceCase(
            "{{index .list 3}}", fails: .function, "error calling index: reflect: slice index out of range"),
        ConformanceCase("{{index .list -1}}", fails: .function, "error calling index: index out of range: -1"),
        ConformanceCase(
            "{{index .str 5}}", fails: .function, "error calling index: reflect: string index out of range"),
        ConformanceCase(
            "{{index .map 1}}", fails: .function, "error calling index: value has type int; should be string"),
        ConformanceCase("{{index .map nil}}", fails: .function, "value is nil; should be of type string"),
        ConformanceCase(
            "{{index .list \"a\"}}", fails: .function, "error calling index: cannot index slice/array with type string"),
        ConformanceCase("{{index .none 1}}", fails: .function, "error calling index: index of untyped nil"),
        ConformanceCase("{{index .i64 1}}", fails: .function, "error calling index: can't index item of type int64"),
        ConformanceCase("{{slice .strs 1}}", "[b c]"),
        ConformanceCase("{{slice .strs 1 2}}", "[b]"),
        ConformanceCase("{{slice .strs}}", "[a b c]"),
        ConformanceCase("{{slice .strs 0 1 2}}", "[a]"),
        ConformanceCase("{{slice .str 1 3}}", "el"),
        ConformanceCase("{{slice .str 1 2 3}}", fails: .function, "error calling slice: cannot 3-index slice a string"),
        ConformanceCase("{{slice .strs 2 1}}", fails: .function, "error calling slice: invalid slice index: 2 > 1"),
        ConformanceCase("{{slice .strs 0 4}}", fails: .function, "error calling slice: index out of range: 4"),
        ConformanceCase("{{slice .strs 1 2 3 4}}", fails: .function, "error calling slice: too many slice indexes: 4"),
        ConformanceCase("{{slice .i64 1}}", fails: .function, "error calling slice: can't slice item of type int64"),
        ConformanceCase("{{slice .none}}", fails: .function, "error calling slice: slice of untyped nil"),
    ])
    func lenIndexSliceBehaveAsInGo(_ testCase: ConformanceCase) { check(testCase) }

    @Test(arguments: [
        ConformanceCase("{{eq .i64 7}}", "true"),
        ConformanceCase("{{eq .int .i64}}", "true"),
        ConformanceCase("{{eq .str \"x\" \"hello\"}}", "true"),
        ConformanceCase("{{eq .str \"x\" \"y\"}}", "false"),
        ConformanceCase("{{eq .none nil}}", "true"),
        ConformanceCase("{{eq .none 1}}", "false"),
        ConformanceCase("{{eq .yes true}}", "true"),
        ConformanceCase("{{eq .half 0.5}}", "true"),
        ConformanceCase("{{eq .time .time}}", "true"),
        ConformanceCase(
            "{{eq 1 1.0}}", fails: .function, "error calling eq: incompatible types for comparison: int and float64"),
        ConformanceCase(
            "{{eq .list 1}}", fails: .function, "incompatible types for comparison: []interface {} and int"),
        ConformanceCase("{{eq .list .list}}", fails: .function, "error calling eq: non-comparable type"),
        ConformanceCase("{{eq 1}}", fails: .function, "error calling eq: missing argument for comparison"),
        ConformanceCase("{{ne .str \"x\"}}", "true"),
        ConformanceCase("{{ne 1 1}}", "false"),
        ConformanceCase("{{ne 1 2 3}}", fails: .execution, "wrong number of args for ne: want 2 got 3"),
        ConformanceCase("{{lt 1 2}}", "true"),
        ConformanceCase("{{lt .i64 10}}", "true"),
        ConformanceCase("{{le 2 2}}", "true"),
        ConformanceCase("{{gt \"b\" \"a\"}}", "true"),
        ConformanceCase("{{ge 1.5 2.5}}", "false"),
        ConformanceCase("{{gt .big .i64}}", "true"),
        ConformanceCase("{{ge .i64 .int}}", "true"),
        ConformanceCase(
            "{{lt 1 1.5}}", fails: .function, "error calling lt: incompatible types for comparison: int and float64"),
        ConformanceCase("{{lt true false}}", fails: .function, "error calling lt: invalid type for comparison"),
        ConformanceCase("{{lt .list 1}}", fails: .function, "error calling lt: invalid type for comparison"),
        ConformanceCase("{{gt .none 1}}", fails: .function, "error calling gt: invalid type for comparison"),
        ConformanceCase("{{call .fn 1 2}}", "3"),
        ConformanceCase("{{call .fn .i64 1}}", "8"),
        ConformanceCase(
            "{{call .fn 1}}", fails: .function, "error calling call: wrong number of args for .fn: got 1 want 2"),
        ConformanceCase("{{call .str}}", fails: .function, "error calling call: non-function .str of type string"),
        ConformanceCase("{{call .none}}", fails: .function, "error calling call: call of nil"),
        ConformanceCase("{{call .failing}}", fails: .function, "error calling call: boom"),
        ConformanceCase(
            "{{call .fn \"a\" 1}}", fails: .function, "error calling call: arg 0: value has type string; should be int"),
    ])
    func comparisonAndCallBehaveAsInGo(_ testCase: ConformanceCase) { check(testCase) }

    @Test(arguments: [
        ConformanceCase("{{.str}", fails: .syntax, "bad character U+007D '}'"),
        ConformanceCase("{{ .str }", fails: .syntax, "unexpected \"}\" in operand"),
        ConformanceCase("{{.str", fails: .syntax, "template: t:1:7: unclosed action"),
        ConformanceCase("{{.str\n\n", fails: .syntax, "template: t:3:1: unclosed action started at t:1"),
        ConformanceCase("{{if .yes}}\n{{else}}\n", fails: .syntax, "template: t:3:1: unexpected EOF"),
        ConformanceCase("{{range .list}}{{end}}{{end}}", fails: .syntax, "unexpected {{end}}"),
        ConformanceCase("{{€}}", fails: .syntax, "unrecognized character in action: U+20AC '€'"),
        ConformanceCase("{{.a-b}}", fails: .syntax, "bad character U+002D '-'"),
        ConformanceCase("{{:}}", fails: .syntax, "expected :="),
        ConformanceCase("{{}}", fails: .syntax, "missing value for command"),
        ConformanceCase("{{end x}}", fails: .syntax, "unexpected \"x\" in end"),
        ConformanceCase("{{if .yes}}{{else x}}{{end}}", fails: .syntax, "unexpected \"x\" in else"),
        ConformanceCase("{{.str := 1}}", fails: .syntax, "unexpected \":=\" in operand"),
        ConformanceCase(
            "{{if .yes}}{{else \"0123456789abc\"}}{{end}}", fails: .syntax,
            "unexpected \"\\\"012345678\"... in else"),
    ])
    func syntaxErrorsBehaveAsInGo(_ testCase: ConformanceCase) { check(testCase) }
}
