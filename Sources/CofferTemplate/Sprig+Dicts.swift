// Sprig's dict functions over Go `map[string]interface{}`.
//
// Go mutates the map given to `set`, `unset`, `merge` and `mergeOverwrite`; template values here are
// copies, so the functions return the changed map and the caller's variable keeps its old contents.
// Go ranges maps in random order; `keys` and `values` return key order so output is stable.

extension Sprig {
    static let dicts: [TemplateFunction] = [
        function("dict", [], variadic: .any) { arguments in
            var map: [String: TemplateValue] = [:]
            var index = 0
            while index < arguments.count {
                let key = stringValue(arguments[index])
                map[key] = index + 1 < arguments.count ? arguments[index + 1] : .string("")
                index += 2
            }
            return .map(map)
        },
        function("set", [.map, .string, .any]) { arguments in
            var map = map(arguments[0])
            map[string(arguments[1])] = arguments[2]
            return .map(map)
        },
        function("unset", [.map, .string]) { arguments in
            var map = map(arguments[0])
            map[string(arguments[1])] = nil
            return .map(map)
        },
        function("hasKey", [.map, .string]) { .bool(map($0[0])[string($0[1])] != nil) },
        function("pluck", [.string], variadic: .map) { arguments in
            let key = string(arguments[0])
            return .list(arguments.dropFirst().compactMap { map($0)[key] })
        },
        function("keys", [], variadic: .map) { arguments in
            strings(arguments.flatMap { map($0).keys.sorted(by: GoString.less) })
        },
        function("pick", [.map], variadic: .string) { arguments in
            let source = map(arguments[0])
            var result: [String: TemplateValue] = [:]
            for key in arguments.dropFirst().map(string) { result[key] = source[key] }
            return .map(result)
        },
        function("omit", [.map], variadic: .string) { arguments in
            var result = map(arguments[0])
            for key in arguments.dropFirst().map(string) { result[key] = nil }
            return .map(result)
        },
        function("merge", [.map], variadic: .map) { arguments in
            var destination = map(arguments[0])
            for source in arguments.dropFirst() { merge(map(source), into: &destination, overwrite: false) }
            return .map(destination)
        },
        function("mergeOverwrite", [.map], variadic: .map) { arguments in
            var destination = map(arguments[0])
            for source in arguments.dropFirst() { merge(map(source), into: &destination, overwrite: true) }
            return .map(destination)
        },
        function("deepCopy", [.any]) { $0[0] },
    ]

    /// mergo's `Merge` (and `MergeWithOverwrite`) on maps as Sprig calls it.
    ///
    /// A nil source value is skipped. Nested maps merge recursively. Without `overwrite` only a
    /// missing or empty ("", 0, false, nil, empty list or map) destination value is replaced; with it
    /// every value is, except a non-empty destination holding something other than a map where the
    /// source holds a map.
    static func merge(
        _ source: [String: TemplateValue], into destination: inout [String: TemplateValue], overwrite: Bool
    ) {
        for key in source.keys.sorted(by: GoString.less) {
            let sourceValue = source[key]!
            if isNil(sourceValue) { continue }
            let destinationValue = destination[key]
            if case .map(let sourceMap) = sourceValue, case .map(var destinationMap)? = destinationValue,
                !destinationMap.isEmpty
            {
                merge(sourceMap, into: &destinationMap, overwrite: overwrite)
                destination[key] = .map(destinationMap)
                continue
            }
            if let destinationValue, !isEmpty(destinationValue) {
                switch sourceValue {
                case .map: continue
                case .list where !overwrite: continue
                default: if !overwrite { continue }
                }
            }
            destination[key] = sourceValue
        }
    }
}
