/// One run of a parsed template over data, with Go's `text/template` semantics (`missingkey=error`).
///
/// Follows Go's `exec.go` closely, including which node an error is reported at: like Go's
/// `state.at`, every evaluation step records its node, and an error names the last one recorded.
struct TemplateExecution {
    /// How deep bodies and `{{template}}` calls may nest while running. Go allows 100000 template
    /// calls; this bound keeps a release build within a 512 KiB thread stack (as Darwin's dispatch
    /// threads have), so runaway recursion is an error, not a crash.
    static let maxDepth = 300

    /// A value as Go holds it: `isInterface` when it sits in an `interface{}` (a map or list element),
    /// which decides some error messages (`nil pointer evaluating interface {}.X`).
    struct Datum {
        var value: TemplateValue
        var isInterface: Bool
    }

    /// How a body ended: normally, or by `{{break}}`/`{{continue}}` for the enclosing range.
    enum Flow {
        case normal, breakLoop, continueLoop
    }

    private struct Variable {
        var name: String
        var datum: Datum
    }

    private let program: TemplateProgram
    private let context: FunctionContext
    /// Go's `missingkey=default` when false: a missing map key yields a nil interface (`<no value>`).
    private let missingKeyIsError: Bool
    private(set) var output = ""
    /// `$`: the data, or a template call's argument.
    private var dollar = Datum(value: .nil_, isInterface: false)
    /// Variables declared so far, innermost last.
    private var variables: [Variable] = []
    private var depth = 0
    // The node evaluation is at, for error messages: Go's `state.node`.
    private var currentOffset = 0
    private var currentKind = NodeKind.action

    init(program: TemplateProgram, context: FunctionContext, missingKeyIsError: Bool = true) {
        self.program = program
        self.context = context
        self.missingKeyIsError = missingKeyIsError
    }

    mutating func run(_ data: TemplateValue) throws(TemplateFailure) {
        dollar = Datum(value: data, isInterface: false)
        output.reserveCapacity(program.text.utf8.count)
        _ = try walk(program.root, dot: Datum(value: data, isInterface: false))
    }

    // MARK: - Errors

    private mutating func at(_ offset: Int, _ kind: NodeKind) {
        currentOffset = offset
        currentKind = kind
    }

    @inline(never)
    private func fail(_ code: TemplateError.Code, _ message: String) -> TemplateFailure {
        let (line, column) = TextPosition.lineAndColumn(of: currentOffset, in: Array(program.text.utf8))
        var description = program.root.describeNode(at: currentOffset, kind: currentKind)
        for body in program.definitions.values where description == nil {
            description = body.describeNode(at: currentOffset, kind: currentKind)
        }
        return TemplateFailure(
            TemplateError(
                code: code, message: message, templateName: program.name, line: line, column: column,
                context: description ?? ""))
    }

    // MARK: - Walking

    private mutating func walk(_ list: [TemplateNode], dot: Datum) throws(TemplateFailure) -> Flow {
        for node in list {
            switch node {
            case .text(let text):
                output += text
            case .action(let action):
                at(action.offset, .action)
                let value = try evalPipeline(action.pipe, dot: dot)
                if action.pipe.declarations.isEmpty { try printValue(value, of: action) }
            case .conditional(let conditional):
                let flow = try walkConditional(conditional, dot: dot)
                if flow != .normal { return flow }
            case .range(let range):
                let flow = try walkRange(range, dot: dot)
                if flow != .normal { return flow }
            case .template(let call):
                try walkTemplate(call, dot: dot)
            case .breakLoop:
                return .breakLoop
            case .continueLoop:
                return .continueLoop
            }
        }
        return .normal
    }

    private mutating func walkBody(_ body: [TemplateNode], dot: Datum) throws(TemplateFailure) -> Flow {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maxDepth { throw fail(.execution, "exceeded maximum template depth (\(Self.maxDepth))") }
        return try walk(body, dot: dot)
    }

    private mutating func walkConditional(_ node: ConditionalNode, dot: Datum) throws(TemplateFailure) -> Flow {
        let mark = variables.count
        defer { variables.removeSubrange(mark...) }
        for branch in node.branches {
            let value = try evalPipeline(branch.pipe, dot: dot)
            if value.isGoTrue {
                return try walkBody(branch.body, dot: node.isWith ? Datum(value: value, isInterface: false) : dot)
            }
        }
        guard let elseBody = node.elseBody else { return .normal }
        return try walkBody(elseBody, dot: dot)
    }

