import CofferCore
import CofferKubeAPI
import Foundation

// MARK: - Custom resources: prune, default and validate with the CRD's structural schema

extension APIServer {
    /// Admits a custom resource as kube-apiserver does; returns the `Warning` headers to send.
    ///
    /// `fieldValidation=Strict` refuses unknown fields (400 on create and update, 422 on a patch), `Warn` (the
    /// default) drops them and warns, `Ignore` drops them silently. Schema violations answer 422 Invalid.
    func admitCustomResource(_ object: inout Value, _ type: ResourceType, _ request: APIRequest, isPatch: Bool)
        throws(APIError) -> [(name: String, value: String)]
    {
        guard let schema = type.schema else { return [] }
        let admission = schema.admit(object)
        let mode = request.queryValue("fieldValidation") ?? "Warn"
        if mode == "Strict", !admission.unknownFields.isEmpty {
            let strict = KubeStatus.strictDecoding(unknownFields: admission.unknownFields)
            if !isPatch { throw strict }
            throw KubeStatus(code: 422, reason: .invalid, message: strict.message)
        }
        if !admission.errors.isEmpty {
            throw APIError.invalid(
                kind: type.kind, group: type.group, name: object.string("metadata", "name") ?? "",
                causes: admission.errors)
        }
        object = admission.object
        guard mode == "Warn" else { return [] }
        return admission.warnings.map { ("Warning", "299 - \"\($0.replacingOccurrences(of: "\"", with: "\\\""))\"") }
    }
}
