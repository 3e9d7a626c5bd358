import CofferCore

/// Applies a PATCH body to an object, by content type.
///
/// A seam until `CofferKubeAPI.Patch` lands: only RFC 7386 merge patch is implemented here; strategic merge
/// and apply use it as an approximation (right for maps, replaces lists), and JSON patch answers 415.
enum Patcher {
    enum Kind: Sendable, Equatable {
        case merge, json, strategic, apply

        init(contentType: String, type: ResourceType) throws(APIError) {
            switch contentType {
            case "application/merge-patch+json": self = .merge
            case "application/json-patch+json": self = .json
            case "application/strategic-merge-patch+json": self = .strategic
            case "application/apply-patch+yaml", "application/apply-patch+json": self = .apply
            default: throw APIError.unsupportedMediaType(contentType)
            }
        }
    }

    static func apply(_ kind: Kind, _ patch: Value, to object: Value) throws(APIError) -> Value {
        switch kind {
        case .merge, .strategic, .apply:
            return mergePatch(patch, onto: object)
        case .json:
            throw APIError.unsupportedMediaType("application/json-patch+json")
        }
    }

    /// RFC 7386: objects merge key by key, `null` removes, anything else replaces.
    static func mergePatch(_ patch: Value, onto target: Value) -> Value {
        guard case .object(let patchMap) = patch else { return patch }
        var result = target.objectValue ?? ValueMap()
        for (key, value) in patchMap {
            if value.isNull {
                result[key] = nil
            } else {
                result[key] = mergePatch(value, onto: result[key] ?? .null)
            }
        }
        return .object(result)
    }
}
