public import CofferCore

/// A custom resource's compiled `openAPIV3Schema`: validation, pruning and defaulting as kube-apiserver does them.
///
/// Compile once per CRD version; every operation walks the compiled tree without re-reading the schema.
/// `x-kubernetes-validations` (CEL) rules are read but not evaluated: the sandbox accepts what they would refuse.
public struct StructuralSchema: Sendable {
    /// The compiled root.
    let root: SchemaNode
    /// The schema as given, for OpenAPI documents.
    public let openAPIV3Schema: Value

    /// Compiles a CRD version's `schema.openAPIV3Schema`.
    ///
    /// - Throws: ``KubeStatus`` 422 when the schema is not an object or names an invalid `pattern`.
    public init(openAPIV3Schema: Value) throws(KubeStatus) {
        guard openAPIV3Schema.objectValue != nil else {
            throw .invalid(
                kind: "CustomResourceDefinition", group: "apiextensions.k8s.io", name: "",
                causes: [.required("spec.validation.openAPIV3Schema")])
        }
        self.openAPIV3Schema = openAPIV3Schema
        let builder = SchemaBuilder()
        root = try builder.build(openAPIV3Schema, path: "openAPIV3Schema")
    }
}
