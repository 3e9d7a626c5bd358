import CofferCore
import Synchronization

/// The `conditions` argument of Wait and WaitV2: `anyOf` or `allOf` a list of object conditions.
struct WaitConditions: Sendable {
    struct Condition: Sendable {
        var reference: ObjectReference
        var condition: String
    }

    var allOf: Bool
    var conditions: [Condition]

    init(_ args: ArgumentValues, key: String) throws(BlueprintError) {
        guard let map = try args.object(key) else { throw args.missing(key) }
        let any = map["anyOf"]?.arrayValue
        let all = map["allOf"]?.arrayValue
        guard (any == nil) != (all == nil), let list = any ?? all, !list.isEmpty else {
            throw args.invalid(key, "expected exactly one non-empty \"anyOf\" or \"allOf\" list")
        }
        allOf = all != nil
        conditions = []
        for entry in list {
            guard let object = entry["objectReference"]?.objectValue, let condition = entry["condition"]?.stringValue
            else {
                throw args.invalid(key, "each condition needs an \"objectReference\" and a \"condition\" string")
            }
            func field(_ name: String) -> String { object[name]?.stringValue ?? "" }
            conditions.append(
                Condition(
                    reference: ObjectReference(
                        apiVersion: field("apiVersion"), group: field("group"), resource: field("resource"),
                        kind: field("kind"), name: field("name"), namespace: field("namespace")),
                    condition: condition))
        }
    }

    /// Waits, by watching the objects, until the conditions hold; `holds` judges one condition.
    ///
    /// As in Kanister, a condition that cannot be evaluated (a template error) counts as not holding;
    /// the last such error is named if the wait times out.
    func wait(
        _ context: PhaseContext, timeout: Duration,
        holds: @escaping @Sendable (Condition, Value?) throws -> Bool
    ) async throws {
        let summary = conditions.map {
            "\($0.reference.resource.isEmpty ? $0.reference.kind : $0.reference.resource)/\($0.reference.name)"
        }
        .joined(separator: ", ")
        let lastProblem = LastProblem()
        do {
            try await waitWithoutLimit(
                context, timeout: timeout, summary: summary, lastProblem: lastProblem, holds: holds)
        } catch let error as BlueprintError where error.code == .timedOut {
            // A busy machine may reach the limit before the first evaluation: one more look says why.
            if lastProblem.value == nil { try? await explain(context, lastProblem: lastProblem, holds: holds) }
            guard let problem = lastProblem.value else { throw error }
            throw BlueprintError(.timedOut, "\(error.message); last evaluation error: \(problem)")
        }
    }

    /// Evaluates every condition once, only to record why one cannot be evaluated.
    private func explain(
        _ context: PhaseContext, lastProblem: LastProblem,
        holds: @escaping @Sendable (Condition, Value?) throws -> Bool
    ) async throws {
        for condition in conditions {
            let resource = try await context.kube.resolve(condition.reference)
            _ = try await Self.evaluate(condition, resource, context, lastProblem: lastProblem, holds: holds)
        }
    }

    /// Reads the condition's object and judges it; a condition that cannot be evaluated does not hold,
    /// and why is kept in `lastProblem`.
    private static func evaluate(
        _ condition: Condition, _ resource: ResourceRef, _ context: PhaseContext, lastProblem: LastProblem,
        holds: (Condition, Value?) throws -> Bool
    ) async throws -> (Bool, Value?) {
        let namespace = resource.namespaced ? condition.reference.namespace : nil
        let object = try await context.kube.get(resource, namespace: namespace, name: condition.reference.name)
        do {
            return (try holds(condition, object), object)
        } catch {
            lastProblem.value = String(describing: error)
            return (false, object)
        }
    }

    private func waitWithoutLimit(
        _ context: PhaseContext, timeout: Duration, summary: String, lastProblem: LastProblem,
        holds: @escaping @Sendable (Condition, Value?) throws -> Bool
    ) async throws {
        let conditions = conditions
        let allOf = allOf
        try await withTimeLimit(timeout, "waiting for \(allOf ? "all" : "any") of \(summary)") {
            var resolved: [ResourceRef] = []
            for condition in conditions {
                resolved.append(try await context.kube.resolve(condition.reference))
            }
            var announced = false
            while true {
                var watches: [(ResourceRef, String?, String, String?)] = []
                var results: [Bool] = []
                for (condition, resource) in zip(conditions, resolved) {
                    let (held, object) = try await Self.evaluate(
                        condition, resource, context, lastProblem: lastProblem, holds: holds)
                    results.append(held)
                    watches.append(
                        (
                            resource, resource.namespaced ? condition.reference.namespace : nil,
                            condition.reference.name, object?["metadata"]?["resourceVersion"]?.stringValue
                        ))
                }
                if allOf ? results.allSatisfy({ $0 }) : results.contains(true) { return }
                if !announced {
                    context.waiting("\(allOf ? "all" : "any") of: \(summary)")
                    announced = true
                }
                try await context.waitForChange(of: watches)
            }
        }
    }
}

/// The subset of JSONPath Kanister's Wait conditions use: `{$.a.b[0]['c.d']}` placeholders.
enum ConditionPath {
    /// `text` with every `{$...}` replaced by the value it names; `nil` when a path does not exist.
    static func resolve(_ text: String, in object: Value) -> String? {
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstRange(of: "{$") {
            result += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else { return nil }
            guard let values = values(rest[open.upperBound..<close], in: object) else { return nil }
            result += values.map { $0.stringValue ?? $0.jsonString() }.joined(separator: " ")
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    /// Every value `path` names: `[]` and `[*]` range over an array's elements, whose results Kubernetes'
    /// JSONPath prints space-separated (elements missing the rest of the path are skipped); `nil` when a path
    /// without a range does not exist.
    static func values(_ path: Substring, in object: Value) -> [Value]? {
        guard let range = path.firstRange(of: "[]") ?? path.firstRange(of: "[*]") else {
            return lookup(path, in: object).map { [$0] }
        }
        guard let array = lookup(path[..<range.lowerBound], in: object)?.arrayValue else { return nil }
        return array.flatMap { values(path[range.upperBound...], in: $0) ?? [] }
    }

    static func lookup(_ path: Substring, in object: Value) -> Value? {
        var current = object
        var index = path.startIndex
        while index < path.endIndex {
            let character = path[index]
            if character == "." {
                index = path.index(after: index)
                let end = path[index...].firstIndex { $0 == "." || $0 == "[" } ?? path.endIndex
                let key = String(path[index..<end])
                guard let next = current[key] else { return nil }
                current = next
                index = end
            } else if character == "[" {
                guard let end = path[index...].firstIndex(of: "]") else { return nil }
                var inner = path[path.index(after: index)..<end]
                if inner.hasPrefix("'") || inner.hasPrefix("\"") { inner = inner.dropFirst().dropLast() }
                if let position = Int(inner) {
                    guard let array = current.arrayValue, array.indices.contains(position) else { return nil }
                    current = array[position]
                } else {
                    guard let next = current[String(inner)] else { return nil }
                    current = next
                }
                index = path.index(after: end)
            } else {
                return nil
            }
        }
        return current
    }
}

/// The last error seen while evaluating conditions, shared with the waiting task.
private final class LastProblem: Sendable {
    private let problem = Mutex<String?>(nil)

    var value: String? {
        get { problem.withLock { $0 } }
        set { problem.withLock { $0 = newValue } }
    }
}