    private mutating func walkRange(_ node: RangeNode, dot: Datum) throws(TemplateFailure) -> Flow {
        let mark = variables.count
        defer { variables.removeSubrange(mark...) }
        let value = try evalPipeline(node.pipe, dot: dot)
        let bodyMark = variables.count
        switch value {
        case .list(let items) where !items.isEmpty:
            for (index, item) in items.enumerated() {
                let element = Datum(value: item, isInterface: true)
                if try iterate(node, index: .int(index), element: element, mark: bodyMark) == .breakLoop { break }
            }
            return .normal
        case .bytes(let bytes) where !bytes.isEmpty:
            for (index, byte) in bytes.enumerated() {
                let element = Datum(value: .int(Int(byte)), isInterface: false)
                if try iterate(node, index: .int(index), element: element, mark: bodyMark) == .breakLoop { break }
            }
            return .normal
        case .map(let map) where !map.isEmpty:
            for key in map.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                let element = Datum(value: map[key] ?? .nil_, isInterface: true)
                if try iterate(node, index: .string(key), element: element, mark: bodyMark) == .breakLoop { break }
            }
            return .normal
        case .int, .int64:
            if node.pipe.declarations.count > 1 {
                throw fail(
                    .execution, "can't use \(GoFormat.formatV(value)) to iterate over more than one variable")
            }
            let count: Int64
            switch value {
            case .int(let int): count = Int64(int)
            case .int64(let int): count = int
            default: count = 0
            }
            guard count > 0 else { break }
            for index in 0..<count {
                let element: TemplateValue
                if case .int = value { element = .int(Int(index)) } else { element = .int64(index) }
                let datum = Datum(value: element, isInterface: false)
                if try iterate(node, index: .nil_, element: datum, mark: bodyMark) == .breakLoop { break }
            }
            return .normal
        case .list, .bytes, .map, .nil_:
            break
        default:
            throw fail(.execution, "range can't iterate over \(GoFormat.formatV(value))")
        }
        guard let elseBody = node.elseBody else { return .normal }
        // Go's range recovers a break raised in its own else clause, so that break ends nothing;
        // a continue there reaches the enclosing range.
        let flow = try walkBody(elseBody, dot: dot)
        return flow == .breakLoop ? .normal : flow
    }

    /// One pass of a range body: sets the range's variables, runs the body, drops what it declared.
    private mutating func iterate(
        _ node: RangeNode, index: TemplateValue, element: Datum, mark: Int
    ) throws(TemplateFailure) -> Flow {
        let declarations = node.pipe.declarations
        let indexDatum = Datum(value: index, isInterface: false)
        if !declarations.isEmpty {
            if node.pipe.isAssign {
                // With two variables the index comes first; with one, the element.
                try setVariable(declarations[0].name, declarations.count > 1 ? indexDatum : element)
            } else {
                variables[variables.count - 1].datum = element
            }
        }
        if declarations.count > 1 {
            if node.pipe.isAssign {
                try setVariable(declarations[1].name, element)
            } else {
                variables[variables.count - 2].datum = indexDatum
            }
        }
        defer { variables.removeSubrange(mark...) }
        return try walkBody(node.body, dot: element)
    }

    private mutating func walkTemplate(_ node: TemplateCallNode, dot: Datum) throws(TemplateFailure) {
        at(node.offset, .template)
        guard let body = program.definitions[node.name] ?? (node.name == program.name ? program.root : nil) else {
            throw fail(.execution, "template \(GoText.quote(node.name)) not defined")
        }
        if depth >= Self.maxDepth { throw fail(.execution, "exceeded maximum template depth (\(Self.maxDepth))") }
        // Variables the pipeline declares persist; the called template sees only `$`.
        var value = TemplateValue.nil_
        if let pipe = node.pipe { value = try evalPipeline(pipe, dot: dot) }
        let datum = Datum(value: value, isInterface: false)
        let caller = (variables, dollar)
        (variables, dollar) = ([], datum)
        _ = try walkBody(body, dot: datum)
        (variables, dollar) = caller
    }

    private mutating func printValue(_ value: TemplateValue, of action: ActionNode) throws(TemplateFailure) {
        at(action.offset, .action)
        switch value {
        case .nil_: output += "<no value>"
        case .string(let string): output += string
        case .int(let int): output += String(int)
        case .int64(let int): output += String(int)
        case .bool(let bool): output += bool ? "true" : "false"
        case .function:
            throw fail(.execution, "can't print \(TemplateNode.action(action).description) of type func")
        default: output += GoFormat.formatV(value)
        }
    }

    // MARK: - Variables

    private func variable(_ name: String) throws(TemplateFailure) -> Datum {
        for variable in variables.reversed() where variable.name == name { return variable.datum }
        if name == "$" { return dollar }
        throw fail(.execution, "undefined variable: \(name)")
    }

    private mutating func setVariable(_ name: String, _ datum: Datum) throws(TemplateFailure) {
        for index in variables.indices.reversed() where variables[index].name == name {
            variables[index].datum = datum
            return
        }
        if name == "$" {
            dollar = datum
            return
        }
        throw fail(.execution, "undefined variable: \(name)")
    }

    // MARK: - Pipelines and commands

    private mutating func evalPipeline(_ pipe: PipeNode, dot: Datum) throws(TemplateFailure) -> TemplateValue {
        at(pipe.offset, .pipe)
        var value: TemplateValue?
        for command in pipe.commands {
            // The previous command's value is this one's final argument.
            value = try evalCommand(command, dot: dot, final: value)
        }
        let result = value ?? .nil_
        for declaration in pipe.declarations {
            let datum = Datum(value: result, isInterface: false)
            if pipe.isAssign {
                try setVariable(declaration.name, datum)
            } else {
                variables.append(Variable(name: declaration.name, datum: datum))
            }
        }
        return result
    }

    private mutating func evalCommand(
        _ command: CommandNode, dot: Datum, final: TemplateValue?
    ) throws(TemplateFailure) -> TemplateValue {
        let first = command.arguments[0]
        let hasArguments = command.arguments.count > 1 || final != nil
        switch first {
        case .field(let field):
            return try evalField(field, dot: dot, hasArguments: hasArguments).value
        case .chain(let chain):
            return try evalChain(chain, dot: dot, hasArguments: hasArguments).value
        case .identifier(let identifier):
            return try evalFunction(
                identifier, dot: dot, arguments: command.arguments.dropFirst(), final: final,
                callSite: (command.offset, .command))
        case .pipe(let pipe):
            try notAFunction(first, hasArguments: hasArguments)
            return try evalPipeline(pipe, dot: dot)
        case .variable(let variable):
            return try evalVariable(variable, dot: dot, hasArguments: hasArguments).value
        default:
            break
        }
        at(first.offset, first.kind)
        try notAFunction(first, hasArguments: hasArguments)
        switch first {
        case .bool(_, let bool): return .bool(bool)
        case .dot: return dot.value
        case .number(let offset, let literal): return try idealConstant(literal, offset: offset)
        case .string(_, _, let string): return .string(string)
        default: throw fail(.execution, "nil is not a command")
        }
    }

    private func notAFunction(_ node: ArgumentNode, hasArguments: Bool) throws(TemplateFailure) {
        if hasArguments { throw fail(.execution, "can't give argument to non-function \(node.description)") }
    }

    /// A number where nothing says which type it should be: its syntax decides, as in Go.
    private mutating func idealConstant(
        _ literal: NumberLiteral, offset: Int) throws(TemplateFailure
    ) -> TemplateValue {
        at(offset, .number)
        if literal.readsAsFloat { return .float64(literal.float64) }
        if literal.isInt { return .int(Int(literal.int64)) }
        throw fail(.execution, "\(literal.text) overflows int")
    }

    // MARK: - Fields

    private mutating func evalField(
        _ node: FieldNode, dot: Datum, hasArguments: Bool) throws(TemplateFailure
    ) -> Datum {
        at(node.offset, .field)
        return try walkFields(node.names, of: dot, hasArguments: hasArguments)
    }

    private mutating func evalChain(
        _ node: ChainNode, dot: Datum, hasArguments: Bool) throws(TemplateFailure
    ) -> Datum {
        at(node.offset, .chain)
        let receiver: TemplateValue
        switch node.receiver {
        case .pipe(let pipe):
            at(pipe.offset, .pipe)
            receiver = try evalPipeline(pipe, dot: dot)
        case .identifier(let identifier):
            at(identifier.offset, .identifier)
            receiver = try evalFunction(
                identifier, dot: dot, arguments: [], final: nil, callSite: (identifier.offset, .identifier))
        default:
            receiver = try evalArgument(node.receiver, as: .any, dot: dot)
        }
        return try walkFields(node.names, of: Datum(value: receiver, isInterface: false), hasArguments: hasArguments)
    }

    private mutating func evalVariable(
        _ node: VariableNode, dot: Datum, hasArguments: Bool
    ) throws(TemplateFailure) -> Datum {
        at(node.offset, .variable)
        let value = try variable(node.name)
        if node.fields.isEmpty {
            try notAFunction(.variable(node), hasArguments: hasArguments)
            return value
        }
        return try walkFields(node.fields, of: value, hasArguments: hasArguments)
    }

    /// Follows `.A.B.C` from `receiver`; only the last field sees the command's arguments.
    private func walkFields(
        _ names: [String], of receiver: Datum, hasArguments: Bool) throws(TemplateFailure
    ) -> Datum {
        var receiver = receiver
        for (index, name) in names.enumerated() {
            receiver = try field(name, of: receiver, hasArguments: hasArguments && index == names.count - 1)
        }
        return receiver
    }

    private func field(_ name: String, of receiver: Datum, hasArguments: Bool) throws(TemplateFailure) -> Datum {
        switch receiver.value {
        case .map(let map):
            if hasArguments { throw fail(.execution, "\(name) is not a method but has arguments") }
            guard let value = map[name] else {
                guard missingKeyIsError else { return Datum(value: .nil_, isInterface: true) }
                throw fail(.missingKey, "map has no entry for key \(GoText.quote(name))")
            }
            return Datum(value: value, isInterface: true)
        case .structure(let structure):
            guard let value = structure[name] else {
                throw fail(.missingKey, "can't evaluate field \(name) in type \(typeName(of: receiver))")
            }
            if hasArguments { throw fail(.execution, "\(name) has arguments but cannot be invoked as function") }
            // A nil field stands for a nil pointer: Go reports the next step as a nil pointer, not nil data.
            if case .nil_ = value { return Datum(value: value, isInterface: true) }
            return Datum(value: value, isInterface: false)
        case .nil_:
            if receiver.isInterface { throw fail(.execution, "nil pointer evaluating interface {}.\(name)") }
            throw fail(.missingKey, "nil data; no entry for key \(GoText.quote(name))")
        default:
            throw fail(.execution, "can't evaluate field \(name) in type \(typeName(of: receiver))")
        }
    }

    private func typeName(of datum: Datum) -> String {
        datum.isInterface ? "interface {}" : datum.value.goTypeName
    }

    // MARK: - Calls

    private mutating func evalFunction(
        _ identifier: IdentifierNode, dot: Datum, arguments: ArraySlice<ArgumentNode>, final: TemplateValue?,
        callSite: (offset: Int, kind: NodeKind)
    ) throws(TemplateFailure) -> TemplateValue {
        at(identifier.offset, .identifier)
        let function = identifier.function
        let name = identifier.name
        let parameters = function.parameters
        let count = arguments.count + (final == nil ? 0 : 1)
        var fixedCount = arguments.count
        if function.variadic != nil {
            fixedCount = parameters.count
            if count < fixedCount {
                throw fail(
                    .execution,
                    "wrong number of args for \(name): want at least \(parameters.count) got \(arguments.count)")
            }
        } else if count != parameters.count {
            throw fail(.execution, "wrong number of args for \(name): want \(parameters.count) got \(count)")
        }

        if identifier.special == .and || identifier.special == .or {
            // Short-circuit: the first argument that decides is the result.
            let stopsOn = identifier.special == .or
            var value = TemplateValue.nil_
            for argument in arguments {
                value = try evalArgument(argument, as: .any, dot: dot)
                if value.isGoTrue == stopsOn { return value }
            }
            return final ?? value
        }

        var values: [TemplateValue] = []
        values.reserveCapacity(count)
        for (index, argument) in arguments.enumerated() {
            let type = index < fixedCount ? parameters[index] : function.variadic ?? .any
            values.append(try evalArgument(argument, as: type, dot: dot))
        }
        if let final {
            var type = parameters.last ?? .any
            if let variadic = function.variadic { type = count - 1 < fixedCount ? parameters[count - 1] : variadic }
            values.append(try validate(Datum(value: final, isInterface: false), as: type))
        }

        do {
            if identifier.special == .call {
                return try GoBuiltin.call(named: arguments.first?.description ?? "", values, context: context)
            }
            return try function.body(values, context)
        } catch {
            at(callSite.offset, callSite.kind)
            let message = (error as? FunctionError)?.message ?? "\(error)"
            throw fail(.function, "error calling \(name): \(message)")
        }
    }

    /// An argument evaluated for a parameter of `type`, as Go's `evalArg`: literals convert to the
    /// parameter's type, everything else must already have it.
    private mutating func evalArgument(
        _ node: ArgumentNode, as type: TemplateFunction.Parameter, dot: Datum
    ) throws(TemplateFailure) -> TemplateValue {
        at(node.offset, node.kind)
        switch node {
        case .dot:
            return try validate(dot, as: type)
        case .nilValue:
            switch type {
            case .any: return .nil_
            case .list: return .list([])
            case .map: return .map([:])
            default: throw fail(.execution, "cannot assign nil to \(type.goName)")
            }
        case .field(let field):
            return try validate(evalField(field, dot: dot, hasArguments: false), as: type)
        case .variable(let variable):
            return try validate(evalVariable(variable, dot: dot, hasArguments: false), as: type)
        case .pipe(let pipe):
            return try validate(Datum(value: evalPipeline(pipe, dot: dot), isInterface: false), as: type)
        case .identifier(let identifier):
            let value = try evalFunction(
                identifier, dot: dot, arguments: [], final: nil, callSite: (identifier.offset, .identifier))
            return try validate(Datum(value: value, isInterface: false), as: type)
        case .chain(let chain):
            return try validate(evalChain(chain, dot: dot, hasArguments: false), as: type)
        case .bool(_, let bool):
            if type == .bool || type == .any { return .bool(bool) }
        case .number(let offset, let literal):
            switch type {
            case .int where literal.isInt: return .int(Int(literal.int64))
            case .int64 where literal.isInt: return .int64(literal.int64)
            case .float64 where literal.isFloat: return .float64(literal.float64)
            case .any: return try idealConstant(literal, offset: offset)
            default: break
            }
        case .string(_, _, let string):
            if type == .string || type == .any { return .string(string) }
        }
        switch type {
        case .bool: throw fail(.execution, "expected bool; found \(node.description)")
        case .int, .int64: throw fail(.execution, "expected integer; found \(node.description)")
        case .float64: throw fail(.execution, "expected float; found \(node.description)")
        case .string: throw fail(.execution, "expected string; found \(node.description)")
        case .any, .list, .map, .time:
            throw fail(.execution, "can't handle \(node.description) for arg of type \(type.goName)")
        }
    }

    /// Go's `validateType`: the value must already be of the parameter's type; nil fills nillable ones.
    private func validate(
        _ datum: Datum, as type: TemplateFunction.Parameter) throws(TemplateFailure
    ) -> TemplateValue {
        if case .nil_ = datum.value {
            if datum.isInterface {
                if type == .any { return .nil_ }
                throw fail(.execution, "wrong type for value; expected \(type.goName); got interface {}")
            }
            switch type {
            case .any: return .nil_
            case .list: return .list([])
            case .map: return .map([:])
            default: throw fail(.execution, "invalid value; expected \(type.goName)")
            }
        }
        guard type.accepts(datum.value) else {
            throw fail(.execution, "wrong type for value; expected \(type.goName); got \(datum.value.goTypeName)")
        }
        return datum.value
    }
}

