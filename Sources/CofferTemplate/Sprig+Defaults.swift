// Sprig's defaults, flow control, JSON and reflection functions, plus the disabled environment readers.

extension Sprig {
    static let defaults: [TemplateFunction] = [
        function("default", [.any], variadic: .any) { arguments in
            guard arguments.count > 1, !isEmpty(arguments[1]) else { return arguments[0] }
            return arguments[1]
        },
        function("empty", [.any]) { .bool(isEmpty($0[0])) },
        function("coalesce", [], variadic: .any) { $0.first { !isEmpty($0) } ?? .nil_ },
        function("ternary", [.any, .any, .bool]) { bool($0[2]) ? $0[0] : $0[1] },
        throwing("fail", [.string]) { throw FunctionError(string($0[0])) },
        function("toJson", [.any]) { .string((try? GoJSON.encode($0[0])) ?? "") },
        function("toPrettyJson", [.any]) { .string((try? GoJSON.encode($0[0], indent: "  ")) ?? "") },
        function("typeOf", [.any]) { .string($0[0].goTypeName) },
        function("typeIs", [.string, .any]) { .bool(string($0[0]) == $0[1].goTypeName) },
        function("typeIsLike", [.string, .any]) { arguments in
            let (target, type) = (string(arguments[0]), arguments[1].goTypeName)
            return .bool(target == type || "*" + target == type)
        },
        function("kindOf", [.any]) { .string(kindName($0[0])) },
        function("kindIs", [.string, .any]) { .bool(string($0[0]) == kindName($0[1])) },
        function("deepEqual", [.any, .any]) { .bool(deepEqual($0[0], $0[1])) },
        // Disabled: a blueprint must not read the engine's environment. Both render as "".
        function("env", [.string]) { _ in .string("") },
        function("expandenv", [.string]) { _ in .string("") },
    ]
}
