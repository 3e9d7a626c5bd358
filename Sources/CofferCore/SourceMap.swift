/// Where each value of a parsed document came from, so errors about a value can name its file:line:column.
///
/// Kept beside the `Value` tree rather than inside it: values compare and hash by content alone, and
/// positions are only looked up when something goes wrong.
public struct SourceMap: Sendable {
    /// The file the positions refer to.
    public var file: String
    private var valuePositions: [ValuePath: SourcePosition] = [:]
    private var keyPositions: [ValuePath: SourcePosition] = [:]

    public init(file: String) {
        self.file = file
    }

    /// Records where the value at `path` starts.
    public mutating func setPosition(_ position: SourcePosition, ofValueAt path: ValuePath) {
        valuePositions[path] = position
    }

    /// Records where the map key naming the value at `path` starts.
    public mutating func setPosition(_ position: SourcePosition, ofKeyAt path: ValuePath) {
        keyPositions[path] = position
    }

    /// Where the value at `path` starts, or `nil` when the path was not in the document.
    public func position(ofValueAt path: ValuePath) -> SourcePosition? {
        valuePositions[path]
    }

    /// Where the key naming the value at `path` starts (the value's own position for array elements).
    public func position(ofKeyAt path: ValuePath) -> SourcePosition? {
        keyPositions[path] ?? valuePositions[path]
    }

    /// The best position for a message about `path`: its key, else the nearest ancestor that exists.
    ///
    /// A missing member is reported at its parent's key, which is where the user has to add it.
    public func nearestPosition(to path: ValuePath) -> SourcePosition {
        var current = path
        while true {
            if let position = position(ofKeyAt: current) { return position }
            if current.components.isEmpty { return SourcePosition(file: file, line: 1, column: 1) }
            current = current.parent
        }
    }

    /// The number of recorded positions.
    public var count: Int { valuePositions.count }
}

/// A parsed document: its value and where each part of it came from.
public struct Document: Sendable {
    public var value: Value
    public var sourceMap: SourceMap

    public init(value: Value, sourceMap: SourceMap) {
        self.value = value
        self.sourceMap = sourceMap
    }
}
