import CofferCore

/// Runs a pod to completion for KubeTask, PrepareData and MultiContainerRun, collecting `kando output`
/// from one container's log, and deletes the pod afterwards whatever happened (failure, timeout, cancel).
struct PodTask: Sendable {
    /// The pod to create (`metadata.generateName` set).
    var pod: Value
    var namespace: String
    /// The container whose log carries the phase output and whose exit decides success.
    var outputContainer: String
    /// Whether a non-zero exit fails the phase (PrepareData's `failOnError` may turn this off).
    var failOnError = true

    /// Labels every pod Coffer creates carries, so leftovers can be found.
    static let managedByLabel = ("app.kubernetes.io/managed-by", "coffer")

    func run(_ context: PhaseContext) async throws -> [String: Value] {
        let kube = context.kube
        let created = try await kube.create(.pods, namespace: namespace, object: pod, dryRun: false)
        guard let name = created["metadata"]?["name"]?.stringValue else {
            throw context.failure("the API server returned a pod without a name")
        }
        do {
            let output = try await collect(name, context)
            await Self.delete(name, namespace: namespace, kube: kube)
            return output
        } catch {
            await Self.delete(name, namespace: namespace, kube: kube)
            throw error
        }
    }

    /// Deletes the pod in a task of its own: the caller may be cancelled, the cleanup must not be.
    static func delete(_ name: String, namespace: String, kube: any KubeAccess) async {
        await Task {
            _ = try? await kube.delete(.pods, namespace: namespace, name: name, propagation: .background)
        }.value
    }

    private func collect(_ name: String, _ context: PhaseContext) async throws -> [String: Value] {
        let container = outputContainer
        _ = try await context.waitFor(.pods, namespace: namespace, name: name, "pod \"\(name)\" to start") { pod in
            guard let pod else {
                throw BlueprintError(.functionFailed, "pod \"\(name)\" was deleted before it started")
            }
            if let problem = Self.startProblem(pod) {
                throw BlueprintError(.functionFailed, "pod \"\(name)\" cannot start: \(problem)")
            }
            let phase = pod["status"]?["phase"]?.stringValue
            return phase == "Running" || phase == "Succeeded" || phase == "Failed"
                || Self.terminated(pod, container) != nil
        }
        context.waiting("pod \"\(name)\" to finish")
        var output = KandoOutput()
        for try await chunk in context.kube.logs(namespace: namespace, pod: name, container: container, follow: true) {
            output.feed(chunk)
            context.output(.stdout, chunk, from: "\(name)/\(container)")
        }
        output.finish()
        try Task.checkCancellation()
        let finished = try await context.waitFor(
            .pods, namespace: namespace, name: name, "pod \"\(name)\" to finish"
        ) { pod in
            guard let pod else { throw BlueprintError(.functionFailed, "pod \"\(name)\" was deleted while running") }
            return Self.terminated(pod, container) != nil
        }
        let exitCode = finished.flatMap { Self.terminated($0, container) } ?? -1
        if exitCode != 0, failOnError {
            let tail = output.tailText.trimmingWhitespace()
            throw context.failure(
                "pod \"\(name)\" container \"\(container)\" exited with code \(exitCode)"
                    + (tail.isEmpty ? "" : ": \(tail.split(separator: "\n").suffix(5).joined(separator: " | "))"))
        }
        if let problem = output.problems.first { throw context.failure(problem) }
        return output.output
    }

    /// Waiting reasons that will not go away by waiting longer.
    static let fatalWaitingReasons: Set<String> = [
        "ErrImagePull", "ImagePullBackOff", "InvalidImageName", "CreateContainerConfigError",
        "CreateContainerError",
    ]

    /// Why a container of the pod will not start (`ImagePullBackOff: ...`), if one will not.
    static func startProblem(_ pod: Value) -> String? {
        let statuses =
            (pod["status"]?["initContainerStatuses"]?.arrayValue ?? [])
            + (pod["status"]?["containerStatuses"]?.arrayValue ?? [])
        for status in statuses {
            guard let waiting = status["state"]?["waiting"], let reason = waiting["reason"]?.stringValue,
                fatalWaitingReasons.contains(reason)
            else { continue }
            let container = status["name"]?.stringValue ?? "?"
            let message = waiting["message"]?.stringValue.map { ": \($0)" } ?? ""
            return "container \"\(container)\" \(reason)\(message)"
        }
        return nil
    }

    /// The container's exit code once it has terminated; a finished pod without status counts as done.
    static func terminated(_ pod: Value, _ container: String) -> Int? {
        let statuses = pod["status"]?["containerStatuses"]?.arrayValue ?? []
        if let status = statuses.first(where: { $0["name"]?.stringValue == container }),
            let terminated = status["state"]?["terminated"]
        {
            return Int(terminated["exitCode"]?.intValue ?? 0)
        }
        switch pod["status"]?["phase"]?.stringValue {
        case "Succeeded"?: return 0
        case "Failed"?: return 1
        default: return nil
        }
    }

    /// A pod with the given containers, labels, annotations and Kanister-style overrides applied.
    static func pod(
        generateName: String, namespace: String, containers: [Value], initContainers: [Value] = [],
        volumes: [Value] = [], serviceAccount: String? = nil, labels: [String: String], annotations: [String: String],
        overrides: [Value?]
    ) -> Value {
        var metadata = ValueMap()
        metadata["generateName"] = .string(generateName)
        metadata["namespace"] = .string(namespace)
        var allLabels = labels
        allLabels[managedByLabel.0] = managedByLabel.1
        metadata["labels"] = .object(ValueMap(allLabels.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
        if !annotations.isEmpty {
            metadata["annotations"] = .object(
                ValueMap(annotations.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
        }
        var spec = ValueMap()
        spec["restartPolicy"] = "Never"
        spec["containers"] = .array(containers)
        if !initContainers.isEmpty { spec["initContainers"] = .array(initContainers) }
        if !volumes.isEmpty { spec["volumes"] = .array(volumes) }
        if let serviceAccount, !serviceAccount.isEmpty { spec["serviceAccountName"] = .string(serviceAccount) }
        var specValue = Value.object(spec)
        for override in overrides { if let override { specValue = merge(specValue, override) } }
        return ["apiVersion": "v1", "kind": "Pod", "metadata": .object(metadata), "spec": specValue]
    }

    /// Merges a `podOverride` into a pod spec: maps recursively, lists of named items by name
    /// (as a strategic merge does for containers and volumes), anything else replaced.
    static func merge(_ base: Value, _ override: Value) -> Value {
        switch (base, override) {
        case (.object(var map), .object(let changes)):
            for (key, change) in changes {
                if change.isNull {
                    map[key] = nil
                } else {
                    map[key] = map[key].map { merge($0, change) } ?? change
                }
            }
            return .object(map)
        case (.array(var items), .array(let changes))
        where (items + changes).allSatisfy({ $0["name"]?.stringValue != nil }):
            for change in changes {
                if let index = items.firstIndex(where: { $0["name"] == change["name"] }) {
                    items[index] = merge(items[index], change)
                } else {
                    items.append(change)
                }
            }
            return .array(items)
        default:
            return override
        }
    }

    static func container(name: String, image: String, command: [String], mounts: [Value] = []) -> Value {
        var map = ValueMap()
        map["name"] = .string(name)
        map["image"] = .string(image)
        map["command"] = .array(command.map { .string($0) })
        map["imagePullPolicy"] = "IfNotPresent"
        if !mounts.isEmpty { map["volumeMounts"] = .array(mounts) }
        return .object(map)
    }
}
