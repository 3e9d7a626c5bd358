public import CofferCore

/// The Kubernetes API calls a phase would make, described from its rendered arguments: what
/// `coffer run --dry-run=client` shows instead of running.
public enum PlannedCalls {
    /// One line per call, in order, for `function` called with `args`; `target` is the action's object.
    public static func describe(function: String, args: Value, target: (kind: String, namespace: String, name: String))
        -> [String]
    {
        func text(_ key: String) -> String? {
            guard let value = args[key], !value.isNull else { return nil }
            return value.stringValue ?? value.jsonString()
        }
        func command(_ key: String) -> String {
            (args[key]?.arrayValue ?? []).map { $0.stringValue ?? $0.jsonString() }.joined(separator: " ")
        }
        func reference(_ value: Value?) -> String {
            // A reference may name its kind instead of its resource; the server maps one to the other.
            let resource = value?["resource"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
                ?? value?["kind"]?.stringValue ?? ""
            let group = value?["group"]?.stringValue ?? ""
            let namespace = value?["namespace"]?.stringValue ?? ""
            return
                "\(group.isEmpty ? resource : "\(resource).\(group)") \(namespace.isEmpty ? "" : "\(namespace)/")\(value?["name"]?.stringValue ?? "")"
        }
        func pod(_ namespace: String?, _ generateName: String, logsOf container: String) -> [String] {
            let namespace = namespace ?? target.namespace
            return [
                "POST pods in \(namespace) (generateName \(generateName))",
                "WATCH the pod until it runs",
                "GET logs of container \"\(container)\" (follow), collecting kando output",
                "DELETE the pod",
            ]
        }
        switch function {
        case "KubeExec":
            return [
                "EXEC in pod \(text("namespace") ?? "")/\(text("pod") ?? "")\(text("container").map { " -c \($0)" } ?? ""): \(command("command"))"
            ]
        case "KubeExecAll":
            return [
                "EXEC in every container [\(text("containers") ?? "")] of pods [\(text("pods") ?? "")] in \(text("namespace") ?? ""): \(command("command"))"
            ]
        case "KubeTask":
            return pod(text("namespace"), "kanister-job-", logsOf: "container")
        case "PrepareData":
            return pod(text("namespace"), "prepare-data-job-", logsOf: "container")
        case "MultiContainerRun":
            return pod(text("namespace"), "multi-container-job-", logsOf: "output")
        case "ScaleWorkload":
            let kind = text("kind") ?? target.kind
            let name = "\(text("namespace") ?? target.namespace)/\(text("name") ?? target.name)"
            var calls = ["PATCH \(kind.lowercased()) \(name) scale: replicas \(text("replicas") ?? "?")"]
            if text("waitForReady") != "false" {
                calls.append("WATCH \(kind.lowercased()) \(name) until the replicas are ready")
            }
            return calls
        case "KubeOps":
            let operation = text("operation")?.lowercased() ?? ""
            switch operation {
            case "create":
                return [
                    "POST \(args["spec"].map { _ in "the spec's kind" } ?? "?") in \(text("namespace") ?? "default")"
                ]
            case "patch":
                let type = text("patchType") ?? "merge for custom resources, strategic for built-in ones"
                return ["PATCH \(reference(args["objectReference"])) (\(type))"]
            case "delete": return ["DELETE \(reference(args["objectReference"]))"]
            default: return ["GET \(reference(args["objectReference"]))"]
            }
        case "Wait", "WaitV2":
            let conditions = args["conditions"]
            let list = conditions?["anyOf"]?.arrayValue ?? conditions?["allOf"]?.arrayValue ?? []
            let mode = conditions?["allOf"] != nil ? "all" : "any"
            return [
                "WATCH \(list.map { reference($0["objectReference"]) }.joined(separator: ", ")) until \(mode) condition holds (timeout \(text("timeout") ?? "?"))"
            ]
        default:
            return []
        }
    }
}
