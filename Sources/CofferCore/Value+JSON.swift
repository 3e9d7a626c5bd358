// MARK: - Parsing

extension Value {
    /// Parses JSON text.
    ///
    /// Integer literals that fit Int64 become `.int`; other numbers `.double`, as Kubernetes' unstructured
    /// objects keep them. Arrays and objects may nest 1000 levels deep.
    /// - Parameters:
    ///   - text: The JSON text.
    ///   - file: The name positions in errors refer to.
    /// - Throws: ``JSONError``, positioned at the offending character.
    public init(json text: String, file: String = "<json>") throws {
        var text = text
        let result = text.withUTF8 { bytes in
            Result { () throws(JSONError) in
                var parser = JSONParser(bytes: bytes, file: file)
                return try parser.parse()
            }
        }
        self = try result.get()
    }

    /// Parses JSON from UTF-8 bytes; invalid UTF-8 inside strings becomes U+FFFD, as in Go.
    ///
    /// - Parameters:
    ///   - bytes: The JSON text as UTF-8.
    ///   - file: The name positions in errors refer to.
    /// - Throws: ``JSONError``, positioned at the offending character.
    public init(json bytes: [UInt8], file: String = "<json>") throws {
        let result = bytes.withUnsafeBufferPointer { bytes in
            Result { () throws(JSONError) in
                var parser = JSONParser(bytes: bytes, file: file)
                return try parser.parse()
            }
        }
        self = try result.get()
    }
}

// MARK: - Writing

extension Value {
    /// The value as JSON text, formatted as Go's `encoding/json` formats it.
    ///
    /// Whole doubles print without a fraction (`1`), tiny and huge ones with an exponent (`1e-7`, `1e+21`);
    /// NaN and infinities, which JSON cannot hold, print as `null`. `<`, `>` and `&` are not escaped.
    /// - Parameters:
    ///   - pretty: Indent nested members by four spaces, one per line, as `kubectl get -o json` does.
    ///   - sortedKeys: Order object keys by their UTF-8 bytes instead of document order.
    /// - Returns: The JSON text, without a trailing newline.
    public func jsonString(pretty: Bool = false, sortedKeys: Bool = false) -> String {
        JSONWriter(indent: pretty ? "    " : nil, sortedKeys: sortedKeys).string(for: self)
    }
}
