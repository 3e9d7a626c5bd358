import CofferCore
import Synchronization

/// A CRD `pattern`, compiled once with Swift Regex.
///
/// CRD patterns are Go RE2 expressions; the common subset (classes, anchors, `(?i:...)`, repetition) means the
/// same in Swift's syntax. Matching is unanchored and by Unicode scalar, and `\d`, `\w`, `\s` and POSIX classes
/// are ASCII-only, as with Go's `MatchString`.
final class PatternRegex: @unchecked Sendable {
    // @unchecked: `regex` is never mutated after `init`, and matching does not mutate a Regex.
    let source: String
    private let regex: Regex<AnyRegexOutput>

    /// Every pattern compiled so far in this process, shared by all schemas: CRDs repeat the same few
    /// (the quantity pattern appears dozens of times), and a CRD is compiled again on every update.
    private static let cache = Mutex<[String: PatternRegex]>([:])

    /// The compiled `source`, from the process-wide cache when it was compiled before; `nil` when invalid.
    static func compiled(_ source: String) -> PatternRegex? {
        if let cached = cache.withLock({ $0[source] }) { return cached }
        guard let compiled = PatternRegex(source) else { return nil }
        cache.withLock { $0[source] = compiled }
        return compiled
    }

    init?(_ source: String) {
        guard let regex = try? Regex(Self.swiftSyntax(source)) else { return nil }
        self.source = source
        self.regex = regex.matchingSemantics(.unicodeScalar).asciiOnlyCharacterClasses()
    }

    /// `source` with RE2 spellings Swift does not know rewritten: `\pL` as `\p{L}`, `(?P<name>` as `(?<name>`.
    static func swiftSyntax(_ source: String) -> String {
        var result = ""
        var chars = source.unicodeScalars.makeIterator()
        while let char = chars.next() {
            guard char == "\\" else {
                result.unicodeScalars.append(char)
                continue
            }
            guard let escaped = chars.next() else {
                result += "\\"
                break
            }
            if escaped == "p" || escaped == "P", let name = chars.next() {
                result += "\\\(escaped)"
                result += name == "{" ? "{" : "{\(name)}"
            } else {
                result += "\\\(escaped)"
            }
        }
        return result.replacingAll("(?P<", with: "(?<")
    }

    func matches(_ text: String) -> Bool {
        (try? regex.firstMatch(in: text)) != nil
    }
}
