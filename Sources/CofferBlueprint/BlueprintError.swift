public import CofferCore

/// A problem found while loading, checking, or running a blueprint.
public struct BlueprintError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem it is; tests match on it, and new kinds break nobody.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Hashable, Sendable {
            case schema, invalidDocument, unknownFunction, missingArgument, unknownArgument
            case duplicatePhase, unknownPhase, phaseNotYetRun, ownOutput, undeclaredArtifact
            case template, invalidExtension, unsupportedFunction, yaml, unexpectedKind
            case invalidArgument, functionFailed, timedOut, cancelled, invalidRun
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The document does not match the JSON schema.
        public static let schema = Code(.schema)
        /// The document cannot be read as the expected model (wrong shape, bad value).
        public static let invalidDocument = Code(.invalidDocument)
        /// A phase names a function that is not registered.
        public static let unknownFunction = Code(.unknownFunction)
        /// A phase lacks an argument its function requires.
        public static let missingArgument = Code(.missingArgument)
        /// A phase passes an argument its function does not accept.
        public static let unknownArgument = Code(.unknownArgument)
        /// Two phases of one action share a name.
        public static let duplicatePhase = Code(.duplicatePhase)
        /// A template refers to a phase the action does not have.
        public static let unknownPhase = Code(.unknownPhase)
        /// A template reads the output of a phase that has not run yet at that point.
        public static let phaseNotYetRun = Code(.phaseNotYetRun)
        /// A phase's arguments read its own output.
        public static let ownOutput = Code(.ownOutput)
        /// A template reads an input artifact the action does not declare.
        public static let undeclaredArtifact = Code(.undeclaredArtifact)
        /// A template does not parse.
        public static let template = Code(.template)
        /// A `coffer.dev/` annotation is malformed or names no action or phase.
        public static let invalidExtension = Code(.invalidExtension)
        /// The function is known, but Coffer cannot run it yet.
        public static let unsupportedFunction = Code(.unsupportedFunction)
        /// The file is not well-formed YAML (or is empty, binary, or nested too deeply).
        public static let yaml = Code(.yaml)
        /// A document's `kind` is not one Coffer reads here.
        public static let unexpectedKind = Code(.unexpectedKind)
        /// A rendered argument has the wrong type or an unusable value.
        public static let invalidArgument = Code(.invalidArgument)
        /// A function ran and failed (a command exited non-zero, an API call was refused, ...).
        public static let functionFailed = Code(.functionFailed)
        /// A phase, a wait or the action ran out of time.
        public static let timedOut = Code(.timedOut)
        /// The run was cancelled (SIGINT, SIGTERM).
        public static let cancelled = Code(.cancelled)
        /// A run cannot start or resume as asked (unknown run, finished run, changed blueprint).
        public static let invalidRun = Code(.invalidRun)

        public var description: String { kind.rawValue }
    }

    public var code: Code
    /// One line, lower-case start, no final period.
    public var message: String
    public var position: SourcePosition?
    /// Where in the document the problem is, when it is about a document.
    public var path: ValuePath?
    public var underlying: (any Error)?

    public init(
        _ code: Code, _ message: String, position: SourcePosition? = nil, path: ValuePath? = nil,
        underlying: (any Error)? = nil
    ) {
        self.code = code
        self.message = message
        self.position = position
        self.path = path
        self.underlying = underlying
    }

    public var description: String { position.map { "\($0): \(message)" } ?? message }

    /// The description followed by the JSON path and the underlying error, for `-v` output.
    public func detailedDescription() -> String {
        var text = description
        if let path { text += " (at \(path))" }
        if let underlying { text += "\n  caused by: \(underlying)" }
        return text
    }
}
