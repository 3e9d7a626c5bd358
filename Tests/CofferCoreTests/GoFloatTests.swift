import Testing

@testable import CofferCore

/// Float text matches Go's strconv.FormatFloat(f, fmt, -1, 64) and encoding/json.
@Suite struct GoFloatTests {
    static let shortestG: [(Double, String)] = [
        (0, "0"), (-0.0, "-0"), (1, "1"), (-1, "-1"), (1.5, "1.5"), (0.1, "0.1"), (100, "100"), (123456, "123456"),
        (999999, "999999"), (1e6, "1e+06"), (1_234_567, "1.234567e+06"), (0.0001, "0.0001"), (0.00001, "1e-05"),
        (1e21, "1e+21"), (1e100, "1e+100"), (1.7976931348623157e308, "1.7976931348623157e+308"),
        (.leastNonzeroMagnitude, "5e-324"), (123_456_789, "1.23456789e+08"), (0.000123, "0.000123"),
        (2.5e-5, "2.5e-05"),
    ]

    @Test(arguments: shortestG)
    func gVerbMatchesGo(value: Double, expected: String) {
        #expect(GoFloat.format(value, UInt8(ascii: "g"), precision: -1) == expected)
    }

    static let float32G: [(Double, String)] = [
        (3.14159265358979, "3.1415927"), (0.1, "0.1"), (1e20, "1e+20"), (1e300, "+Inf"), (-1e300, "-Inf"),
        (16_777_217, "1.6777216e+07"),
    ]

    @Test(arguments: float32G)
    func gVerbWithBitSize32RoundsToFloatFirst(value: Double, expected: String) {
        #expect(GoFloat.format(value, UInt8(ascii: "g"), precision: -1, bitSize: 32) == expected)
    }

    static let json: [(Double, String)] = [
        (0, "0"), (-0.0, "-0"), (1, "1"), (1.5, "1.5"), (1e20, "100000000000000000000"), (1e21, "1e+21"),
        (1.2345678901234568e20, "123456789012345680000"), (0.000001, "0.000001"), (1e-7, "1e-7"),
        (1.5e-7, "1.5e-7"), (1e-10, "1e-10"), (-2.5e-8, "-2.5e-8"), (1e-100, "1e-100"), (12.75, "12.75"),
        (.leastNonzeroMagnitude, "5e-324"), (1.7976931348623157e308, "1.7976931348623157e+308"),
    ]

    @Test(arguments: json)
    func jsonFormattingMatchesGoEncodingJSON(value: Double, expected: String) {
        #expect(GoFloat.json(value) == expected)
    }

    @Test func eAndFVerbsKeepEveryShortestDigit() {
        #expect(GoFloat.format(1234.5, UInt8(ascii: "e"), precision: -1) == "1.2345e+03")
        #expect(GoFloat.format(1e-7, UInt8(ascii: "f"), precision: -1) == "0.0000001")
        #expect(GoFloat.format(0, UInt8(ascii: "e"), precision: -1) == "0e+00")
    }

    @Test func nonFiniteValuesUseGoSpelling() {
        #expect(GoFloat.format(.nan, UInt8(ascii: "g"), precision: -1) == "NaN")
        #expect(GoFloat.format(.infinity, UInt8(ascii: "g"), precision: -1) == "+Inf")
        #expect(GoFloat.format(-.infinity, UInt8(ascii: "f"), precision: -1) == "-Inf")
    }
}
