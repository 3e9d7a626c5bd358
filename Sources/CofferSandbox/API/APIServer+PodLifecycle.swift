import CofferCore
import CofferKubeAPI

// MARK: - Pods that run their command (KubeTask-like)

extension APIServer {
    /// Whether a pod runs its command on the host: it has one and is not restarted (a task, not a service).
    static func runsCommand(_ pod: Value) -> Bool {
        let policy = pod["spec"]?["restartPolicy"]?.stringValue ?? "Always"
        guard policy == "Never" || policy == "OnFailure" else { return false }
        let first = pod["spec"]?["containers"]?.arrayValue?.first
        return first?["command"] != nil || first?["args"] != nil
    }

    static func pendingPodStatus(_ pod: Value) -> Value {
        let containers = pod["spec"]?["containers"]?.arrayValue ?? []
        return [
            "phase": "Pending",
            "conditions": [["type": "PodScheduled", "status": "True", "lastTransitionTime": .string(timestamp())]],
            "containerStatuses": .array(
                containers.map {
                    [
                        "name": $0["name"] ?? "", "image": $0["image"] ?? "", "imageID": "", "ready": false,
                        "restartCount": 0, "started": false, "state": ["waiting": ["reason": "ContainerCreating"]],
                    ]
                }),
            "hostIP": "127.0.0.1", "qosClass": "BestEffort",
        ]
    }

    func podChanged(_ pod: Value, deleted: Bool) {
        let namespace = pod.string("metadata", "namespace") ?? ""
        let name = pod.string("metadata", "name") ?? ""
        if deleted {
            runtime.stop(namespace: namespace, pod: name)
            podRemoved(pod)
            return
        }
        guard Self.runsCommand(pod), pod.string("status", "phase") == "Pending",
            let container = pod["spec"]?["containers"]?.arrayValue?.first?["name"]?.stringValue
        else { return }
        let uid = pod.string("metadata", "uid")
        let key = ObjectKey(namespace: namespace, name: name)
        let waiting = pod["status"]?["containerStatuses"]?.arrayValue?.first?["state"]?["waiting"]?["reason"]
        guard waiting?.stringValue != Self.configErrorReason else { return }
        let resolved: Value
        do throws(EnvironmentError) {
            resolved = try resolvingEnvironment(of: pod)
        } catch {
            // The kubelet keeps such a pod pending until the reference resolves; the sandbox does not retry.
            setPodStatus(key, uid: uid) { Self.configErrorPodStatus(pod, message: error.message) }
            return
        }
        setPodStatus(key, uid: uid) { Self.runningPodStatus(pod) }
        do {
            try runtime.run(pod: resolved, container: container) { [self] code in
                setPodStatus(key, uid: uid) { Self.finishedPodStatus(pod, exitCode: code) }
                if let finished = store.get(Self.podResource, key) { podFinished(finished.value) }
            }
        } catch {
            setPodStatus(key, uid: uid) { Self.finishedPodStatus(pod, exitCode: 127) }
        }
    }

    private func setPodStatus(_ key: ObjectKey, uid: String?, _ status: () -> Value) {
        _ = try? store.mutate(Self.podResource, key) { stored throws(APIError) in
            guard var next = stored?.value, next.string("metadata", "uid") == uid else { return .keep }
            next.set("status", to: status())
            return .put(next)
        }
    }

    static let configErrorReason = "CreateContainerConfigError"

    /// A pod whose container cannot start because its environment names something missing.
    static func configErrorPodStatus(_ pod: Value, message: String) -> Value {
        var status = pendingPodStatus(pod)
        let containers = status["containerStatuses"]?.arrayValue ?? []
        status.set(
            "containerStatuses",
            to: .array(
                containers.map { container in
                    var container = container
                    container.set(
                        "state", to: ["waiting": ["reason": .string(configErrorReason), "message": .string(message)]])
                    return container
                }))
        return status
    }

    static func finishedPodStatus(_ pod: Value, exitCode: Int32) -> Value {
        let now = timestamp()
        let containers = pod["spec"]?["containers"]?.arrayValue ?? []
        let reason = exitCode == 0 ? "Completed" : "Error"
        return [
            "phase": exitCode == 0 ? "Succeeded" : "Failed",
            "conditions": [
                ["type": "PodScheduled", "status": "True", "lastTransitionTime": .string(now)],
                ["type": "Ready", "status": "False", "reason": "PodCompleted", "lastTransitionTime": .string(now)],
            ],
            "containerStatuses": .array(
                containers.enumerated().map { index, container in
                    [
                        "name": container["name"] ?? "", "image": container["image"] ?? "", "imageID": "",
                        "ready": false, "restartCount": 0, "started": false,
                        "state": [
                            "terminated": [
                                "exitCode": .int(Int64(index == 0 ? exitCode : 0)), "reason": .string(reason),
                                "finishedAt": .string(now),
                            ]
                        ],
                    ]
                }),
            "hostIP": "127.0.0.1", "podIP": "127.0.0.1", "qosClass": "BestEffort",
        ]
    }
}
