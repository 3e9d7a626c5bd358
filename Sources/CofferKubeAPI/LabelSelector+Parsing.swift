/// The recursive-descent parser behind ``LabelSelector/init(parsing:)``, after apimachinery's `labels.Parse`.
struct LabelSelectorParser {
    enum Token: Equatable {
        case identifier(String)
        case doesNotExist, equals, doubleEquals, notEquals, greaterThan, lessThan
        case `in`, notIn, openParen, closeParen, comma, end
    }

    var tokens: [Token] = []
    var position = 0
    let text: String

    init(text: String) { self.text = text }

    mutating func parse() throws(KubeStatus) -> [LabelSelector.Requirement] {
        tokens = try Self.lex(text)
        var requirements: [LabelSelector.Requirement] = []
        if tokens == [.end] { return [] }
        while true {
            requirements.append(try requirement())
            switch next() {
            case .end: return requirements
            case .comma:
                if peek() == .end { throw fail("found '', expected: identifier after ','") }
            case let token: throw fail("found '\(Self.spell(token))', expected: ',' or 'end of string'")
            }
        }
    }

    mutating func requirement() throws(KubeStatus) -> LabelSelector.Requirement {
        if peek() == .doesNotExist {
            position += 1
            guard case .identifier(let key) = next() else {
                throw fail("found '\(Self.spell(tokens[position - 1]))', expected: identifier")
            }
            try Self.validateKey(key)
            return LabelSelector.Requirement(key: key, op: .doesNotExist)
        }
        guard case .identifier(let key) = next() else {
            throw fail("found '\(Self.spell(tokens[position - 1]))', expected: !, identifier, or 'end of string'")
        }
        try Self.validateKey(key)
        let op: LabelSelector.Operator
        switch peek() {
        case .comma, .end: return LabelSelector.Requirement(key: key, op: .exists)
        case .equals: op = .equals
        case .doubleEquals: op = .doubleEquals
        case .notEquals: op = .notEquals
        case .greaterThan: op = .greaterThan
        case .lessThan: op = .lessThan
        case .in: op = .in
        case .notIn: op = .notIn
        case let token:
            throw fail("found '\(Self.spell(token))', expected: in, notin, =, ==, !=, gt, lt")
        }
        position += 1
        var values: [String] = []
        if op == .in || op == .notIn {
            guard next() == .openParen else { throw fail("found '\(Self.spell(tokens[position - 1]))', expected: '('") }
            var expectValue = true
            loop: while true {
                switch next() {
                case .identifier(let value) where expectValue:
                    values.append(value)
                    expectValue = false
                case .comma:
                    if expectValue { values.append("") }
                    expectValue = true
                case .closeParen:
                    if expectValue { values.append("") }
                    break loop
                case let token: throw fail("found '\(Self.spell(token))', expected: ',', ')' or identifier")
                }
            }
        } else {
            switch peek() {
            case .identifier(let value):
                position += 1
                values = [value]
            case .comma, .end: values = [""]
            case let token: throw fail("found '\(Self.spell(token))', expected: identifier")
            }
            if op == .greaterThan || op == .lessThan, Int64(values[0]) == nil {
                throw fail("for 'Gt', 'Lt' operators, the value must be an integer")
            }
        }
        for value in values { try Self.validateValue(value) }
        return LabelSelector.Requirement(key: key, op: op, values: values)
    }

    mutating func next() -> Token {
        let token = tokens[min(position, tokens.count - 1)]
        position += 1
        return token
    }

    func peek() -> Token { tokens[min(position, tokens.count - 1)] }

    func fail(_ detail: String) -> KubeStatus {
        .badRequest("unable to parse requirement: \(detail)")
    }

    static func spell(_ token: Token) -> String {
        switch token {
        case .identifier(let text): return text
        case .doesNotExist: return "!"
        case .equals: return "="
        case .doubleEquals: return "=="
        case .notEquals: return "!="
        case .greaterThan: return ">"
        case .lessThan: return "<"
        case .in: return "in"
        case .notIn: return "notin"
        case .openParen: return "("
        case .closeParen: return ")"
        case .comma: return ","
        case .end: return ""
        }
    }

