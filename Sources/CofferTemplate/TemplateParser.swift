/// Builds the nodes of a template from its tokens, following Go's `text/template/parse` step by step.
///
/// The structure mirrors Go's parser (three-token look-ahead included) so the same input fails
/// with the same message on the same line. Nesting is bounded: parenthesised pipelines and control
/// structures each stop at ``maxDepth`` with an error instead of exhausting the stack.
struct TemplateParser {
    /// How deep parentheses, and separately control structures, may nest.
    static let maxDepth = 100

    /// What `textOrAction` found: a node, or the `{{end}}`/`{{else}}` that closes a list.
    private enum Item {
        case node(TemplateNode)
        case end
        case elseClause
    }

    private var lexer: TemplateLexer
    private let name: String
    private let functions: FunctionTable
    // Go's three-token look-ahead buffer, token[0] to token[2].
    private var token0: TemplateToken
    private var token1: TemplateToken
    private var token2: TemplateToken
    private var peekCount = 0
    /// The most recently lexed token: Go reports parse errors on its line.
    private var latest: TemplateToken
    /// Variables declared so far, besides `$`, which is always defined.
    private var variables: [String] = []
    private var rangeDepth = 0
    private var parenDepth = 0
    private var nestingDepth = 0
    /// Where the action being parsed opened, for lexer errors that span lines.
    private var actionStart: Int?
    private(set) var definitions: [String: [TemplateNode]] = [:]

    init(bytes: [UInt8], name: String, functions: FunctionTable) {
        lexer = TemplateLexer(
            input: bytes,
            breakIsKeyword: functions["break"] == nil,
            continueIsKeyword: functions["continue"] == nil)
        self.name = name
        self.functions = functions
        latest = TemplateToken(kind: .eof, start: 0, end: 0)
        (token0, token1, token2) = (latest, latest, latest)
    }

    /// Parses the whole text: the top-level nodes, with `{{define}}`d templates in ``definitions``.
    mutating func parse() throws(TemplateFailure) -> [TemplateNode] {
        var root: [TemplateNode] = []
        while peek().kind != .eof {
            if peek().kind == .leftDelim {
                let delimiter = next()
                if nextNonSpace().kind == .define {
                    try parseDefinition()
                    continue
                }
                backup2(delimiter)
            }
            let first = peek()
            switch try textOrAction() {
            case .node(let node): root.append(node)
            case .end: throw error("unexpected {{end}}", at: first)
            case .elseClause: throw error("unexpected {{else}}", at: first)
            }
        }
        // The top-level template can be called by its name too. A same-named definition must be empty,
        // or be all there is: then, as in Go, it is what the template renders.
        if let definition = definitions[name] {
            if Self.isEmpty(root) { return definition }
            if !Self.isEmpty(definition) {
                throw error("template: multiple definition of template \(GoText.quote(name))")
            }
            definitions[name] = nil
        }
        return root
    }

    // MARK: - Token buffer

    private mutating func lex() -> TemplateToken {
        latest = lexer.next()
        return latest
    }

    private func buffered(_ index: Int) -> TemplateToken {
        switch index {
        case 0: return token0
        case 1: return token1
        default: return token2
        }
    }

    private mutating func next() -> TemplateToken {
        if peekCount > 0 {
            peekCount -= 1
        } else {
            token0 = lex()
        }
        return buffered(peekCount)
    }

    private mutating func backup() { peekCount += 1 }

    private mutating func backup2(_ first: TemplateToken) {
        token1 = first
        peekCount = 2
    }

    private mutating func backup3(_ first: TemplateToken, _ second: TemplateToken) {
        token1 = second
        token2 = first
        peekCount = 3
    }

    private mutating func peek() -> TemplateToken {
        if peekCount > 0 { return buffered(peekCount - 1) }
        peekCount = 1
        token0 = lex()
        return token0
    }

    private mutating func nextNonSpace() -> TemplateToken {
        var token = next()
        while token.kind == .space { token = next() }
        return token
    }

    private mutating func peekNonSpace() -> TemplateToken {
        let token = nextNonSpace()
        backup()
        return token
    }

