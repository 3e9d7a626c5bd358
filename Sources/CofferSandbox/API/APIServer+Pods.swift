import CofferCore
import CofferKubeAPI

// MARK: - Pod exec and logs

extension APIServer {
    /// The pod and command an exec request names; throws 404 for a missing pod, 400 for a bad request.
    func execPlan(_ request: APIRequest) throws(APIError) -> ExecPlan {
        let segments = request.path.split(separator: "/").map(String.init)
        guard segments.count == 7, segments[0] == "api", segments[1] == "v1", segments[2] == "namespaces",
            segments[4] == "pods", segments[6] == "exec"
        else { throw APIError.notFoundPath() }
        let pods = GroupResource(group: "", resource: "pods")
        guard let pod = store.get(pods, ObjectKey(namespace: segments[3], name: segments[5])) else {
            throw APIError.notFound(pods, segments[5])
        }
        let command = request.query["command"] ?? []
        guard !command.isEmpty else { throw APIError.badRequest("you must specify at least 1 command") }
        let container = try containerName(request, pod: pod.value)
        // An exec'd command sees the container's environment; the pod already started, so it resolved once.
        let environment = (try? resolvingEnvironment(of: pod.value)) ?? pod.value
        return ExecPlan(pod: environment, container: container, command: command, stdin: request.queryFlag("stdin"))
    }

    func containerName(_ request: APIRequest, pod: Value) throws(APIError) -> String {
        let containers = (pod["spec"]?["containers"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        if let wanted = request.queryValue("container"), !wanted.isEmpty {
            guard containers.contains(wanted) else {
                throw APIError.badRequest(
                    "container \(wanted) is not valid for pod \(pod.string("metadata", "name") ?? "")")
            }
            return wanted
        }
        guard let first = containers.first else { throw APIError.badRequest("the pod has no containers") }
        return first
    }

    /// `GET .../pods/{name}/log`: what the container printed (nothing, for a simulated pod).
    func podLog(_ request: APIRequest, _ target: Target, name: String) throws(APIError) -> APIResponse {
        let key = ObjectKey(namespace: target.namespace ?? "", name: name)
        guard let pod = store.get(target.type.groupResource, key) else {
            throw APIError.notFound(target.type.groupResource, name)
        }
        let container = try containerName(request, pod: pod.value)
        if request.queryFlag("follow") {
            let store = self.store
            let runtime = self.runtime
            let resource = target.type.groupResource
            return .stream(
                StreamPlan { offset in
                    // Read the state first: output written before the container ended is then surely in the file.
                    let current = store.get(resource, key)?.value
                    let phase = current?.string("status", "phase")
                    let containerEnded = (current?["status"]?["containerStatuses"]?.arrayValue ?? []).contains {
                        $0["name"]?.stringValue == container && $0["state"]?["terminated"] != nil
                    }
                    let all = runtime.logs(namespace: key.namespace, pod: name, container: container)
                    // As the kubelet does, following one container's log ends when that container ends.
                    let finished =
                        containerEnded || phase != "Running" && phase != "Pending" || !Self.runsCommand(pod.value)
                    return (offset < all.count ? Array(all[offset...]) : [], finished)
                })
        }
        var bytes = runtime.logs(namespace: key.namespace, pod: name, container: container)
        if let tail = request.queryValue("tailLines").flatMap(Int.init), tail >= 0 {
            var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            if lines.last?.isEmpty == true { lines.removeLast() }
            bytes = lines.suffix(tail).flatMap { Array($0) + [UInt8(ascii: "\n")] }
        }
        return .body(status: 200, contentType: "text/plain", bytes: bytes, headers: [])
    }
}