/// A parsed template's nodes and text, shared by every copy of a ``Template``.
final class TemplateProgram: Sendable {
    let name: String
    let text: String
    let root: [TemplateNode]
    let definitions: [String: [TemplateNode]]

    init(name: String, text: String, root: [TemplateNode], definitions: [String: [TemplateNode]]) {
        self.name = name
        self.text = text
        self.root = root
        self.definitions = definitions
    }
}

extension TemplateFunction.Parameter {
    /// The Go type's name, as Go's messages spell it.
    var goName: String {
        switch self {
        case .any: return "interface {}"
        case .bool: return "bool"
        case .int: return "int"
        case .int64: return "int64"
        case .float64: return "float64"
        case .string: return "string"
        case .list: return "[]interface {}"
        case .map: return "map[string]interface {}"
        case .time: return "time.Time"
        }
    }

    /// Whether a non-nil value is assignable to the parameter.
    func accepts(_ value: TemplateValue) -> Bool {
        switch (self, value) {
        case (.any, _), (.bool, .bool), (.int, .int), (.int64, .int64), (.float64, .float64), (.string, .string),
            (.list, .list), (.map, .map), (.time, .time):
            return true
        default:
            return false
        }
    }
}

extension TemplateValue {
    /// Go's `isTrue`: false, 0, nil and empty strings, lists and maps are false; structs and times true.
    var isGoTrue: Bool {
        switch self {
        case .nil_: return false
        case .bool(let bool): return bool
        case .int(let int): return int != 0
        case .int64(let int): return int != 0
        case .float64(let double): return double != 0
        case .string(let string): return !string.isEmpty
        case .bytes(let bytes): return !bytes.isEmpty
        case .list(let list): return !list.isEmpty
        case .map(let map): return !map.isEmpty
        case .time, .structure, .function: return true
        }
    }
}
