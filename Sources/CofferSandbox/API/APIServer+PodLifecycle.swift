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
        guard Self.runsCommand(pod), pod.string("status", "phase") == "Pending" else { return }
        let key = ObjectKey(namespace: namespace, name: name)
        let uid = pod.string("metadata", "uid")
        let waiting = pod["status"]?["containerStatuses"]?.arrayValue?.first?["state"]?["waiting"]?["reason"]
        guard waiting?.stringValue != Self.configErrorReason else { return }
        let resolved: Value
        do throws(EnvironmentError) {
            resolved = try resolvingEnvironment(of: pod)
        } catch {
            // The kubelet keeps such a pod pending until the reference resolves; the sandbox does not retry.
            setPodStatus(key, uid: uid) { _ in Self.configErrorPodStatus(pod, message: error.message) }
            return
        }
        let initContainers = (pod["spec"]?["initContainers"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        setPodStatus(key, uid: uid) { _ in Self.runningPodStatus(pod) }
        runInitContainers(resolved, key: key, uid: uid, remaining: initContainers[...])
    }

    /// Runs init containers one after another, as the kubelet does; the first failure fails the pod
    /// (task pods do not restart), and after the last the pod's containers start together.
    private func runInitContainers(_ pod: Value, key: ObjectKey, uid: String?, remaining: ArraySlice<String>) {
        guard let container = remaining.first else {
            for container in (pod["spec"]?["containers"]?.arrayValue ?? []).compactMap({ $0["name"]?.stringValue }) {
                start(container, of: pod, key: key, uid: uid)
            }
            return
        }
        do {
            try runtime.run(pod: pod, container: container) { [self] code in
                if code == 0 {
                    runInitContainers(pod, key: key, uid: uid, remaining: remaining.dropFirst())
                } else {
                    setPodStatus(key, uid: uid) { _ in Self.finishedPodStatus(pod, exitCode: code, failedInit: container) }
                    if let finished = store.get(Self.podResource, key) { podFinished(finished.value) }
                }
            }
        } catch {
            setPodStatus(key, uid: uid) { _ in Self.finishedPodStatus(pod, exitCode: 127, failedInit: container) }
        }
    }

    /// Starts one of the pod's containers; its exit is recorded in its own status, and the pod finishes
    /// once every container has.
    private func start(_ container: String, of pod: Value, key: ObjectKey, uid: String?) {
        do {
            try runtime.run(pod: pod, container: container) { [self] code in
                containerExited(container, code: code, pod: pod, key: key, uid: uid)
            }
        } catch {
            containerExited(container, code: 127, pod: pod, key: key, uid: uid)
        }
    }

    private func containerExited(_ container: String, code: Int32, pod: Value, key: ObjectKey, uid: String?) {
        var podEnded = false
        setPodStatus(key, uid: uid) { current in
            var status = current ?? Self.runningPodStatus(pod)
            var statuses = status["containerStatuses"]?.arrayValue ?? []
            for index in statuses.indices where statuses[index]["name"]?.stringValue == container {
                statuses[index] = Self.terminatedContainerStatus(statuses[index], exitCode: code)
            }
            status.set("containerStatuses", to: .array(statuses))
            let codes = statuses.map { $0["state"]?["terminated"]?["exitCode"]?.intValue }
            guard !codes.contains(where: { $0 == nil }) else { return status }
            podEnded = true
            return Self.finishedPodStatus(pod, containerStatuses: statuses, succeeded: codes.allSatisfy { $0 == 0 })
        }
        if podEnded, let finished = store.get(Self.podResource, key) { podFinished(finished.value) }
    }

    private func setPodStatus(_ key: ObjectKey, uid: String?, _ status: (Value?) -> Value) {
        _ = try? store.mutate(Self.podResource, key) { stored throws(APIError) in
            guard var next = stored?.value, next.string("metadata", "uid") == uid else { return .keep }
            next.set("status", to: status(next["status"]))
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


    static func terminatedContainerStatus(_ status: Value, exitCode: Int32) -> Value {
        var status = status
        status.set("ready", to: false)
        status.set("started", to: false)
        status.set(
            "state",
            to: [
                "terminated": [
                    "exitCode": .int(Int64(exitCode)), "reason": exitCode == 0 ? "Completed" : "Error",
                    "finishedAt": .string(timestamp()),
                ]
            ])
        return status
    }

    /// A task pod whose init container `failedInit` exited with `exitCode`: nothing else ran.
    static func finishedPodStatus(_ pod: Value, exitCode: Int32, failedInit: String) -> Value {
        let initStatuses: [Value] = (pod["spec"]?["initContainers"]?.arrayValue ?? []).map { container in
            let base: Value = [
                "name": container["name"] ?? "", "image": container["image"] ?? "", "imageID": "", "restartCount": 0,
            ]
            return container["name"]?.stringValue == failedInit
                ? terminatedContainerStatus(base, exitCode: exitCode) : base
        }
        let statuses: [Value] = (pod["spec"]?["containers"]?.arrayValue ?? []).map { container in
            [
                "name": container["name"] ?? "", "image": container["image"] ?? "", "imageID": "", "ready": false,
                "restartCount": 0, "started": false, "state": ["waiting": ["reason": "PodInitializing"]],
            ]
        }
        var status = finishedPodStatus(pod, containerStatuses: statuses, succeeded: false)
        status.set("initContainerStatuses", to: .array(initStatuses))
        return status
    }

    static func finishedPodStatus(_ pod: Value, containerStatuses: [Value], succeeded: Bool) -> Value {
        let now = timestamp()
        return [
            "phase": succeeded ? "Succeeded" : "Failed",
            "conditions": [
                ["type": "PodScheduled", "status": "True", "lastTransitionTime": .string(now)],
                ["type": "Ready", "status": "False", "reason": "PodCompleted", "lastTransitionTime": .string(now)],
            ],
            "containerStatuses": .array(containerStatuses),
            "hostIP": "127.0.0.1", "podIP": "127.0.0.1", "qosClass": "BestEffort",
        ]
    }
}
