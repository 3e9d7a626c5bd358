/// A problem opening or using the catalog database.
public struct CatalogError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem it is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Hashable, Sendable { case open, schema, query, corrupt }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The database file cannot be opened or created.
        public static let open = Code(.open)
        /// The file was written by a newer Coffer, or its schema cannot be set up.
        public static let schema = Code(.schema)
        /// A statement failed (disk full, locked too long, ...).
        public static let query = Code(.query)
        /// A stored record cannot be read back.
        public static let corrupt = Code(.corrupt)

        public var description: String { kind.rawValue }
    }

    public var code: Code
    /// One line, lower-case start, no final period.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
