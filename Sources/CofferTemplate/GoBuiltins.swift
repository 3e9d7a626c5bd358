extension FunctionTable {
    /// Go `text/template`'s predefined functions that do not format: `and`, `or`, `not`, `len`, `index`,
    /// `slice`, `eq`, `ne`, `lt`, `le`, `gt`, `ge` and `call`.
    ///
    /// The printing built-ins (`print`, `printf`, `println`, `html`, `js`, `urlquery`) live with the
    /// formatting code in ``sprig``. Templates see these functions even when parsed with another table,
    /// as Go's do; `and`, `or` and `call` are run by the executor itself (short-circuiting, and naming
    /// `call`'s callee in errors), so the bodies here serve only direct use.
    public static let goBuiltins = FunctionTable([
        TemplateFunction("and", [.any], variadic: .any) { arguments, _ in
            arguments.first { !$0.isGoTrue } ?? arguments[arguments.count - 1]
        },
        TemplateFunction("or", [.any], variadic: .any) { arguments, _ in
            arguments.first { $0.isGoTrue } ?? arguments[arguments.count - 1]
        },
        TemplateFunction("not", [.any]) { arguments, _ in .bool(!arguments[0].isGoTrue) },
        TemplateFunction("len", [.any]) { arguments, _ in try GoBuiltin.length(arguments[0]) },
        TemplateFunction("index", [.any], variadic: .any) { arguments, _ in
            try GoBuiltin.index(arguments[0], arguments.dropFirst())
        },
        TemplateFunction("slice", [.any], variadic: .any) { arguments, _ in
            try GoBuiltin.slice(arguments[0], arguments.dropFirst())
        },
        TemplateFunction("eq", [.any], variadic: .any) { arguments, _ in
            .bool(try GoBuiltin.equal(arguments[0], arguments.dropFirst()))
        },
        TemplateFunction("ne", [.any, .any]) { arguments, _ in
            .bool(!(try GoBuiltin.equal(arguments[0], arguments.dropFirst())))
        },
        TemplateFunction("lt", [.any, .any]) { arguments, _ in
            .bool(try GoBuiltin.less(arguments[0], arguments[1]))
        },
        TemplateFunction("le", [.any, .any]) { arguments, _ in
            .bool(try GoBuiltin.lessOrEqual(arguments[0], arguments[1]))
        },
        TemplateFunction("gt", [.any, .any]) { arguments, _ in
            .bool(!(try GoBuiltin.lessOrEqual(arguments[0], arguments[1])))
        },
        TemplateFunction("ge", [.any, .any]) { arguments, _ in
            .bool(!(try GoBuiltin.less(arguments[0], arguments[1])))
        },
        TemplateFunction("call", [.any], variadic: .any) { arguments, context in
            try GoBuiltin.call(named: "function", arguments, context: context)
        },
    ])
}

/// The work of Go's built-in template functions, with Go's error messages.
enum GoBuiltin {
    // MARK: - len, index, slice

    static func length(_ item: TemplateValue) throws(FunctionError) -> TemplateValue {
        switch item {
        case .nil_: throw FunctionError("len of nil pointer")
        case .string(let string): return .int(string.utf8.count)
        case .bytes(let bytes): return .int(bytes.count)
        case .list(let list): return .int(list.count)
        case .map(let map): return .int(map.count)
        default: throw FunctionError("len of type \(item.goTypeName)")
        }
    }

    /// `index x 1 2` is `x[1][2]`; a missing map key gives nil, a string's element is its byte.
    static func index(
        _ item: TemplateValue, _ indexes: ArraySlice<TemplateValue>
    ) throws(FunctionError) -> TemplateValue {
        if case .nil_ = item { throw FunctionError("index of untyped nil") }
        var item = item
        for index in indexes {
            switch item {
            case .nil_:
                throw FunctionError("index of nil pointer")
            case .list(let list):
                let position = try indexArgument(index, limit: list.count)
                guard position < list.count else { throw FunctionError("reflect: slice index out of range") }
                item = list[position]
            case .bytes(let bytes):
                let position = try indexArgument(index, limit: bytes.count)
                guard position < bytes.count else { throw FunctionError("reflect: slice index out of range") }
                item = .int(Int(bytes[position]))
            case .string(let string):
                let utf8 = string.utf8
                let position = try indexArgument(index, limit: utf8.count)
                guard position < utf8.count else { throw FunctionError("reflect: string index out of range") }
                item = .int(Int(utf8[utf8.index(utf8.startIndex, offsetBy: position)]))
            case .map(let map):
                switch index {
                case .string(let key): item = map[key] ?? .nil_
                case .nil_: throw FunctionError("value is nil; should be of type string")
                default: throw FunctionError("value has type \(index.goTypeName); should be string")
                }
            default:
                throw FunctionError("can't index item of type \(item.goTypeName)")
            }
        }
        return item
    }

