import Testing

@testable import CofferTemplate

/// One `fmt.Sprintf` call and what Go prints for it.
struct SprintfCase: Sendable, CustomTestStringConvertible {
    var format: String
    var arguments: [TemplateValue]
    var expected: String
    var testDescription: String { "\(format) -> \(expected)" }

    init(_ format: String, _ arguments: [TemplateValue], _ expected: String) {
        self.format = format
        self.arguments = arguments
        self.expected = expected
    }
}

@Suite struct GoFormatTests {
    static let integerCases: [SprintfCase] = [
        .init("%d", [.int(42)], "42"),
        .init("%5d|", [.int(42)], "   42|"),
        .init("%-5d|", [.int(42)], "42   |"),
        .init("%05d", [.int(-42)], "-0042"),
        .init("%+d", [.int(5)], "+5"),
        .init("% d", [.int(5)], " 5"),
        .init("%.3d", [.int(7)], "007"),
        .init("%6.3d", [.int(7)], "   007"),
        .init("%.0d", [.int(0)], ""),
        .init("%x", [.int(255)], "ff"),
        .init("%X", [.int(255)], "FF"),
        .init("%#x", [.int(255)], "0xff"),
        .init("%x", [.int(-255)], "-ff"),
        .init("%o", [.int(8)], "10"),
        .init("%#o", [.int(8)], "010"),
        .init("%O", [.int(8)], "0o10"),
        .init("%b", [.int(5)], "101"),
        .init("%#b", [.int(5)], "0b101"),
        .init("%c", [.int(65)], "A"),
        .init("%q", [.int(65)], "'A'"),
        .init("%U", [.int(0x1F600)], "U+1F600"),
        .init("%#U", [.int(65)], "U+0041 'A'"),
        .init("%d", [.int64(Int64.min)], "-9223372036854775808"),
        .init("%v", [.int64(7)], "7"),
    ]

    @Test(arguments: integerCases)
    func integersFormatAsGoDoes(_ testCase: SprintfCase) {
        #expect(GoFormat.sprintf(testCase.format, testCase.arguments) == testCase.expected)
    }

    static let floatCases: [SprintfCase] = [
        .init("%v", [.float64(1e20)], "1e+20"),
        .init("%v", [.float64(1e21)], "1e+21"),
        .init("%v", [.float64(0.000001)], "1e-06"),
        .init("%v", [.float64(0.0001)], "0.0001"),
        .init("%v", [.float64(123456)], "123456"),
        .init("%v", [.float64(1_234_567)], "1.234567e+06"),
        .init("%v", [.float64(18_446_744_073_709_551_616)], "1.8446744073709552e+19"),
        .init("%v", [.float64(0.1 + 0.2)], "0.30000000000000004"),
        .init("%v", [.float64(3)], "3"),
        .init("%v", [.float64(-0.0)], "-0"),
        .init("%v", [.float64(.nan)], "NaN"),
        .init("%v", [.float64(.infinity)], "+Inf"),
        .init("%v", [.float64(-.infinity)], "-Inf"),
        .init("%5.1f", [.float64(.nan)], "  NaN"),
        .init("%f", [.float64(1.5)], "1.500000"),
        .init("%F", [.float64(1.5)], "1.500000"),
        .init("%.2f", [.float64(2.675)], "2.67"),
        .init("%.0f", [.float64(0.5)], "0"),
        .init("%.0f", [.float64(1.5)], "2"),
        .init("%.0f", [.float64(2.5)], "2"),
        .init("%8.3f|", [.float64(3.14159)], "   3.142|"),
        .init("%-8.3f|", [.float64(3.14159)], "3.142   |"),
        .init("%08.3f", [.float64(-3.14159)], "-003.142"),
        .init("%e", [.float64(1234.5678)], "1.234568e+03"),
        .init("%e", [.float64(0)], "0.000000e+00"),
        .init("%E", [.float64(1234.5678)], "1.234568E+03"),
        .init("%+.1e", [.float64(12345)], "+1.2e+04"),
        .init("%g", [.float64(100000)], "100000"),
        .init("%g", [.float64(1e6)], "1e+06"),
        .init("%.3g", [.float64(1234)], "1.23e+03"),
        .init("%.3g", [.float64(1)], "1"),
        .init("%G", [.float64(1e-7)], "1E-07"),
        .init("%#g", [.float64(1)], "1.00000"),
        .init("%x", [.float64(1)], "0x1p+00"),
        .init("%x", [.float64(3)], "0x1.8p+01"),
        .init("%b", [.float64(1)], "4503599627370496p-52"),
        .init("%d", [.float64(1.5)], "%!d(float64=1.5)"),
    ]

