/// A node of a parsed template's body: text or an action.
///
/// Offsets are byte offsets into the template text, as Go's `parse.Pos`; an `if` with `else if`
/// branches is one node with several branches rather than nested `if`s, so long chains cost no stack.
enum TemplateNode: Sendable {
    case text(String)
    case action(ActionNode)
    case conditional(ConditionalNode)
    case range(RangeNode)
    case template(TemplateCallNode)
    case breakLoop(offset: Int)
    case continueLoop(offset: Int)
}

/// `{{pipeline}}`: prints the pipeline's value unless it declares variables.
struct ActionNode: Sendable {
    var offset: Int
    var pipe: PipeNode
}

/// `{{if}}`/`{{with}}` with its `else if`/`else with` branches and optional `else`.
struct ConditionalNode: Sendable {
    struct Branch: Sendable {
        var pipe: PipeNode
        var body: [TemplateNode]
    }

    /// `with` sets dot to the pipeline's value in its body; `if` does not.
    var isWith: Bool
    var offset: Int
    var branches: [Branch]
    var elseBody: [TemplateNode]?
}

/// `{{range pipeline}} body {{else}} elseBody {{end}}`.
struct RangeNode: Sendable {
    var offset: Int
    var pipe: PipeNode
    var body: [TemplateNode]
    var elseBody: [TemplateNode]?
}

/// `{{template "name" pipeline}}`, and the invocation half of `{{block}}`.
struct TemplateCallNode: Sendable {
    /// The offset of the name, as Go records it.
    var offset: Int
    var name: String
    var pipe: PipeNode?
}

/// Commands joined by `|`, optionally declaring or assigning variables first.
struct PipeNode: Sendable {
    var offset: Int
    var isAssign: Bool
    var declarations: [VariableNode]
    var commands: [CommandNode]
}

/// An operation and its arguments: a function call, a field (maybe with arguments), or a value.
struct CommandNode: Sendable {
    var offset: Int
    var arguments: [ArgumentNode]
}

/// `$`, `$x` or `$x.Field.Chain`.
struct VariableNode: Sendable {
    /// Go's position for errors: the first field's when there are fields, else the variable's.
    var offset: Int
    /// Where the text of the variable starts.
    var start: Int
    var name: String
    var fields: [String]
}

/// `.Field.Chain` on dot.
struct FieldNode: Sendable {
    /// Go's position for errors: the second name's when there are several.
    var offset: Int
    var start: Int
    var names: [String]
}

/// `(pipeline).Field` or `function.Field`.
struct ChainNode: Sendable {
    var offset: Int
    var receiver: ArgumentNode
    var names: [String]
}

/// A function named in a template, resolved when the template is parsed.
struct IdentifierNode: Sendable {
    /// The built-ins the executor runs itself: `and` and `or` short-circuit, `call` needs its callee's text.
    enum Special: Sendable {
        case and, or, call
    }

    var offset: Int
    var name: String
    var function: TemplateFunction
    var special: Special?
}

/// One operand of a command.
indirect enum ArgumentNode: Sendable {
    case field(FieldNode)
    case variable(VariableNode)
    case chain(ChainNode)
    case identifier(IdentifierNode)
    case pipe(PipeNode)
    case dot(offset: Int)
    case nilValue(offset: Int)
    case bool(offset: Int, Bool)
    case number(offset: Int, NumberLiteral)
    /// `quoted` is the literal as written, `value` its unquoted text.
    case string(offset: Int, quoted: String, value: String)

    var offset: Int {
        switch self {
        case .field(let node): return node.offset
        case .variable(let node): return node.offset
        case .chain(let node): return node.offset
        case .identifier(let node): return node.offset
        case .pipe(let node): return node.offset
        case .dot(let offset), .nilValue(let offset), .bool(let offset, _), .number(let offset, _),
            .string(let offset, _, _):
            return offset
        }
    }

    /// The kind Go would report for the node, for matching error positions.
    var kind: NodeKind {
        switch self {
        case .field: return .field
        case .variable: return .variable
        case .chain: return .chain
        case .identifier: return .identifier
        case .pipe: return .pipe
        case .dot: return .dot
        case .nilValue: return .nilValue
        case .bool: return .bool
        case .number: return .number
        case .string: return .string
        }
    }
}

/// Which kind of node an offset refers to; several nodes can start at one offset.
enum NodeKind: Sendable {
    case action, pipe, command, field, variable, chain, identifier, dot, nilValue, bool, number, string
    case template
}
