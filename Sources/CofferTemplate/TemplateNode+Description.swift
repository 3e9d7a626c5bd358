// MARK: - Go's String() of nodes

// Error messages show nodes as Go prints them (`at <.Foo>`, `can't give argument to non-function $x`):
// normalised, not the source text, so `{{ .a  |  f }}` shows as `.a | f`.

extension PipeNode {
    var description: String {
        var result = ""
        if !declarations.isEmpty {
            result = declarations.map(\.description).joined(separator: ", ")
            result += isAssign ? " = " : " := "
        }
        result += commands.map(\.description).joined(separator: " | ")
        return result
    }
}

extension CommandNode {
    var description: String {
        arguments.map { argument in
            if case .pipe(let pipe) = argument { return "(" + pipe.description + ")" }
            return argument.description
        }.joined(separator: " ")
    }
}

extension VariableNode {
    var description: String { ([name] + fields).joined(separator: ".") }
}

extension ArgumentNode {
    var description: String {
        switch self {
        case .field(let node): return node.names.map { "." + $0 }.joined()
        case .variable(let node): return node.description
        case .chain(let node):
            let receiver: String
            if case .pipe(let pipe) = node.receiver {
                receiver = "(" + pipe.description + ")"
            } else {
                receiver = node.receiver.description
            }
            return receiver + node.names.map { "." + $0 }.joined()
        case .identifier(let node): return node.name
        case .pipe(let node): return node.description
        case .dot: return "."
        case .nilValue: return "nil"
        case .bool(_, let value): return value ? "true" : "false"
        case .number(_, let literal): return literal.text
        case .string(_, let quoted, _): return quoted
        }
    }
}

extension TemplateNode {
    var description: String {
        switch self {
        case .text(let text): return text
        case .action(let node): return "{{" + node.pipe.description + "}}"
        case .conditional(let node):
            let keyword = node.isWith ? "with" : "if"
            var result = ""
            for (index, branch) in node.branches.enumerated() {
                if index > 0 { result += "{{else}}" }
                result += "{{\(keyword) \(branch.pipe.description)}}" + branch.body.description
            }
            if let elseBody = node.elseBody { result += "{{else}}" + elseBody.description }
            return result + String(repeating: "{{end}}", count: node.branches.count)
        case .range(let node):
            var result = "{{range \(node.pipe.description)}}" + node.body.description
            if let elseBody = node.elseBody { result += "{{else}}" + elseBody.description }
            return result + "{{end}}"
        case .template(let node):
            let name = GoText.quote(node.name)
            guard let pipe = node.pipe else { return "{{template \(name)}}" }
            return "{{template \(name) \(pipe.description)}}"
        case .breakLoop: return "{{break}}"
        case .continueLoop: return "{{continue}}"
        }
    }
}

extension [TemplateNode] {
    var description: String { map(\.description).joined() }
}

// MARK: - Finding a node for an error

extension [TemplateNode] {
    /// Go's text of the node of `kind` at `offset`, searching these nodes and everything in them.
    func describeNode(at offset: Int, kind: NodeKind) -> String? {
        for node in self {
            if let found = node.describeNode(at: offset, kind: kind) { return found }
        }
        return nil
    }
}

extension TemplateNode {
    fileprivate func describeNode(at offset: Int, kind: NodeKind) -> String? {
        switch self {
        case .text, .breakLoop, .continueLoop:
            return nil
        case .action(let node):
            if kind == .action && node.offset == offset { return description }
            return node.pipe.describeNode(at: offset, kind: kind)
        case .conditional(let node):
            for branch in node.branches {
                if let found = branch.pipe.describeNode(at: offset, kind: kind) { return found }
                if let found = branch.body.describeNode(at: offset, kind: kind) { return found }
            }
            return node.elseBody?.describeNode(at: offset, kind: kind)
        case .range(let node):
            if let found = node.pipe.describeNode(at: offset, kind: kind) { return found }
            if let found = node.body.describeNode(at: offset, kind: kind) { return found }
            return node.elseBody?.describeNode(at: offset, kind: kind)
        case .template(let node):
            if kind == .template && node.offset == offset { return description }
            return node.pipe?.describeNode(at: offset, kind: kind)
        }
    }
}

extension PipeNode {
    fileprivate func describeNode(at offset: Int, kind: NodeKind) -> String? {
        if kind == .pipe && self.offset == offset { return description }
        for command in commands {
            if kind == .command && command.offset == offset { return command.description }
            for argument in command.arguments {
                if let found = argument.describeNode(at: offset, kind: kind) { return found }
            }
        }
        return nil
    }
}

extension ArgumentNode {
    fileprivate func describeNode(at offset: Int, kind: NodeKind) -> String? {
        if kind == self.kind && self.offset == offset { return description }
        switch self {
        case .pipe(let pipe): return pipe.describeNode(at: offset, kind: kind)
        case .chain(let chain): return chain.receiver.describeNode(at: offset, kind: kind)
        default: return nil
        }
    }
}
