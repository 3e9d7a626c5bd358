public import CofferCore

/// The four ways kube-apiserver patches an object, over ``Value``s.
///
/// Each takes the stored object and the request body and returns the patched object; they check nothing
/// beyond the patch itself (validation, pruning and defaulting come after, as on a real server).
public enum Patch {
    /// RFC 7386 JSON merge patch (`application/merge-patch+json`): `null` deletes, objects merge recursively,
    /// anything else replaces. Kept keys stay in place; new ones are appended.
    public static func applyMergePatch(_ patch: Value, to target: Value) -> Value {
        guard case .object(let patchMap) = patch else { return patch }
        var result = target.objectValue ?? ValueMap()
        for (key, value) in patchMap {
            if value.isNull {
                result[key] = nil
            } else {
                result[key] = applyMergePatch(value, to: result[key] ?? .null)
            }
        }
        return .object(result)
    }
}
