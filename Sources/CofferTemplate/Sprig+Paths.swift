// Sprig's path functions: Go's `path` package (slash-separated, lexical only).

extension Sprig {
    static let paths: [TemplateFunction] = [
        function("base", [.string]) { .string(pathBase(string($0[0]))) },
        function("dir", [.string]) { .string(pathDir(string($0[0]))) },
        function("clean", [.string]) { .string(pathClean(string($0[0]))) },
        function("ext", [.string]) { .string(pathExt(string($0[0]))) },
        function("isAbs", [.string]) { .bool(string($0[0]).hasPrefix("/")) },
    ]

    /// `path.Clean`: the shortest equivalent path, lexically.
    static func pathClean(_ path: String) -> String {
        if path.isEmpty { return "." }
        let rooted = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !rooted {
                    parts.append(part)
                }
            default: parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        if rooted { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// `path.Base`: the last element, trailing slashes removed.
    static func pathBase(_ path: String) -> String {
        if path.isEmpty { return "." }
        var trimmed = Substring(path)
        while trimmed.count > 0 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        if trimmed.isEmpty { return "/" }
        if let slash = trimmed.lastIndex(of: "/") { trimmed = trimmed[trimmed.index(after: slash)...] }
        return String(trimmed)
    }

    /// `path.Dir`: everything but the last element, cleaned.
    static func pathDir(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return pathClean("") }
        return pathClean(String(path[...slash]))
    }

    /// `path.Ext`: the suffix from the final dot of the last element, or "".
    static func pathExt(_ path: String) -> String {
        for index in path.indices.reversed() {
            if path[index] == "/" { return "" }
            if path[index] == "." { return String(path[index...]) }
        }
        return ""
    }
}