    private func text(_ token: TemplateToken) -> String { lexer.text(of: token) }

    /// A field token's name, without its dot.
    private func fieldName(_ token: TemplateToken) -> String {
        String(decoding: lexer.input[(token.start + 1)..<token.end], as: UTF8.self)
    }

    // MARK: - Errors

    /// A syntax error on the line of the most recently lexed token, as Go reports it; the column is
    /// the culprit's when it is on that line.
    @inline(never)
    private func error(_ message: String, at culprit: TemplateToken? = nil) -> TemplateFailure {
        var (line, column) = TextPosition.lineAndColumn(of: latest.start, in: lexer.input)
        if let culprit {
            let position = TextPosition.lineAndColumn(of: culprit.start, in: lexer.input)
            if position.line == line { column = position.column }
        }
        return TemplateFailure(
            TemplateError(code: .syntax, message: message, templateName: name, line: line, column: column))
    }

    /// Go's text for a token in messages: `"foo"`, `<end>`, `EOF`.
    private func describe(_ token: TemplateToken) -> String {
        switch token.kind {
        case .eof: return "EOF"
        case .error: return lexer.errorMessage
        case let kind where kind.isKeyword: return "<\(text(token))>"
        default:
            let value = text(token)
            return token.end - token.start > 10 ? GoText.quote(value, limit: 10) + "..." : GoText.quote(value)
        }
    }

    private func unexpected(_ token: TemplateToken, in context: String) -> TemplateFailure {
        guard token.kind == .error else { return error("unexpected \(describe(token)) in \(context)") }
        var extra = ""
        if let actionStart {
            let actionLine = TextPosition.lineAndColumn(of: actionStart, in: lexer.input).line
            let tokenLine = TextPosition.lineAndColumn(of: token.start, in: lexer.input).line
            if actionLine != tokenLine {
                extra = " in action started at \(name):\(actionLine)"
                if lexer.errorMessage.hasSuffix(" action") {
                    extra = String(extra.dropFirst(" in action".count))
                }
            }
        }
        return error(lexer.errorMessage + extra)
    }

    private mutating func expect(
        _ kind: TemplateToken.Kind, _ context: String) throws(TemplateFailure
    ) -> TemplateToken {
        let token = nextNonSpace()
        if token.kind != kind { throw unexpected(token, in: context) }
        return token
    }

    private mutating func enterNesting() throws(TemplateFailure) {
        nestingDepth += 1
        if nestingDepth > Self.maxDepth {
            throw error("exceeded maximum control structure depth (\(Self.maxDepth))")
        }
    }

    // MARK: - Lists and actions

    private mutating func parseDefinition() throws(TemplateFailure) {
        let context = "define clause"
        let token = nextNonSpace()
        guard token.kind == .string || token.kind == .rawString else { throw unexpected(token, in: context) }
        guard let definitionName = GoText.unquote(lexer.input[token.start..<token.end]) else {
            throw error("invalid syntax", at: token)
        }
        _ = try expect(.rightDelim, context)
        let outer = (variables, rangeDepth, parenDepth)
        (variables, rangeDepth, parenDepth) = ([], 0, 0)
        let (body, end) = try itemList()
        if case .elseClause = end { throw error("unexpected {{else}} in \(context)") }
        (variables, rangeDepth, parenDepth) = outer
        try add(definitionName, body)
    }

    /// Records a named template; an empty definition never replaces or clashes with another.
    private mutating func add(_ name: String, _ body: [TemplateNode]) throws(TemplateFailure) {
        if let existing = definitions[name], !Self.isEmpty(existing) {
            if !Self.isEmpty(body) {
                throw error("template: multiple definition of template \(GoText.quote(name))")
            }
            return
        }
        definitions[name] = body
    }

    /// Go's `IsEmptyTree`: nothing but white space.
    private static func isEmpty(_ body: [TemplateNode]) -> Bool {
        body.allSatisfy { node in
            guard case .text(let text) = node else { return false }
            return text.allSatisfy(\.isWhitespace)
        }
    }

