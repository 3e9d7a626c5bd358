// MARK: - Collecting field references

/// Walks a template's nodes for field chains rooted at the top-level data.
struct FieldReferenceCollector {
    private let bytes: [UInt8]
    private(set) var references: [FieldReference] = []

    init(text: String) {
        bytes = Array(text.utf8)
    }

    /// `dotIsData` says whether dot is still the top-level data at these nodes.
    mutating func visit(_ nodes: [TemplateNode], dotIsData: Bool) {
        for node in nodes {
            switch node {
            case .text, .breakLoop, .continueLoop:
                continue
            case .action(let action):
                visit(action.pipe, dotIsData: dotIsData)
            case .conditional(let conditional):
                for branch in conditional.branches {
                    visit(branch.pipe, dotIsData: dotIsData)
                    visit(branch.body, dotIsData: dotIsData && !conditional.isWith)
                }
                if let elseBody = conditional.elseBody { visit(elseBody, dotIsData: dotIsData) }
            case .range(let range):
                visit(range.pipe, dotIsData: dotIsData)
                visit(range.body, dotIsData: false)
                if let elseBody = range.elseBody { visit(elseBody, dotIsData: dotIsData) }
            case .template(let call):
                if let pipe = call.pipe { visit(pipe, dotIsData: dotIsData) }
            }
        }
    }

    private mutating func visit(_ pipe: PipeNode, dotIsData: Bool) {
        for command in pipe.commands {
            if let index = indexPath(command, dotIsData: dotIsData) {
                record(index.path, at: index.start, listIndices: index.listIndices)
                for argument in command.arguments.dropFirst(2) { visit(argument, dotIsData: dotIsData) }
                continue
            }
            for argument in command.arguments { visit(argument, dotIsData: dotIsData) }
        }
    }

    private mutating func visit(_ argument: ArgumentNode, dotIsData: Bool) {
        switch argument {
        case .field(let field) where dotIsData:
            record(field.names, at: field.start)
        case .variable(let variable) where variable.name == "$" && !variable.fields.isEmpty:
            record(variable.fields, at: variable.start)
        case .chain(let chain):
            // `(index .m "k").Field` continues the index's path.
            if case .pipe(let pipe) = chain.receiver, pipe.commands.count == 1,
                let index = indexPath(pipe.commands[0], dotIsData: dotIsData), index.isComplete
            {
                record(index.path + chain.names, at: index.start, listIndices: index.listIndices)
            } else {
                visit(chain.receiver, dotIsData: dotIsData)
            }
        case .pipe(let pipe):
            visit(pipe, dotIsData: dotIsData)
        default:
            break
        }
    }

    /// What `index <data chain> "a" 0 ...` reads: the chain's path with the leading literal keys.
    private struct IndexPath {
        var path: [String]
        var start: Int
        /// Positions in `path` that came from integer literals: list elements.
        var listIndices: Set<Int> = []
        /// Whether every key is a string literal, so the path is all the command reads.
        var isComplete: Bool
    }

    private func indexPath(_ command: CommandNode, dotIsData: Bool) -> IndexPath? {
        let arguments = command.arguments
        guard arguments.count >= 2, case .identifier(let identifier) = arguments[0], identifier.name == "index",
            let (base, start) = dataPath(arguments[1], dotIsData: dotIsData)
        else { return nil }
        var path = base
        var listIndices: Set<Int> = []
        keys: for argument in arguments.dropFirst(2) {
            switch argument {
            case .string(_, _, let key):
                path.append(key)
            case .number(_, let literal) where literal.isInt && literal.int64 >= 0:
                listIndices.insert(path.count)
                path.append(String(literal.int64))
            default:
                break keys  // a computed key: what follows depends on data
            }
        }
        guard !path.isEmpty else { return nil }
        return IndexPath(
            path: path, start: start, listIndices: listIndices,
            isComplete: path.count - base.count == arguments.count - 2)
    }

    /// The path of an operand that reads the top-level data: `.X.Y`, `.` or `$.X.Y`.
    private func dataPath(_ argument: ArgumentNode, dotIsData: Bool) -> ([String], Int)? {
        switch argument {
        case .field(let field) where dotIsData: return (field.names, field.start)
        case .dot(let offset) where dotIsData: return ([], offset)
        case .variable(let variable) where variable.name == "$": return (variable.fields, variable.start)
        default: return nil
        }
    }

    private mutating func record(_ path: [String], at offset: Int, listIndices: Set<Int> = []) {
        let (line, column) = TextPosition.lineAndColumn(of: offset, in: bytes)
        references.append(FieldReference(path: path, line: line, column: column, listIndices: listIndices))
    }
}
