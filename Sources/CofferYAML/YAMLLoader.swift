internal import CCofferYAML
public import CofferCore

/// Loads YAML into positioned documents, reading scalars exactly as Kubernetes does.
///
/// Scalars resolve as sigs.k8s.io/yaml (go-yaml v2) resolves them: `yes`, `on`, `y` are booleans,
/// `0x1F` and `0o17` integers, quoted scalars always strings; non-string keys become strings. Anchors and
/// aliases are expanded, `<<` merge keys applied, and every value and key is positioned in the
/// document's ``SourceMap``. Bad input of any kind is a ``YAMLError``, never a crash or a hang.
public enum YAMLLoader {
    /// The deepest nesting of sequences and mappings a document may have, aliases expanded.
    public static let maximumDepth = 1000

    /// How many nodes aliases may add to a document: this, or the document's own node count if larger.
    public static let aliasNodeBudget = 100_000

    /// Every document in a YAML stream, in order; documents without content are left out.
    ///
    /// - Parameters:
    ///   - text: The YAML text.
    ///   - file: The name positions refer to.
    /// - Returns: The documents; empty for a stream of only comments or whitespace.
    /// - Throws: ``YAMLError``.
    public static func load(_ text: String, file: String) throws -> [Document] {
        try withBytes(of: text) { bytes throws(YAMLError) in try documents(in: bytes, file: file, single: false) }
    }

    /// Every document in a YAML stream given as bytes: UTF-8, or UTF-16 with a byte order mark.
    ///
    /// - Parameters:
    ///   - bytes: The YAML text, not necessarily valid.
    ///   - file: The name positions refer to.
    /// - Returns: The documents; empty for a stream of only comments or whitespace.
    /// - Throws: ``YAMLError``; invalid encodings have code ``YAMLError/Code/invalidEncoding``.
    public static func load(_ bytes: [UInt8], file: String) throws -> [Document] {
        try withBytes(of: bytes) { bytes throws(YAMLError) in try documents(in: bytes, file: file, single: false) }
    }

    /// The one document of a YAML stream; an empty stream gives a `null` document.
    ///
    /// - Parameters:
    ///   - text: The YAML text.
    ///   - file: The name positions refer to.
    /// - Returns: The document.
    /// - Throws: ``YAMLError``, with code ``YAMLError/Code/multipleDocuments`` for a second document.
    public static func loadSingle(_ text: String, file: String) throws -> Document {
        try withBytes(of: text) { bytes throws(YAMLError) in
            try documents(in: bytes, file: file, single: true).first
                ?? Document(value: .null, sourceMap: SourceMap(file: file))
        }
    }

    /// The one document of a YAML stream given as bytes; an empty stream gives a `null` document.
    ///
    /// - Parameters:
    ///   - bytes: The YAML text, not necessarily valid.
    ///   - file: The name positions refer to.
    /// - Returns: The document.
    /// - Throws: ``YAMLError``, with code ``YAMLError/Code/multipleDocuments`` for a second document.
    public static func loadSingle(_ bytes: [UInt8], file: String) throws -> Document {
        try withBytes(of: bytes) { bytes throws(YAMLError) in
            try documents(in: bytes, file: file, single: true).first
                ?? Document(value: .null, sourceMap: SourceMap(file: file))
        }
    }

    // MARK: - Implementation

    private static func withBytes<Result>(
        of text: String, _ body: (UnsafeBufferPointer<UInt8>) throws(YAMLError) -> Result
    ) throws(YAMLError) -> Result {
        var text = text
        return try text.withUTF8 { bytes in Swift.Result { () throws(YAMLError) in try body(bytes) } }.get()
    }

    private static func withBytes<Result>(
        of bytes: [UInt8], _ body: (UnsafeBufferPointer<UInt8>) throws(YAMLError) -> Result
    ) throws(YAMLError) -> Result {
        try bytes.withUnsafeBufferPointer { bytes in Swift.Result { () throws(YAMLError) in try body(bytes) } }.get()
    }

    /// The documents of the stream; with `single`, a second document is an error.
    static func documents(in bytes: UnsafeBufferPointer<UInt8>, file: String, single: Bool) throws(YAMLError)
        -> [Document]
    {
        let parser = YAMLEventParser(copying: bytes, file: file)
        var documents: [Document] = []
        var builder: YAMLDocumentBuilder?
        var documentStart = SourcePosition(file: file, line: 1, column: 1)
        while true {
            let event = try parser.next()
            switch event.pointee.type {
            case YAML_STREAM_END_EVENT:
                return documents
            case YAML_DOCUMENT_START_EVENT:
                builder = YAMLDocumentBuilder(parser: parser)
                documentStart = parser.position(of: YAMLMark(event.pointee.start_mark))
            case YAML_DOCUMENT_END_EVENT:
                if let document = builder?.finish() {
                    if single && !documents.isEmpty {
                        throw YAMLError(
                            code: .multipleDocuments, message: "expected a single document, found another",
                            position: documentStart)
                    }
                    documents.append(document)
                }
                builder = nil
            default:
                try builder?.add(event)
            }
        }
    }
}