    private mutating func itemList() throws(TemplateFailure) -> ([TemplateNode], Item) {
        var list: [TemplateNode] = []
        while peekNonSpace().kind != .eof {
            let item = try textOrAction()
            guard case .node(let node) = item else { return (list, item) }
            list.append(node)
        }
        throw error("unexpected EOF")
    }

    private mutating func textOrAction() throws(TemplateFailure) -> Item {
        let token = nextNonSpace()
        switch token.kind {
        case .text:
            return .node(.text(text(token)))
        case .leftDelim:
            actionStart = token.start
            defer { actionStart = nil }
            return try action()
        default:
            throw unexpected(token, in: "input")
        }
    }

    private mutating func action() throws(TemplateFailure) -> Item {
        let token = nextNonSpace()
        switch token.kind {
        case .block: return .node(try blockControl())
        case .breakKeyword: return .node(try loopControl(token, isBreak: true))
        case .continueKeyword: return .node(try loopControl(token, isBreak: false))
        case .elseKeyword: return try elseControl()
        case .end:
            _ = try expect(.rightDelim, "end")
            return .end
        case .ifKeyword: return .node(try conditionalControl(isWith: false))
        case .range: return .node(try rangeControl())
        case .template: return .node(try templateControl())
        case .with: return .node(try conditionalControl(isWith: true))
        default: break
        }
        backup()
        let first = peek()
        return .node(.action(ActionNode(offset: first.start, pipe: try pipeline("command", end: .rightDelim))))
    }

    private mutating func loopControl(_ keyword: TemplateToken, isBreak: Bool) throws(TemplateFailure) -> TemplateNode {
        let context = isBreak ? "{{break}}" : "{{continue}}"
        let token = nextNonSpace()
        if token.kind != .rightDelim { throw unexpected(token, in: context) }
        if rangeDepth == 0 { throw error("\(context) outside {{range}}") }
        return isBreak ? .breakLoop(offset: keyword.start) : .continueLoop(offset: keyword.start)
    }

    private mutating func elseControl() throws(TemplateFailure) -> Item {
        // "{{else if" and "{{else with" leave the keyword for the enclosing if or with to chain.
        let peeked = peekNonSpace()
        if peeked.kind == .ifKeyword || peeked.kind == .with { return .elseClause }
        _ = try expect(.rightDelim, "else")
        return .elseClause
    }

    private mutating func conditionalControl(isWith: Bool) throws(TemplateFailure) -> TemplateNode {
        let context = isWith ? "with" : "if"
        try enterNesting()
        defer { nestingDepth -= 1 }
        let mark = variables.count
        defer { variables.removeSubrange(mark...) }
        var node = ConditionalNode(isWith: isWith, offset: 0, branches: [], elseBody: nil)
        while true {
            let pipe = try pipeline(context, end: .rightDelim)
            if node.branches.isEmpty { node.offset = pipe.offset }
            let (body, next) = try itemList()
            node.branches.append(ConditionalNode.Branch(pipe: pipe, body: body))
            guard case .elseClause = next else { break }
            if peek().kind == (isWith ? .with : .ifKeyword) {
                _ = self.next()
                continue
            }
            node.elseBody = try elseList()
            break
        }
        return .conditional(node)
    }

    private mutating func rangeControl() throws(TemplateFailure) -> TemplateNode {
        try enterNesting()
        defer { nestingDepth -= 1 }
        let mark = variables.count
        defer { variables.removeSubrange(mark...) }
        let pipe = try pipeline("range", end: .rightDelim)
        rangeDepth += 1
        let (body, next) = try itemList()
        rangeDepth -= 1
        var elseBody: [TemplateNode]?
        if case .elseClause = next { elseBody = try elseList() }
        return .range(RangeNode(offset: pipe.offset, pipe: pipe, body: body, elseBody: elseBody))
    }

    private mutating func elseList() throws(TemplateFailure) -> [TemplateNode] {
        let (list, next) = try itemList()
        switch next {
        case .end: return list
        case .elseClause: throw error("expected end; found {{else}}")
        case .node: preconditionFailure("itemList returns only at {{end}} or {{else}}")
        }
    }

