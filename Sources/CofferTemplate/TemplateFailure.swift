/// A ``TemplateError`` behind a reference, for throwing inside the parser and executor.
///
/// Typed throws reserve room for the error in the frames they pass through; a one-word error keeps
/// the recursive walks small, so nested templates stay well within small (512 KiB) thread stacks.
struct TemplateFailure: Error {
    private final class Storage: Sendable {
        let error: TemplateError

        init(_ error: TemplateError) {
            self.error = error
        }
    }

    private let storage: Storage

    init(_ error: TemplateError) {
        storage = Storage(error)
    }

    var error: TemplateError { storage.error }
}