    @Test(arguments: floatCases)
    func floatsFormatAsGoDoes(_ testCase: SprintfCase) {
        #expect(GoFormat.sprintf(testCase.format, testCase.arguments) == testCase.expected)
    }

    static let stringCases: [SprintfCase] = [
        .init("%s", [.string("hi")], "hi"),
        .init("%v", [.string("hi")], "hi"),
        .init("%q", [.string("hi\n")], "\"hi\\n\""),
        .init("%+q", [.string("héllo")], "\"h\\u00e9llo\""),
        .init("%q", [.string("héllo")], "\"héllo\""),
        .init("%#q", [.string("hi")], "`hi`"),
        .init("%x", [.string("hi")], "6869"),
        .init("%X", [.string("hi")], "6869"),
        .init("% x", [.string("hi")], "68 69"),
        .init("%#x", [.string("hi")], "0x6869"),
        .init("% #x", [.string("hi")], "0x68 0x69"),
        .init("%.2s", [.string("hello")], "he"),
        .init("%.1s", [.string("éa")], "é"),
        .init("%5s|", [.string("ab")], "   ab|"),
        .init("%-5s|", [.string("ab")], "ab   |"),
        .init("%3s|", [.string("éé")], " éé|"),
        .init("%5t", [.bool(true)], " true"),
        .init("%t", [.bool(false)], "false"),
        .init("%s", [.bytes(Array("hi".utf8))], "hi"),
        .init("%v", [.bytes(Array("hi".utf8))], "[104 105]"),
        .init("%x", [.bytes(Array("hi".utf8))], "6869"),
        .init("%q", [.bytes(Array("hi".utf8))], "\"hi\""),
    ]

    @Test(arguments: stringCases)
    func stringsAndBytesFormatAsGoDoes(_ testCase: SprintfCase) {
        #expect(GoFormat.sprintf(testCase.format, testCase.arguments) == testCase.expected)
    }

    static let errorCases: [SprintfCase] = [
        .init("%d", [.string("hi")], "%!d(string=hi)"),
        .init("hi%d", [], "hi%!d(MISSING)"),
        .init("hi", [.string("guys")], "hi%!(EXTRA string=guys)"),
        .init("%d", [.int(1), .string("a"), .int(2)], "1%!(EXTRA string=a, int=2)"),
        .init("%d", [.int(1), .nil_], "1%!(EXTRA <nil>)"),
        .init("%", [], "%!(NOVERB)"),
        .init("%z", [.int(1)], "%!z(int=1)"),
        .init("%s", [.nil_], "%!s(<nil>)"),
        .init("%d", [.bool(true)], "%!d(bool=true)"),
        .init("%*s", [.float64(4.5), .string("hi")], "%!(BADWIDTH)hi"),
        .init("%.*s", [.float64(4.5), .string("hi")], "%!(BADPREC)hi"),
        .init("%*[2]d", [.int(7)], "%!d(BADINDEX)"),
        .init("%.[2]d", [.int(7)], "%!d(BADINDEX)"),
        .init("%[3]d", [.int(1)], "%!d(BADINDEX)"),
        .init("%5d", [.string("hi")], "%!d(string=   hi)"),
    ]

