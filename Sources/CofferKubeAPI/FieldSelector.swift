public import CofferCore

/// A field selector, as `?fieldSelector=` expresses it: `metadata.name=x,status.phase!=Running`.
///
/// Fields are dotted paths into the object; a missing field compares as the empty string, and numbers and
/// Booleans as their JSON text. Which fields a resource supports is the caller's business.
public struct FieldSelector: Hashable, Sendable, CustomStringConvertible {
    /// One `field op value` term.
    public struct Requirement: Hashable, Sendable, CustomStringConvertible {
        /// The dotted field path: `metadata.name`.
        public var field: String
        /// `true` for `!=`.
        public var negated: Bool
        /// The value compared with, unescaped.
        public var value: String

        /// A term from its parts.
        public init(field: String, negated: Bool = false, value: String) {
            self.field = field
            self.negated = negated
            self.value = value
        }

        /// The term as the selector syntax writes it, escaping `\\`, `,` and `=`.
        public var description: String {
            field + (negated ? "!=" : "=") + FieldSelector.escape(value)
        }
    }

    /// The terms, all of which must hold.
    public var requirements: [Requirement]

    /// A selector from its terms.
    public init(requirements: [Requirement]) {
        self.requirements = requirements
    }

    /// The canonical form, terms sorted by field as `fields.Selector.String()` prints them.
    public var description: String {
        requirements.sorted { $0.field < $1.field }.map(\.description).joined(separator: ",")
    }

    /// Parses `a=b`, `a==b`, `a!=b` joined by commas; `\,`, `\=` and `\\` escape those characters in values.
    ///
    /// - Throws: ``KubeStatus`` 400 `invalid selector: '...'; can't understand '...'` for a term without an operator.
    public init(parsing text: String) throws(KubeStatus) {
        var requirements: [Requirement] = []
        for term in Self.splitTerms(text) where !term.isEmpty {
            guard let requirement = Self.parseTerm(term) else {
                throw .badRequest("invalid selector: '\(text)'; can't understand '\(term)'")
            }
            requirements.append(requirement)
        }
        self.init(requirements: requirements)
    }

    /// Whether `object` satisfies every term.
    public func matches(_ object: Value) -> Bool {
        requirements.allSatisfy { requirement in
            var current: Value? = object
            for key in requirement.field.split(separator: ".", omittingEmptySubsequences: false) {
                current = current?[String(key)]
            }
            let actual: String
            switch current {
            case .string(let string): actual = string
            case .int, .double, .bool: actual = current!.jsonString()  // matched as non-nil just above
            default: actual = ""
            }
            return (actual == requirement.value) != requirement.negated
        }
    }

    static func splitTerms(_ text: String) -> [String] {
        var terms: [String] = []
        var current = ""
        var escaped = false
        for char in text {
            if escaped {
                current.append(char)
                escaped = false
            } else if char == "\\" {
                current.append(char)
                escaped = true
            } else if char == "," {
                terms.append(current)
                current = ""
            } else {
                current.append(char)
            }
        }
        terms.append(current)
        return terms
    }

    static func parseTerm(_ term: String) -> Requirement? {
        let chars = Array(term)
        var index = 0
        while index < chars.count {
            if chars[index] == "\\" {
                index += 2
                continue
            }
            let field = String(chars[..<index])
            if chars[index] == "!" && index + 1 < chars.count && chars[index + 1] == "=" {
                return unescape(String(chars[(index + 2)...])).map {
                    Requirement(field: field, negated: true, value: $0)
                }
            }
            if chars[index] == "=" {
                let skip = index + 1 < chars.count && chars[index + 1] == "=" ? 2 : 1
                return unescape(String(chars[(index + skip)...])).map { Requirement(field: field, value: $0) }
            }
            index += 1
        }
        return nil
    }

    static func unescape(_ text: String) -> String? {
        var result = ""
        var escaped = false
        for char in text {
            if escaped {
                guard char == "\\" || char == "," || char == "=" else { return nil }
                result.append(char)
                escaped = false
            } else if char == "\\" {
                escaped = true
            } else {
                result.append(char)
            }
        }
        return escaped ? nil : result
    }

    static func escape(_ text: String) -> String {
        var result = ""
        for char in text {
            if char == "\\" || char == "," || char == "=" { result.append("\\") }
            result.append(char)
        }
        return result
    }
}

// MARK: - Supported fields

extension FieldSelector {
    /// The fields kube-apiserver lets a field selector use for a built-in resource (plural name), beyond
    /// `metadata.name` and `metadata.namespace`, which every resource supports.
    public static func supportedFields(group: String, resource: String) -> Set<String> {
        var fields: Set<String> = ["metadata.name", "metadata.namespace"]
        switch (group, resource) {
        case ("", "pods"):
            fields.formUnion([
                "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
                "spec.hostNetwork", "status.phase", "status.podIP", "status.podIPs", "status.nominatedNodeName",
            ])
        case ("", "events"):
            fields.formUnion([
                "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
                "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason",
                "reportingComponent", "source", "type",
            ])
        case ("", "secrets"): fields.insert("type")
        case ("", "namespaces"): fields.insert("status.phase")
        case ("batch", "jobs"): fields.insert("status.successful")
        default: break
        }
        return fields
    }

    /// Checks every term's field against `supported`.
    ///
    /// - Parameter customResource: Word the error as apiextensions-apiserver does rather than as a built-in
    ///   resource's storage does.
    /// - Throws: ``KubeStatus`` 400: `field label not supported: spec.foo` for a built-in resource,
    ///   `"spec.foo" is not a known field selector: only "metadata.name", "metadata.namespace"` for a custom one.
    public func validate(supported: Set<String>, customResource: Bool = false) throws(KubeStatus) {
        for requirement in requirements where !supported.contains(requirement.field) {
            if customResource {
                let known = supported.sorted().map(GoFormat.quote).joined(separator: ", ")
                throw .badRequest("\(GoFormat.quote(requirement.field)) is not a known field selector: only \(known)")
            }
            throw .badRequest("field label not supported: \(requirement.field)")
        }
    }
}
