// Functions Coffer offers beyond Sprig v2.22 (see `Sprig.extraNames`): Sprig v3's get, fromJson,
// toRawJson, values, mustToDate, durationRound and seq, and Helm's required and toYaml.
// A blueprint using them renders in Coffer but fails to parse in Kanister.

extension Sprig {
    static let extras: [TemplateFunction] = [
        function("get", [.map, .string]) { map($0[0])[string($0[1])] ?? .string("") },
        function("values", [.map]) { arguments in
            let map = map(arguments[0])
            return .list(map.keys.sorted(by: GoString.less).map { map[$0]! })
        },
        function("fromJson", [.string]) { GoJSON.decode(string($0[0])) ?? .nil_ },
        function("toRawJson", [.any]) { .string((try? GoJSON.encode($0[0], escapeHTML: false)) ?? "") },
        throwing("required", [.string, .any]) { arguments in
            switch arguments[1] {
            case .nil_: throw FunctionError(string(arguments[0]))
            case .string(let string) where string.isEmpty: throw FunctionError(Sprig.string(arguments[0]))
            default: return arguments[1]
            }
        },
        function("toYaml", [.any]) { .string(GoYAML.encode($0[0])) },
        function("seq", [], variadic: .int) { .string(sequence($0.map(int))) },
    ]

    /// Sprig v3's `seq`: 1..n, a..b, or a..b by step, as space-separated text.
    private static func sequence(_ parameters: [Int]) -> String {
        func text(_ values: [Int]) -> String { values.map(String.init).joined(separator: " ") }
        switch parameters.count {
        case 1:
            let end = parameters[0]
            let increment = end < 1 ? -1 : 1
            return text(untilStep(start: 1, stop: end + increment, step: increment))
        case 2:
            let (start, end) = (parameters[0], parameters[1])
            let step = end < start ? -1 : 1
            return text(untilStep(start: start, stop: end + step, step: step))
        case 3:
            let (start, step, end) = (parameters[0], parameters[1], parameters[2])
            var increment = 1
            if end < start {
                increment = -1
                if step > 0 { return "" }
            }
            return text(untilStep(start: start, stop: end + increment, step: step))
        default:
            return ""
        }
    }
}
