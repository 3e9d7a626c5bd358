#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// Sprig's integer arithmetic: every operand goes through spf13/cast's ToInt64 (`add "2.5" 1` is 1) and
// wraps on overflow as Go's int64 does; dividing by zero is Go's runtime panic.

extension Sprig {
    static let numbers: [TemplateFunction] = [
        function("atoi", [.string]) { .int(Int(string($0[0])) ?? 0) },
        function("int64", [.any]) { .int64(toInt64($0[0])) },
        function("int", [.any]) { .int(Int(toInt64($0[0]))) },
        function("float64", [.any]) { .float64(toFloat64($0[0])) },
        function("toDecimal", [.any]) { .int64(Int64(GoFormat.sprint([$0[0]]), radix: 8) ?? 0) },
        function("add1", [.any]) { .int64(toInt64($0[0]) &+ 1) },
        function("add", [], variadic: .any) { .int64($0.reduce(Int64(0)) { $0 &+ toInt64($1) }) },
        function("sub", [.any, .any]) { .int64(toInt64($0[0]) &- toInt64($0[1])) },
        function("mul", [.any], variadic: .any) { arguments in
            .int64(arguments.dropFirst().reduce(toInt64(arguments[0])) { $0 &* toInt64($1) })
        },
        throwing("div", [.any, .any]) { arguments in
            let divisor = toInt64(arguments[1])
            if divisor == 0 { throw FunctionError("runtime error: integer divide by zero") }
            return .int64(toInt64(arguments[0]).dividedReportingOverflow(by: divisor).partialValue)
        },
        throwing("mod", [.any, .any]) { arguments in
            let divisor = toInt64(arguments[1])
            if divisor == 0 { throw FunctionError("runtime error: integer divide by zero") }
            return .int64(toInt64(arguments[0]).remainderReportingOverflow(dividingBy: divisor).partialValue)
        },
        function("biggest", [.any], variadic: .any) { .int64($0.map(toInt64).max()!) },
        function("max", [.any], variadic: .any) { .int64($0.map(toInt64).max()!) },
        function("min", [.any], variadic: .any) { .int64($0.map(toInt64).min()!) },
        function("floor", [.any]) { .float64(toFloat64($0[0]).rounded(.down)) },
        function("ceil", [.any]) { .float64(toFloat64($0[0]).rounded(.up)) },
        function("round", [.any, .int], variadic: .float64) { arguments in
            var roundOn = 0.5
            if arguments.count > 2, case .float64(let given) = arguments[2] { roundOn = given }
            let power = pow(10, Double(int(arguments[1])))
            let scaled = power * toFloat64(arguments[0])
            let fraction = scaled - scaled.rounded(.towardZero)
            let rounded = fraction >= roundOn ? scaled.rounded(.up) : scaled.rounded(.down)
            return .float64(rounded / power)
        },
    ]
}
