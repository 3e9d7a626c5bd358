public import CofferCore

/// The checks kube-apiserver makes on every object's `metadata`, worded as `ValidateObjectMeta` words them.
public enum ObjectMetaValidation {
    /// The syntax a resource's names must follow.
    public enum NameRule: Sendable {
        /// RFC 1123 subdomain, at most 253 characters: most resources, and every custom resource.
        case dnsSubdomain
        /// RFC 1123 label, at most 63 characters: namespaces.
        case dnsLabel
        /// RFC 1035 label, at most 63 characters, starting with a letter: services.
        case dns1035Label

        /// The rule kube-apiserver applies to a built-in resource's names (plural name).
        public static func forBuiltin(group: String, resource: String) -> NameRule {
            switch (group, resource) {
            case ("", "namespaces"): return .dnsLabel
            case ("", "services"): return .dns1035Label
            default: return .dnsSubdomain
            }
        }

        /// The problems with `name`, in Kubernetes' words; empty when it is valid.
        public func problems(_ name: String) -> [String] {
            switch self {
            case .dnsSubdomain: return NameSyntax.dnsSubdomainProblems(name)
            case .dnsLabel: return NameSyntax.dnsLabelProblems(name)
            case .dns1035Label: return NameSyntax.dns1035LabelProblems(name)
            }
        }
    }

    /// The errors in `metadata` of an object being created or updated.
    ///
    /// Checks `name`/`generateName` (one is required), `namespace` (required for namespaced kinds, forbidden
    /// otherwise), and the syntax of label keys, label values and annotation keys.
    /// - Parameters:
    ///   - metadata: The object's `metadata`; `nil` counts as empty.
    ///   - namespaced: Whether the kind lives in a namespace.
    ///   - nameRule: The syntax names must follow.
    public static func validate(_ metadata: Value?, namespaced: Bool, nameRule: NameRule = .dnsSubdomain)
        -> [FieldError]
    {
        var errors: [FieldError] = []
        let name = metadata?["name"]?.stringValue ?? ""
        let generateName = metadata?["generateName"]?.stringValue ?? ""
        if !generateName.isEmpty {
            // A generated name gets a random suffix, so a trailing dash is fine in the prefix.
            let prefix = generateName.hasSuffix("-") ? String(generateName.dropLast()) + "a" : generateName
            for problem in nameRule.problems(prefix) {
                errors.append(.invalid("metadata.generateName", value: .string(generateName), detail: problem))
            }
        }
        if name.isEmpty {
            if generateName.isEmpty {
                errors.append(.required("metadata.name", detail: "name or generateName is required"))
            }
        } else {
            for problem in nameRule.problems(name) {
                errors.append(.invalid("metadata.name", value: .string(name), detail: problem))
            }
        }
        let namespace = metadata?["namespace"]?.stringValue ?? ""
        if namespaced {
            if namespace.isEmpty {
                errors.append(.required("metadata.namespace"))
            } else {
                for problem in NameSyntax.dnsLabelProblems(namespace) {
                    errors.append(.invalid("metadata.namespace", value: .string(namespace), detail: problem))
                }
            }
        } else if !namespace.isEmpty {
            errors.append(.forbidden("metadata.namespace", detail: "not allowed on this type"))
        }
        for (key, value) in metadata?["labels"]?.objectValue ?? ValueMap() {
            if let problem = LabelSyntax.keyProblem(key) {
                errors.append(.invalid("metadata.labels", value: .string(key), detail: problem))
            }
            let text = value.stringValue ?? ""
            if let problem = LabelSyntax.valueProblem(text) {
                errors.append(.invalid("metadata.labels", value: .string(text), detail: problem))
            }
        }
        for (key, _) in metadata?["annotations"]?.objectValue ?? ValueMap() {
            if let problem = LabelSyntax.keyProblem(key) {
                errors.append(.invalid("metadata.annotations", value: .string(key), detail: problem))
            }
        }
        return errors
    }
}

/// Kubernetes' DNS name rules (apimachinery `validation.IsDNS1123Subdomain` and friends).
enum NameSyntax {
    static let subdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
    static let labelMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
    static let dns1035Message =
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"

    static func isLower(_ char: Unicode.Scalar) -> Bool { ("a"..."z").contains(char) }
    static func isLowerAlphanumeric(_ char: Unicode.Scalar) -> Bool { isLower(char) || ("0"..."9").contains(char) }

    static func isLabel(_ text: Substring, firstMustBeLetter: Bool = false) -> Bool {
        let chars = Array(text.unicodeScalars)
        guard let first = chars.first, let last = chars.last else { return false }
        guard firstMustBeLetter ? isLower(first) : isLowerAlphanumeric(first), isLowerAlphanumeric(last) else {
            return false
        }
        return chars.allSatisfy { isLowerAlphanumeric($0) || $0 == "-" }
    }

    static func dnsSubdomainProblems(_ name: String) -> [String] {
        var problems: [String] = []
        if name.unicodeScalars.count > 253 { problems.append("must be no more than 253 characters") }
        if !name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({ isLabel($0) }) {
            problems.append(subdomainMessage)
        }
        return problems
    }

    static func dnsLabelProblems(_ name: String) -> [String] {
        var problems: [String] = []
        if name.unicodeScalars.count > 63 { problems.append("must be no more than 63 characters") }
        if !isLabel(name[...]) { problems.append(labelMessage) }
        return problems
    }

    static func dns1035LabelProblems(_ name: String) -> [String] {
        var problems: [String] = []
        if name.unicodeScalars.count > 63 { problems.append("must be no more than 63 characters") }
        if !isLabel(name[...], firstMustBeLetter: true) { problems.append(dns1035Message) }
        return problems
    }
}