    @Test(arguments: errorCases)
    func mistakesPrintGoErrorForms(_ testCase: SprintfCase) {
        #expect(GoFormat.sprintf(testCase.format, testCase.arguments) == testCase.expected)
    }

    static let argumentCases: [SprintfCase] = [
        .init("%%", [], "%"),
        .init("%*d", [.int(5), .int(42)], "   42"),
        .init("%-*d|", [.int(5), .int(42)], "42   |"),
        .init("%*d|", [.int(-5), .int(42)], "42   |"),
        .init("%.*f", [.int(2), .float64(3.14159)], "3.14"),
        .init("%[2]d %[1]d", [.int(11), .int(22)], "22 11"),
        .init("%[3]*.[2]*[1]f", [.float64(12), .int(2), .int(6)], " 12.00"),
        .init("%d %d %#[1]x %#x", [.int(16), .int(17)], "16 17 0x10 0x11"),
    ]

    @Test(arguments: argumentCases)
    func widthPrecisionAndIndexesComeFromArguments(_ testCase: SprintfCase) {
        #expect(GoFormat.sprintf(testCase.format, testCase.arguments) == testCase.expected)
    }

    static let structure = TemplateValue.structure(
        TemplateStruct(typeName: "main.T", fields: [("Name", .string("a")), ("Count", .int(1))]))

    static let compositeCases: [SprintfCase] = [
        .init("%v", [.list([.int(1), .string("a"), .nil_])], "[1 a <nil>]"),
        .init("%d", [.list([.string("a")])], "[%!d(string=a)]"),
        .init("%05d", [.list([.int(1), .int(2)])], "[00001 00002]"),
        .init("%q", [.list([.string("a"), .string("b")])], "[\"a\" \"b\"]"),
        .init("%v", [.map(["b": .list([.string("x"), .string("y")]), "a": .int64(1)])], "map[a:1 b:[x y]]"),
        .init("%v", [.map(["B": .int(1), "a": .int(2), "_": .int(3)])], "map[B:1 _:3 a:2]"),
        .init("%v", [structure], "{a 1}"),
        .init("%+v", [structure], "{Name:a Count:1}"),
        .init("%T", [.int64(1)], "int64"),
        .init("%T", [.list([])], "[]interface {}"),
        .init("%T", [.map([:])], "map[string]interface {}"),
        .init("%T", [.bytes([])], "[]uint8"),
        .init("%T", [.nil_], "<nil>"),
        .init("%v", [.nil_], "<nil>"),
        .init(
            "%v", [.time(GoTime(seconds: 1_136_214_245, nanoseconds: 500_000_000))], "2006-01-02 15:04:05.5 +0000 UTC"),
        .init("%s", [.time(.zero)], "0001-01-01 00:00:00 +0000 UTC"),
    ]

    @Test(arguments: compositeCases)
    func compositesFormatEachElementWithTheVerb(_ testCase: SprintfCase) {
        #expect(GoFormat.sprintf(testCase.format, testCase.arguments) == testCase.expected)
    }

    @Test func sprintAddsSpacesOnlyBetweenNonStrings() {
        #expect(GoFormat.sprint([.string("a"), .int(1), .int(2), .string("b")]) == "a1 2b")
        #expect(GoFormat.sprint([.int(1), .string("a")]) == "1a")
        #expect(GoFormat.sprint([.string("a"), .string("b")]) == "ab")
        #expect(GoFormat.sprint([.bytes([1]), .bytes([2])]) == "[1] [2]")
    }

    @Test func sprintlnSeparatesEveryOperandAndEndsWithNewline() {
        #expect(GoFormat.sprintln([.string("a"), .int(1), .string("b")]) == "a 1 b\n")
    }

    @Test func formatVOfFloatUsesShortestDigits() {
        #expect(GoFormat.formatV(.float64(2.5)) == "2.5")
        #expect(GoFormat.formatV(.float64(1e-7)) == "1e-07")
    }
}
