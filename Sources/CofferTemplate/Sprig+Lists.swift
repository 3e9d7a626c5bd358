// Sprig v2.22's list functions: they take `interface{}` and use reflection, so a non-list fails with
// `Cannot <verb> on type <kind>` and nil with Go's nil-pointer panic; comparisons are `reflect.DeepEqual`.

extension Sprig {
    static let lists: [TemplateFunction] = [
        function("list", [], variadic: .any) { .list($0) },
        function("tuple", [], variadic: .any) { .list($0) },
        throwing("append", [.any, .any]) { try .list(elements($0[0], "Cannot push on type") + [$0[1]]) },
        throwing("push", [.any, .any]) { try .list(elements($0[0], "Cannot push on type") + [$0[1]]) },
        throwing("prepend", [.any, .any]) { try .list([$0[1]] + elements($0[0], "Cannot prepend on type")) },
        throwing("first", [.any]) { try elements($0[0], "Cannot find first on type").first ?? .nil_ },
        throwing("last", [.any]) { try elements($0[0], "Cannot find last on type").last ?? .nil_ },
        throwing("rest", [.any]) { try .list(Array(elements($0[0], "Cannot find rest on type").dropFirst())) },
        throwing("initial", [.any]) { try .list(Array(elements($0[0], "Cannot find initial on type").dropLast())) },
        throwing("reverse", [.any]) { try .list(elements($0[0], "Cannot find reverse on type").reversed()) },
        throwing("compact", [.any]) { try .list(elements($0[0], "Cannot compact on type").filter { !isEmpty($0) }) },
        throwing("uniq", [.any]) { arguments in
            var result: [TemplateValue] = []
            for item in try elements(arguments[0], "Cannot find uniq on type")
            where !result.contains(where: { deepEqual($0, item) }) {
                result.append(item)
            }
            return .list(result)
        },
        throwing("without", [.any], variadic: .any) { arguments in
            let omitted = arguments.dropFirst()
            let kept = try elements(arguments[0], "Cannot find without on type").filter { item in
                !omitted.contains { deepEqual($0, item) }
            }
            return .list(kept)
        },
        throwing("has", [.any, .any]) { arguments in
            .bool(try elements(arguments[1], "Cannot find has on type").contains { deepEqual(arguments[0], $0) })
        },
        throwing("concat", [], variadic: .any) { arguments in
            var result: [TemplateValue] = []
            for list in arguments {
                switch list {
                case .list, .bytes: result += try elements(list, "")
                case .nil_: throw nilDereference
                default: throw FunctionError("Cannot concat type \(kindName(list)) as list")
                }
            }
            return .list(result)
        },
        function("until", [.int]) { arguments in
            let count = int(arguments[0])
            return .list(untilStep(start: 0, stop: count, step: count < 0 ? -1 : 1).map(TemplateValue.int))
        },
        function("untilStep", [.int, .int, .int]) { arguments in
            .list(
                untilStep(start: int(arguments[0]), stop: int(arguments[1]), step: int(arguments[2])).map(
                    TemplateValue.int))
        },
    ]

    /// Sprig's `untilStep`: from `start` towards `stop` (exclusive); an empty list when `step` points away.
    static func untilStep(start: Int, stop: Int, step: Int) -> [Int] {
        var result: [Int] = []
        if stop < start {
            guard step < 0 else { return result }
            var value = start
            while value > stop {
                result.append(value)
                value += step
            }
            return result
        }
        guard step > 0 else { return result }
        var value = start
        while value < stop {
            result.append(value)
            value += step
        }
        return result
    }
}