    /// `slice x 1 2` is `x[1:2]`, `slice x 1 2 3` is `x[1:2:3]`; strings are cut at bytes.
    static func slice(
        _ item: TemplateValue, _ indexes: ArraySlice<TemplateValue>
    ) throws(FunctionError) -> TemplateValue {
        if case .nil_ = item { throw FunctionError("slice of untyped nil") }
        if indexes.count > 3 { throw FunctionError("too many slice indexes: \(indexes.count)") }
        let length: Int
        switch item {
        case .string(let string):
            if indexes.count == 3 { throw FunctionError("cannot 3-index slice a string") }
            length = string.utf8.count
        case .list(let list): length = list.count
        case .bytes(let bytes): length = bytes.count
        default: throw FunctionError("can't slice item of type \(item.goTypeName)")
        }
        var bounds = [0, length, length]
        for (position, index) in indexes.enumerated() {
            bounds[position] = try indexArgument(index, limit: length)
        }
        if bounds[0] > bounds[1] { throw FunctionError("invalid slice index: \(bounds[0]) > \(bounds[1])") }
        if indexes.count == 3 && bounds[1] > bounds[2] {
            throw FunctionError("invalid slice index: \(bounds[1]) > \(bounds[2])")
        }
        let range = bounds[0]..<bounds[1]
        switch item {
        case .string(let string): return .string(String(decoding: Array(string.utf8)[range], as: UTF8.self))
        case .list(let list): return .list(Array(list[range]))
        case .bytes(let bytes): return .bytes(Array(bytes[range]))
        default: return item
        }
    }

    /// Go's `indexArg`: an integer from 0 to `limit` inclusive.
    private static func indexArgument(_ index: TemplateValue, limit: Int) throws(FunctionError) -> Int {
        let value: Int64
        switch index {
        case .int(let int): value = Int64(int)
        case .int64(let int): value = int
        case .nil_: throw FunctionError("cannot index slice/array with nil")
        default: throw FunctionError("cannot index slice/array with type \(index.goTypeName)")
        }
        guard value >= 0 && value <= Int64(limit) else { throw FunctionError("index out of range: \(value)") }
        return Int(value)
    }

    // MARK: - Comparison

    private enum BasicKind {
        case bool, int, float, string
    }

    private static func basicKind(_ value: TemplateValue) -> BasicKind? {
        switch value {
        case .bool: return .bool
        case .int, .int64: return .int
        case .float64: return .float
        case .string: return .string
        default: return nil
        }
    }

    private static func integer(_ value: TemplateValue) -> Int64 {
        switch value {
        case .int(let int): return Int64(int)
        case .int64(let int): return int
        default: return 0
        }
    }

    private static func double(_ value: TemplateValue) -> Double {
        if case .float64(let double) = value { return double }
        return 0
    }

    private static func string(_ value: TemplateValue) -> String {
        if case .string(let string) = value { return string }
        return ""
    }

    /// `eq a b c` is `a == b || a == c`. Integers compare by value whatever their size; other kinds
    /// must match, and lists, maps and functions cannot be compared except with nil.
    static func equal(_ first: TemplateValue, _ others: ArraySlice<TemplateValue>) throws(FunctionError) -> Bool {
        if others.isEmpty { throw FunctionError("missing argument for comparison") }
        let firstKind = basicKind(first)
        for other in others {
            let kind = basicKind(other)
            var truth = false
            if firstKind != kind {
                if !first.isNil && !other.isNil {
                    throw FunctionError(
                        "incompatible types for comparison: \(first.goTypeName) and \(other.goTypeName)")
                }
            } else if let kind {
                switch kind {
                case .bool: truth = first.isGoTrue == other.isGoTrue
                case .int: truth = integer(first) == integer(other)
                case .float: truth = double(first) == double(other)
                case .string: truth = string(first).utf8.elementsEqual(string(other).utf8)
                }
            } else {
                let (firstShape, otherShape) = (first.shape, other.shape)
                if firstShape != otherShape && firstShape != .invalid && otherShape != .invalid {
                    throw FunctionError(
                        "non-comparable types \(GoFormat.formatV(first)): \(first.goTypeName), "
                            + "\(other.goTypeName): \(GoFormat.formatV(other))")
                }
                if first.isNil || other.isNil {
                    truth = first.isNil == other.isNil
                } else {
                    guard otherShape == .structure else {
                        throw FunctionError("non-comparable type \(GoFormat.formatV(other)): \(other.goTypeName)")
                    }
                    truth = try interfaceEqual(first, other)
                }
            }
            if truth { return true }
        }
        return false
    }