    private mutating func templateControl() throws(TemplateFailure) -> TemplateNode {
        let context = "template clause"
        let token = nextNonSpace()
        let templateName = try parseTemplateName(token, context)
        var pipe: PipeNode?
        if nextNonSpace().kind != .rightDelim {
            backup()
            pipe = try pipeline(context, end: .rightDelim)
        }
        return .template(TemplateCallNode(offset: token.start, name: templateName, pipe: pipe))
    }

    private mutating func blockControl() throws(TemplateFailure) -> TemplateNode {
        let context = "block clause"
        let token = nextNonSpace()
        let blockName = try parseTemplateName(token, context)
        let pipe = try pipeline(context, end: .rightDelim)
        try enterNesting()
        defer { nestingDepth -= 1 }
        // The body is a template of its own: only `$` is defined and no range encloses it.
        let outer = (variables, rangeDepth, parenDepth, actionStart)
        (variables, rangeDepth, parenDepth) = ([], 0, 0)
        let (body, end) = try itemList()
        if case .elseClause = end { throw error("unexpected {{else}} in \(context)") }
        (variables, rangeDepth, parenDepth, actionStart) = outer
        try add(blockName, body)
        return .template(TemplateCallNode(offset: token.start, name: blockName, pipe: pipe))
    }

    private func parseTemplateName(_ token: TemplateToken, _ context: String) throws(TemplateFailure) -> String {
        guard token.kind == .string || token.kind == .rawString else { throw unexpected(token, in: context) }
        guard let value = GoText.unquote(lexer.input[token.start..<token.end]) else {
            throw error("invalid syntax", at: token)
        }
        return value
    }

    // MARK: - Pipelines

    private mutating func pipeline(_ context: String, end: TemplateToken.Kind) throws(TemplateFailure) -> PipeNode {
        var pipe = PipeNode(offset: peekNonSpace().start, isAssign: false, declarations: [], commands: [])
        declarations: while true {
            let variable = peekNonSpace()
            guard variable.kind == .variable else { break }
            _ = next()
            // "$x foo" needs three tokens of look-ahead to tell an argument from a declaration.
            let tokenAfterVariable = peek()
            let following = peekNonSpace()
            if following.kind == .assign || following.kind == .declare {
                pipe.isAssign = following.kind == .assign
                _ = nextNonSpace()
                pipe.declarations.append(declare(variable))
            } else if following.kind == .char && text(following) == "," {
                _ = nextNonSpace()
                pipe.declarations.append(declare(variable))
                if context == "range" && pipe.declarations.count < 2 {
                    switch peekNonSpace().kind {
                    case .variable, .rightDelim, .rightParen: continue declarations
                    default: throw error("range can only initialize variables")
                    }
                }
                throw error("too many declarations in \(context)")
            } else if tokenAfterVariable.kind == .space {
                backup3(variable, tokenAfterVariable)
            } else {
                backup2(variable)
            }
            break
        }
        while true {
            let token = nextNonSpace()
            if token.kind == end {
                try checkPipeline(pipe, context)
                return pipe
            }
            switch token.kind {
            case .bool, .charConstant, .complex, .dot, .field, .identifier, .number, .nilKeyword, .rawString,
                .string, .variable, .leftParen:
                backup()
                pipe.commands.append(try command())
            default:
                throw unexpected(token, in: context)
            }
        }
    }

    private mutating func declare(_ token: TemplateToken) -> VariableNode {
        let name = text(token)
        variables.append(name)
        return VariableNode(offset: token.start, start: token.start, name: name, fields: [])
    }

    private func checkPipeline(_ pipe: PipeNode, _ context: String) throws(TemplateFailure) {
        if pipe.commands.isEmpty { throw error("missing value for \(context)") }
        for (index, command) in pipe.commands.enumerated().dropFirst() {
            switch command.arguments[0] {
            case .bool, .dot, .nilValue, .number, .string:
                throw error("non executable command in pipeline stage \(index + 1)")
            default:
                continue
            }
        }
    }

