public import CofferCore

/// Collects `kando output` key/values from a container's output as it arrives.
///
/// `kando output KEY VALUE` prints `###Phase-output###: {"key":"KEY","value":"VALUE"}` on a line of
/// its own; Kanister's functions scan exec and pod output for such lines, so existing tool images work
/// unchanged. Lines may be of any length. Like Kanister, the marker may follow other text on the line,
/// and a marked line that is not a `{"key","value"}` object of strings is a problem, not silently dropped.
public struct KandoOutput: Sendable {
    /// The marker `kando output` prints before its JSON.
    public static let marker = "###Phase-output###:"

    /// The values by key, later lines overriding earlier ones.
    public private(set) var values: [String: String] = [:]
    /// Marked lines that could not be read, in order, as one-line messages.
    public private(set) var problems: [String] = []
    /// The last bytes of output that were not `kando output` lines, for error messages.
    public private(set) var tail: [UInt8] = []

    private var line: [UInt8] = []
    private static let markerBytes = Array(marker.utf8)
    private static let tailLimit = 2048

    /// A parser that has seen no output yet.
    public init() {}

    /// Consumes a chunk of output; chunks may split lines anywhere.
    public mutating func feed(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                finishLine()
            } else {
                line.append(byte)
            }
        }
    }

    /// Consumes a final line without a newline.
    public mutating func finish() {
        if !line.isEmpty { finishLine() }
    }

    /// The outputs as phase output values (strings).
    public var output: [String: Value] { values.mapValues { .string($0) } }

    /// The tail as text, invalid UTF-8 replaced.
    public var tailText: String { String(decoding: tail, as: UTF8.self) }

    /// Parses one complete output, for tests and buffered callers.
    public static func parse(_ text: String) -> KandoOutput {
        var output = KandoOutput()
        output.feed(text.utf8)
        output.finish()
        return output
    }

    private mutating func finishLine() {
        defer { line.removeAll(keepingCapacity: line.count <= 65536) }
        guard let start = Self.markerEnd(in: line) else {
            remember(line)
            return
        }
        let json = String(decoding: line[start...], as: UTF8.self)
        guard let value = try? Value(json: json.trimmingWhitespace()), let object = value.objectValue else {
            problems.append("output line is not a JSON object: \(Self.abbreviated(json))")
            return
        }
        guard let key = object["key"]?.stringValue, let text = object["value"]?.stringValue else {
            problems.append("output line needs string \"key\" and \"value\": \(Self.abbreviated(json))")
            return
        }
        guard Self.isValidKey(key) else {
            problems.append("output key \"\(key)\" must be non-empty letters, digits and underscores")
            return
        }
        values[key] = text
    }

    /// Whether `key` is one `kando output` accepts: non-empty, `[a-zA-Z0-9_]` only.
    public static func isValidKey(_ key: String) -> Bool {
        !key.isEmpty
            && key.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == UInt8(ascii: "_")
            }
    }

    private static func markerEnd(in line: [UInt8]) -> Int? {
        let count = markerBytes.count
        guard line.count >= count else { return nil }
        var index = 0
        while index + count <= line.count {
            if line[index] == markerBytes[0], line[index..<index + count].elementsEqual(markerBytes) {
                return index + count
            }
            index += 1
        }
        return nil
    }

    private mutating func remember(_ line: [UInt8]) {
        tail.append(contentsOf: line.suffix(Self.tailLimit))
        tail.append(UInt8(ascii: "\n"))
        if tail.count > Self.tailLimit { tail.removeFirst(tail.count - Self.tailLimit) }
    }

    private static func abbreviated(_ text: String) -> String {
        text.count > 80 ? String(text.prefix(80)) + "..." : text
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!  // exists: `first` does
        return String(scalars[first...last])
    }
}
