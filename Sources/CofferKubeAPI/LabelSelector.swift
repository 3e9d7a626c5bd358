public import CofferCore

/// A label selector, as `?labelSelector=` and `metav1.LabelSelector` express it.
///
/// Parsing follows apimachinery's `labels.Parse`: requirements are sorted by key, and ``description`` is
/// the canonical form the API server echoes (`a=b,c in (x,y),!d`).
public struct LabelSelector: Hashable, Sendable, CustomStringConvertible {
    /// How a requirement compares a label's value.
    public enum Operator: String, Hashable, Sendable {
        case equals = "="
        case doubleEquals = "=="
        case notEquals = "!="
        case `in` = "in"
        case notIn = "notin"
        case exists = "exists"
        case doesNotExist = "!"
        case greaterThan = "gt"
        case lessThan = "lt"
    }

    /// One comma-separated part: `key op values`.
    public struct Requirement: Hashable, Sendable, CustomStringConvertible {
        /// The label key.
        public var key: String
        /// The comparison.
        public var op: Operator
        /// Sorted; one value for the equality operators, none for `exists`/`!`.
        public var values: [String]

        /// A requirement; `values` are sorted, as Kubernetes sorts them.
        public init(key: String, op: Operator, values: [String] = []) {
            self.key = key
            self.op = op
            self.values = values.sorted()
        }

        /// The requirement in selector syntax: `a in (x,y)`, `!a`.
        public var description: String {
            switch op {
            case .exists: return key
            case .doesNotExist: return "!" + key
            case .equals, .doubleEquals, .notEquals: return key + op.rawValue + (values.first ?? "")
            case .in, .notIn: return "\(key) \(op.rawValue) (\(values.joined(separator: ",")))"
            case .greaterThan: return key + ">" + (values.first ?? "")
            case .lessThan: return key + "<" + (values.first ?? "")
            }
        }

        /// Whether `labels` satisfy this requirement.
        public func matches(_ labels: [String: String]) -> Bool {
            let value = labels[key]
            switch op {
            case .exists: return value != nil
            case .doesNotExist: return value == nil
            case .equals, .doubleEquals, .in: return value.map(values.contains) ?? false
            case .notEquals, .notIn: return value.map { !values.contains($0) } ?? true
            case .greaterThan, .lessThan:
                guard let value, let actual = Int64(value), let bound = values.first.flatMap({ Int64($0) }) else {
                    return false
                }
                return op == .greaterThan ? actual > bound : actual < bound
            }
        }
    }

    /// The requirements, sorted by key; all must hold. Empty selects everything.
    public var requirements: [Requirement]
    /// A selector that selects nothing, as a nil `metav1.LabelSelector` does.
    public var selectsNothing = false

    /// A selector from its requirements, sorted by key.
    public init(requirements: [Requirement]) {
        self.requirements = Self.sorted(requirements)
    }

    /// The selector that matches every object.
    public static let everything = LabelSelector(requirements: [])

    /// The selector that matches no object.
    public static var nothing: LabelSelector {
        var selector = LabelSelector.everything
        selector.selectsNothing = true
        return selector
    }

    /// The canonical text: requirements by key, comma-joined.
    public var description: String { requirements.map(\.description).joined(separator: ",") }

    /// Whether `labels` satisfy every requirement.
    public func matches(_ labels: [String: String]) -> Bool {
        !selectsNothing && requirements.allSatisfy { $0.matches(labels) }
    }

    /// Whether the object's `metadata.labels` satisfy every requirement.
    public func matches(object: Value) -> Bool {
        var labels: [String: String] = [:]
        for (key, value) in object["metadata"]?["labels"]?.objectValue ?? ValueMap() {
            labels[key] = value.stringValue ?? ""
        }
        return matches(labels)
    }

    static func sorted(_ requirements: [Requirement]) -> [Requirement] {
        // Stable, like Go's sort.Sort over a slice built in input order is not; equal keys keep input order here.
        requirements.enumerated().sorted { lhs, rhs in
            lhs.element.key == rhs.element.key ? lhs.offset < rhs.offset : lhs.element.key < rhs.element.key
        }.map(\.element)
    }
}

// MARK: - metav1.LabelSelector

extension LabelSelector {
    /// The selector a `metav1.LabelSelector` object describes: `matchLabels` and `matchExpressions` ANDed.
    ///
    /// `nil` or `null` selects nothing (as `LabelSelectorAsSelector(nil)`); `{}` selects everything.
    /// - Throws: ``KubeStatus`` 400 for an unknown operator or values that do not fit it.
    public init(labelSelector: Value?) throws(KubeStatus) {
        guard let labelSelector, !labelSelector.isNull else {
            self = .nothing
            return
        }
        try self.init(matchLabels: labelSelector["matchLabels"], matchExpressions: labelSelector["matchExpressions"])
    }

    /// The selector of a `metav1.LabelSelector`'s two members.
    ///
    /// - Throws: ``KubeStatus`` 400 for an unknown operator or values that do not fit it.
    public init(matchLabels: Value?, matchExpressions: Value?) throws(KubeStatus) {
        var requirements: [Requirement] = []
        for (key, value) in matchLabels?.objectValue ?? ValueMap() {
            requirements.append(Requirement(key: key, op: .equals, values: [value.stringValue ?? ""]))
        }
        for expression in matchExpressions?.arrayValue ?? [] {
            let key = expression["key"]?.stringValue ?? ""
            let values = (expression["values"]?.arrayValue ?? []).map { $0.stringValue ?? "" }
            let op: Operator
            switch expression["operator"]?.stringValue ?? "" {
            case "In": op = .in
            case "NotIn": op = .notIn
            case "Exists": op = .exists
            case "DoesNotExist": op = .doesNotExist
            case let other: throw .badRequest("\(GoFormat.quote(other)) is not a valid label selector operator")
            }
            if (op == .in || op == .notIn) && values.isEmpty {
                throw .badRequest("values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty")
            }
            if (op == .exists || op == .doesNotExist) && !values.isEmpty {
                throw .badRequest(
                    "values: Invalid value: \(FieldError.render(.array(values.map(Value.string)))): "
                        + "values set must be empty for exists and does not exist")
            }
            requirements.append(Requirement(key: key, op: op, values: values))
        }
        self.init(requirements: requirements)
    }
}

// MARK: - Parsing

extension LabelSelector {
    /// Parses the `labelSelector` query syntax: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`,
    /// `a>1`, `a<1`, joined by commas.
    ///
    /// - Throws: ``KubeStatus`` 400 `unable to parse requirement: ...` for malformed text or invalid keys and values.
    public init(parsing text: String) throws(KubeStatus) {
        var parser = LabelSelectorParser(text: text)
        self.init(requirements: try parser.parse())
    }
}
