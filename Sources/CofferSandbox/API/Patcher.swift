import CofferCore
import CofferKubeAPI

/// Applies a PATCH body to an object by content type, with CofferKubeAPI's patch semantics.
enum Patcher {
    enum Kind: Sendable, Equatable {
        case merge, json, strategic, apply

        init(contentType: String, type: ResourceType) throws(APIError) {
            switch contentType {
            case "application/merge-patch+json": self = .merge
            case "application/json-patch+json": self = .json
            case "application/strategic-merge-patch+json" where !type.isCustom: self = .strategic
            case "application/apply-patch+yaml", "application/apply-patch+json": self = .apply
            default:
                var accepted = KubeStatus.customResourcePatchTypes
                if !type.isCustom { accepted.insert("application/strategic-merge-patch+json", at: 2) }
                throw APIError.unsupportedMediaType(accepted: accepted)
            }
        }
    }

    static func apply(_ kind: Kind, _ patch: Value, to object: Value, type: ResourceType) throws(APIError) -> Value {
        let schema = StrategicMergeSchema.builtin(group: type.group, version: type.version, kind: type.kind)
        switch kind {
        case .merge:
            return Patch.applyMergePatch(patch, to: object)
        case .json:
            return try Patch.applyJSONPatch(patch, to: object)
        case .strategic:
            guard let schema else { return Patch.applyMergePatch(patch, to: object) }
            return try Patch.applyStrategicMergePatch(patch, to: object, schema: schema)
        case .apply:
            return Patch.applyServerSideApply(patch, to: object, schema: schema)
        }
    }
}