    static func lex(_ text: String) throws(KubeStatus) -> [Token] {
        var tokens: [Token] = []
        let chars = Array(text.unicodeScalars)
        var index = 0
        let special: Set<Unicode.Scalar> = ["!", "=", ">", "<", "(", ")", ",", " ", "\t", "\n", "\r"]
        while index < chars.count {
            let char = chars[index]
            switch char {
            case " ", "\t", "\n", "\r": index += 1
            case "(":
                tokens.append(.openParen)
                index += 1
            case ")":
                tokens.append(.closeParen)
                index += 1
            case ",":
                tokens.append(.comma)
                index += 1
            case ">":
                tokens.append(.greaterThan)
                index += 1
            case "<":
                tokens.append(.lessThan)
                index += 1
            case "=":
                if index + 1 < chars.count && chars[index + 1] == "=" {
                    tokens.append(.doubleEquals)
                    index += 2
                } else {
                    tokens.append(.equals)
                    index += 1
                }
            case "!":
                if index + 1 < chars.count && chars[index + 1] == "=" {
                    tokens.append(.notEquals)
                    index += 2
                } else {
                    tokens.append(.doesNotExist)
                    index += 1
                }
            default:
                var word = ""
                while index < chars.count && !special.contains(chars[index]) {
                    word.unicodeScalars.append(chars[index])
                    index += 1
                }
                switch word {
                case "in": tokens.append(.in)
                case "notin": tokens.append(.notIn)
                default: tokens.append(.identifier(word))
                }
            }
        }
        tokens.append(.end)
        return tokens
    }

    /// A label key: an optional DNS-subdomain prefix and `/`, then a name of at most 63 characters.
    static func validateKey(_ key: String) throws(KubeStatus) {
        if let message = LabelSyntax.keyProblem(key) {
            throw .badRequest("unable to parse requirement: key: Invalid value: \(GoFormat.quote(key)): \(message)")
        }
    }

    static func validateValue(_ value: String) throws(KubeStatus) {
        if let message = LabelSyntax.valueProblem(value) {
            throw .badRequest(
                "unable to parse requirement: values[0][\(value)]: Invalid value: \(GoFormat.quote(value)): \(message)")
        }
    }
}

/// The syntax rules for label keys and values (apimachinery `validation.IsQualifiedName`, `IsValidLabelValue`).
enum LabelSyntax {
    static func isNameChar(_ char: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(char) || ("A"..."Z").contains(char) || ("0"..."9").contains(char)
            || char == "-" || char == "_" || char == "."
    }

    static func isAlphanumeric(_ char: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(char) || ("A"..."Z").contains(char) || ("0"..."9").contains(char)
    }

    static func isQualifiedNamePart(_ name: Substring) -> Bool {
        let chars = Array(name.unicodeScalars)
        guard let first = chars.first, let last = chars.last, isAlphanumeric(first), isAlphanumeric(last) else {
            return false
        }
        return chars.allSatisfy(isNameChar)
    }

    static func keyProblem(_ key: String) -> String? {
        let parts = key.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
        let name: Substring
        switch parts.count {
        case 1: name = parts[0]
        case 2:
            let prefix = parts[0]
            let labels = prefix.split(separator: ".", omittingEmptySubsequences: false)
            let validPrefix =
                !prefix.isEmpty && prefix.count <= 253
                && labels.allSatisfy { label in
                    let chars = Array(label.unicodeScalars)
                    guard let first = chars.first, let last = chars.last else { return false }
                    return (("a"..."z").contains(first) || ("0"..."9").contains(first))
                        && (("a"..."z").contains(last) || ("0"..."9").contains(last))
                        && chars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
                }
            if !validPrefix {
                return
                    "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
            }
            name = parts[1]
        default:
            name = ""
        }
        if name.isEmpty { return "name part must be non-empty" }
        if name.count > 63 { return "name part must be no more than 63 characters" }
        if !isQualifiedNamePart(name) {
            return
                "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
        }
        return nil
    }

    static func valueProblem(_ value: String) -> String? {
        if value.isEmpty { return nil }
        if value.count > 63 { return "must be no more than 63 characters" }
        if !isQualifiedNamePart(value[...]) {
            return
                "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
        }
        return nil
    }
}
