import CofferCore

/// Replaces Secret material with `<redacted>` before anything is recorded or reported.
struct Redactor: Sendable {
    static let replacement = "<redacted>"
    /// Values shorter than this are too likely to occur by chance to be redacted.
    static let minimumLength = 4
    private(set) var secrets: Set<String> = []

    mutating func collect(_ secret: TemplateParameters.SecretData) {
        for bytes in secret.data.values {
            let text = String(decoding: bytes, as: UTF8.self)
            add(text)
            add(Base64.encode(bytes))
        }
    }

    mutating func collect(from parameters: TemplateParameters) {
        parameters.secrets.values.forEach { collect($0) }
        if let profile = parameters.profile {
            switch profile.credential {
            case .keyPair(_, let secret): add(secret)
            case .secret(let secret): collect(secret)
            }
        }
    }

    private mutating func add(_ text: String) {
        let trimmed = text.trimmingWhitespace()
        if trimmed.count >= Self.minimumLength { secrets.insert(trimmed) }
    }

    func redact(_ text: String) -> String {
        var text = text
        // Longest first, so a secret containing another is replaced whole.
        for secret in secrets.sorted(by: { $0.count > $1.count }) where text.contains(secret) {
            text = text.replacing(secret, with: Self.replacement)
        }
        return text
    }

    func redact(_ value: Value) -> Value {
        switch value {
        case .string(let text): return .string(redact(text))
        case .array(let elements): return .array(elements.map(redact))
        case .object(let map): return .object(ValueMap(map.map { ($0.key, redact($0.value)) }))
        default: return value
        }
    }

    func redact(_ artifact: TemplateParameters.Artifact) -> TemplateParameters.Artifact {
        TemplateParameters.Artifact(
            keyValue: artifact.keyValue.mapValues(redact), kopiaSnapshot: artifact.kopiaSnapshot.map(redact))
    }
}
