public import CofferCore

extension StructuralSchema {
    /// What becomes of a custom resource on its way into storage.
    public struct Admission: Sendable {
        /// The object after pruning and defaulting: what the API server stores and returns.
        public var object: Value
        /// The pruned fields, as ``StructuralSchema/prune(_:)`` names them.
        public var unknownFields: [String]
        /// Schema violations of the pruned, defaulted object; non-empty means 422.
        public var errors: [FieldError]

        /// The `Warning` header texts for `fieldValidation=Warn` (the default): `unknown field "spec.foo"`.
        public var warnings: [String] { unknownFields.map { "unknown field \(GoFormat.quote($0))" } }
    }

    /// Prunes, defaults, then validates `object`, in the API server's order.
    public func admit(_ object: Value) -> Admission {
        let (pruned, unknownFields) = prune(object)
        let defaulted = applyDefaults(pruned)
        return Admission(object: defaulted, unknownFields: unknownFields, errors: validate(defaulted))
    }
}

extension KubeStatus {
    /// 400 for `fieldValidation=Strict` on create or update: `strict decoding error: unknown field "spec.foo", ...`.
    public static func strictDecoding(unknownFields: [String]) -> KubeStatus {
        let list = unknownFields.map { "unknown field \(GoFormat.quote($0))" }.joined(separator: ", ")
        return .badRequest("strict decoding error: \(list)")
    }
}
