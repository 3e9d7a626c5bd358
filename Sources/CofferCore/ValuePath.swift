/// The place of a value inside a document, printed as a JSON path: `$.actions.backup.phases[0].args`.
public struct ValuePath: Hashable, Sendable, CustomStringConvertible {
    /// One step down: a map key or an array index.
    public enum Component: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    public var components: [Component]

    public init(_ components: [Component] = []) {
        self.components = components
    }

    /// The document root, `$`.
    public static let root = ValuePath()

    public func appending(_ key: String) -> ValuePath {
        ValuePath(components + [.key(key)])
    }

    public func appending(index: Int) -> ValuePath {
        ValuePath(components + [.index(index)])
    }

    /// The path one step up; the root is its own parent.
    public var parent: ValuePath {
        ValuePath(Array(components.dropLast()))
    }

    public var description: String {
        var text = "$"
        for component in components {
            switch component {
            case .index(let index):
                text += "[\(index)]"
            case .key(let key) where key.isSimpleIdentifier:
                text += ".\(key)"
            case .key(let key):
                let escaped = key.replacingAll("\\", with: "\\\\").replacingAll("'", with: "\\'")
                text += "['\(escaped)']"
            }
        }
        return text
    }
}

extension String {
    fileprivate var isSimpleIdentifier: Bool {
        guard let first = unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        return unicodeScalars.allSatisfy { $0 == "_" || $0 == "-" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }

    /// `self` with every occurrence of `target` replaced; Foundation-free so CofferCore stays dependency-free.
    package func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        result += rest
        return result
    }
}