    /// Go's `==` on two `interface{}` values: different types are unequal, uncomparable ones fail.
    private static func interfaceEqual(_ first: TemplateValue, _ second: TemplateValue) throws(FunctionError) -> Bool {
        guard first.goTypeName == second.goTypeName else { return false }
        switch (first, second) {
        case (.nil_, .nil_): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.int64(let a), .int64(let b)): return a == b
        case (.float64(let a), .float64(let b)): return a == b
        case (.string(let a), .string(let b)): return a.utf8.elementsEqual(b.utf8)
        case (.time(let a), .time(let b)): return a == b
        case (.structure(let a), .structure(let b)):
            guard a.fields.count == b.fields.count else { return false }
            for (left, right) in zip(a.fields, b.fields) where try !interfaceEqual(left.value, right.value) {
                return false
            }
            return true
        default:
            throw FunctionError("runtime error: comparing uncomparable type \(first.goTypeName)")
        }
    }

    /// `lt a b`: both basic and of one kind (any integers together), Booleans excluded.
    static func less(_ first: TemplateValue, _ second: TemplateValue) throws(FunctionError) -> Bool {
        guard let firstKind = basicKind(first), let secondKind = basicKind(second) else {
            throw FunctionError("invalid type for comparison")
        }
        guard firstKind == secondKind else {
            throw FunctionError("incompatible types for comparison: \(first.goTypeName) and \(second.goTypeName)")
        }
        switch firstKind {
        case .bool: throw FunctionError("invalid type for comparison")
        case .int: return integer(first) < integer(second)
        case .float: return double(first) < double(second)
        case .string: return string(first).utf8.lexicographicallyPrecedes(string(second).utf8)
        }
    }

    static func lessOrEqual(_ first: TemplateValue, _ second: TemplateValue) throws(FunctionError) -> Bool {
        if try less(first, second) { return true }
        return try equal(first, [second])
    }

    // MARK: - call

    /// `call fn args...`: arguments convert to the function's parameters as Go's `reflect` would,
    /// integers of either size included.
    static func call(
        named name: String, _ arguments: [TemplateValue], context: FunctionContext
    ) throws -> TemplateValue {
        guard case .function(let function) = arguments[0] else {
            if case .nil_ = arguments[0] { throw FunctionError("call of nil") }
            throw FunctionError("non-function \(name) of type \(arguments[0].goTypeName)")
        }
        let given = arguments.dropFirst()
        let fixed = function.parameters.count
        if function.variadic != nil {
            if given.count < fixed {
                throw FunctionError("wrong number of args for \(name): got \(given.count) want at least \(fixed)")
            }
        } else if given.count != fixed {
            throw FunctionError("wrong number of args for \(name): got \(given.count) want \(fixed)")
        }
        var converted: [TemplateValue] = []
        converted.reserveCapacity(given.count)
        for (position, argument) in given.enumerated() {
            let type = position < fixed ? function.parameters[position] : function.variadic ?? .any
            converted.append(try prepare(argument, as: type, position: position))
        }
        return try function.body(converted, context)
    }

    private static func prepare(
        _ value: TemplateValue, as type: TemplateFunction.Parameter, position: Int
    ) throws(FunctionError) -> TemplateValue {
        switch (value, type) {
        case (.nil_, .any): return .nil_
        case (.nil_, .list): return .list([])
        case (.nil_, .map): return .map([:])
        case (.nil_, _): throw FunctionError("arg \(position): value is nil; should be of type \(type.goName)")
        case (.int(let int), .int64): return .int64(Int64(int))
        case (.int64(let int), .int): return .int(Int(truncatingIfNeeded: int))
        case _ where type.accepts(value): return value
        default:
            throw FunctionError("arg \(position): value has type \(value.goTypeName); should be \(type.goName)")
        }
    }
}

extension TemplateValue {
    /// Whether the value is Go's untyped nil.
    fileprivate var isNil: Bool {
        if case .nil_ = self { return true }
        return false
    }

    /// Go's `reflect.Kind` family, for deciding what `eq` may compare.
    fileprivate enum Shape {
        case invalid, basic, slice, map, structure, function
    }

    fileprivate var shape: Shape {
        switch self {
        case .nil_: return .invalid
        case .bool, .int, .int64, .float64, .string: return .basic
        case .bytes, .list: return .slice
        case .map: return .map
        case .time, .structure: return .structure
        case .function: return .function
        }
    }
}
