public import CofferCore
import CofferYAML

/// Validates whole files: YAML first, then each document by its `kind` (Blueprint, ActionSet, Policy).
public struct DocumentFileValidator: Sendable {
    /// What one file held and what was wrong with it.
    public struct Report: Sendable {
        public var file: String
        /// The documents that parsed, in file order.
        public var documents: [Document]
        /// The kinds of those documents, in order (`Blueprint`, `ActionSet`, ...).
        public var kinds: [String]
        public var diagnostics: [BlueprintDiagnostic]

        public init(file: String, documents: [Document], kinds: [String], diagnostics: [BlueprintDiagnostic]) {
            self.file = file
            self.documents = documents
            self.kinds = kinds
            self.diagnostics = diagnostics
        }

        /// Whether the file has no error (warnings allowed).
        public var isValid: Bool { !BlueprintValidator.hasErrors(diagnostics) }
    }

    public var blueprintValidator: BlueprintValidator

    public init(blueprintValidator: BlueprintValidator = BlueprintValidator()) {
        self.blueprintValidator = blueprintValidator
    }

    /// Validates the content of one file, given as bytes so non-UTF-8 input is reported, not trapped.
    public func validate(_ bytes: [UInt8], file: String) -> Report {
        let documents: [Document]
        do {
            documents = try YAMLLoader.load(bytes, file: file)
        } catch let error as YAMLError {
            return Report(file: file, documents: [], kinds: [], diagnostics: [
                BlueprintDiagnostic(code: .yaml, message: error.message, position: error.position, path: .root)
            ])
        } catch {
            let position = SourcePosition(file: file, line: 1, column: 1)
            return Report(file: file, documents: [], kinds: [], diagnostics: [
                BlueprintDiagnostic(code: .yaml, message: "\(error)", position: position, path: .root)
            ])
        }
        guard !documents.isEmpty else {
            let position = SourcePosition(file: file, line: 1, column: 1)
            return Report(file: file, documents: [], kinds: [], diagnostics: [
                BlueprintDiagnostic(code: .invalidDocument, message: "the file has no YAML document", position: position, path: .root)
            ])
        }
        var diagnostics: [BlueprintDiagnostic] = []
        var kinds: [String] = []
        for document in documents {
            let kind = document.value["kind"]?.stringValue ?? ""
            kinds.append(kind)
            switch kind {
            case "Blueprint":
                diagnostics += blueprintValidator.validate(document)
            case "ActionSet":
                diagnostics += JSONSchema.actionSet.diagnostics(for: document)
            case "Policy":
                diagnostics += JSONSchema.policy.diagnostics(for: document)
            default:
                let path = ValuePath.root.appending("kind")
                let found = kind.isEmpty ? "no kind" : "kind \"\(kind)\""
                diagnostics.append(BlueprintDiagnostic(
                    code: .unexpectedKind, message: "expected kind Blueprint, ActionSet or Policy, found \(found)",
                    position: document.sourceMap.position(ofValueAt: path) ?? document.sourceMap.nearestPosition(to: path),
                    path: path))
            }
        }
        return Report(file: file, documents: documents, kinds: kinds, diagnostics: diagnostics)
    }
}
