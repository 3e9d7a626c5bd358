import Foundation
import CofferCore

/// Which objects a list or watch returns, from `labelSelector` and `fieldSelector`.
///
/// A stand-in until `CofferKubeAPI.LabelSelector`/`FieldSelector` land: equality terms only
/// (`a=b`, `a==b`, `a!=b`, `a`, `!a`); anything else is refused with 400 rather than misread.
struct ObjectFilter: Sendable {
    enum Term: Sendable {
        case equals(String, String)
        case notEquals(String, String)
        case exists(String)
        case absent(String)
    }

    var labels: [Term] = []
    var fields: [Term] = []
    var name: String?

    init(_ request: APIRequest) throws(APIError) {
        if let text = request.queryValue("labelSelector") { labels = try Self.parse(text, what: "label") }
        if let text = request.queryValue("fieldSelector") { fields = try Self.parse(text, what: "field") }
    }

    static func parse(_ text: String, what: String) throws(APIError) -> [Term] {
        var terms: [Term] = []
        for raw in text.split(separator: ",") {
            let term = raw.trimmingCharacters(in: .whitespaces)
            if term.isEmpty { continue }
            if term.contains("(") || term.contains(" in ") || term.contains(" notin ") {
                throw APIError.badRequest("unable to parse requirement: set-based \(what) selectors are not supported yet")
            }
            if let range = term.range(of: "!=") {
                terms.append(.notEquals(String(term[..<range.lowerBound]), String(term[range.upperBound...])))
            } else if let range = term.range(of: "==") {
                terms.append(.equals(String(term[..<range.lowerBound]), String(term[range.upperBound...])))
            } else if let range = term.range(of: "=") {
                terms.append(.equals(String(term[..<range.lowerBound]), String(term[range.upperBound...])))
            } else if term.hasPrefix("!") {
                terms.append(.absent(String(term.dropFirst())))
            } else {
                terms.append(.exists(term))
            }
        }
        return terms
    }

    func matches(_ object: StoredObject) -> Bool {
        if let name, object.name != name { return false }
        let labelMap = object.labels
        for term in labels where !Self.holds(term, { labelMap[$0]?.stringValue }) { return false }
        for term in fields where !Self.holds(term, { Self.field($0, of: object.value) }) { return false }
        return true
    }

    private static func holds(_ term: Term, _ lookup: (String) -> String?) -> Bool {
        switch term {
        case .equals(let key, let value): return lookup(key) == value
        case .notEquals(let key, let value): return lookup(key) != value
        case .exists(let key): return lookup(key) != nil
        case .absent(let key): return lookup(key) == nil
        }
    }

    private static func field(_ path: String, of value: Value) -> String? {
        var current: Value? = value
        for key in path.split(separator: ".") { current = current?[String(key)] }
        switch current {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .bool(let flag): return String(flag)
        default: return nil
        }
    }
}
