/// A string-keyed map that keeps insertion order, with O(1) lookup.
///
/// Kubernetes and blueprint documents are read by humans: emitting keys in their original order keeps
/// output recognisable, while JSON output can still sort keys when stability across sources matters.
public struct ValueMap: Sendable, Hashable {
    public private(set) var keys: [String] = []
    private var storage: [String: Value] = [:]

    public init() {}

    /// A map of `pairs` in order; a repeated key keeps its first position and its last value.
    public init<S: Sequence>(_ pairs: S) where S.Element == (String, Value) {
        for (key, value) in pairs { self[key] = value }
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    /// The value for `key`; assigning `nil` removes the key.
    public subscript(key: String) -> Value? {
        get { storage[key] }
        set {
            if let newValue {
                if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if storage.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    /// The entries in insertion order.
    public var entries: [(key: String, value: Value)] {
        keys.map { ($0, storage[$0]!) }  // `keys` and `storage` hold the same key set by construction
    }

    /// The values in insertion order.
    public var values: [Value] { keys.map { storage[$0]! } }

    public static func == (lhs: ValueMap, rhs: ValueMap) -> Bool {
        lhs.storage == rhs.storage
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage)
    }
}

extension ValueMap: Sequence {
    public func makeIterator() -> some IteratorProtocol<(key: String, value: Value)> {
        entries.makeIterator()
    }
}