    private mutating func command() throws(TemplateFailure) -> CommandNode {
        var command = CommandNode(offset: peekNonSpace().start, arguments: [])
        while true {
            _ = peekNonSpace()
            if let operand = try operand() { command.arguments.append(operand) }
            let token = next()
            switch token.kind {
            case .space: continue
            case .rightDelim, .rightParen: backup()
            case .pipe: break
            default: throw unexpected(token, in: "operand")
            }
            break
        }
        if command.arguments.isEmpty { throw error("empty command") }
        return command
    }

    /// A term and the fields that follow it: `.A.B`, `$x.A`, `(pipeline).A`.
    private mutating func operand() throws(TemplateFailure) -> ArgumentNode? {
        guard let node = try term() else { return nil }
        guard peek().kind == .field else { return node }
        let chainOffset = peek().start
        var names: [String]
        switch node {
        case .field(let field): names = field.names
        case .variable(let variable): names = variable.fields
        default: names = []
        }
        names.reserveCapacity(names.count + 4)
        while peek().kind == .field { names.append(fieldName(next())) }
        switch node {
        case .field(let field):
            return .field(FieldNode(offset: chainOffset, start: field.start, names: names))
        case .variable(let variable):
            return .variable(
                VariableNode(offset: chainOffset, start: variable.start, name: variable.name, fields: names))
        case .bool, .string, .number, .nilValue, .dot:
            throw error("unexpected . after term \(GoText.quote(node.description))")
        default:
            return .chain(ChainNode(offset: chainOffset, receiver: node, names: names))
        }
    }

    private mutating func term() throws(TemplateFailure) -> ArgumentNode? {
        let token = nextNonSpace()
        switch token.kind {
        case .identifier:
            let functionName = text(token)
            guard let function = functions[functionName] ?? FunctionTable.goBuiltins[functionName] else {
                throw error("function \(GoText.quote(functionName)) not defined", at: token)
            }
            let special: IdentifierNode.Special? =
                switch functionName {
                case "and": .and
                case "or": .or
                case "call": .call
                default: nil
                }
            return .identifier(
                IdentifierNode(offset: token.start, name: functionName, function: function, special: special))
        case .dot:
            return .dot(offset: token.start)
        case .nilKeyword:
            return .nilValue(offset: token.start)
        case .variable:
            let variableName = text(token)
            guard variableName == "$" || variables.contains(variableName) else {
                throw error("undefined variable \(GoText.quote(variableName))", at: token)
            }
            return .variable(VariableNode(offset: token.start, start: token.start, name: variableName, fields: []))
        case .field:
            return .field(FieldNode(offset: token.start, start: token.start, names: [fieldName(token)]))
        case .bool:
            return .bool(offset: token.start, text(token) == "true")
        case .complex:
            throw error("complex number \(GoText.quote(text(token))) is not supported", at: token)
        case .charConstant, .number:
            do {
                let literal = try NumberLiteral(
                    lexer.input[token.start..<token.end], isCharacter: token.kind == .charConstant)
                return .number(offset: token.start, literal)
            } catch {
                throw self.error(error.message, at: token)
            }
        case .leftParen:
            if parenDepth >= Self.maxDepth { throw error("max expression depth exceeded", at: token) }
            parenDepth += 1
            defer { parenDepth -= 1 }
            return .pipe(try pipeline("parenthesized pipeline", end: .rightParen))
        case .string, .rawString:
            guard let value = GoText.unquote(lexer.input[token.start..<token.end]) else {
                throw error("invalid syntax", at: token)
            }
            return .string(offset: token.start, quoted: text(token), value: value)
        default:
            backup()
            return nil
        }
    }
}

/// Line and column of a byte offset, 1-based, with columns counted in characters as editors show them.
enum TextPosition {
    static func lineAndColumn(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        let end = min(max(offset, 0), bytes.count)
        var line = 1
        var lineStart = 0
        for index in 0..<end where bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        let prefix = bytes[lineStart..<end]
        if prefix.allSatisfy({ $0 < 0x80 }) { return (line, prefix.count + 1) }
        return (line, String(decoding: prefix, as: UTF8.self).count + 1)
    }
}
