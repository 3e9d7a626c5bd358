import CofferCore
import Foundation

/// Server-side printing: the `meta.k8s.io/v1` `Table` kubectl asks for, with the columns kube-apiserver prints.
struct TableConverter: Sendable {
    struct Column: Sendable {
        var name: String
        var type = "string"
        var format = ""
        var description: String
        var cell: @Sendable (Value) -> Value
    }

    var columns: [Column]
    var includeObject: String

    /// Whether `accept` asks for a Table (`application/json;as=Table;v=v1;g=meta.k8s.io`).
    static func wanted(_ request: APIRequest) -> Bool {
        request.header("accept")?.contains("as=Table") == true
    }

    init(type: ResourceType, crd: Value?, includeObject: String?) {
        self.includeObject = includeObject ?? "PartialObjectMetadata"
        let name = Column(name: "Name", format: "name", description: "Name must be unique within a namespace.") {
            $0.metadata["name"] ?? ""
        }
        let age = Column(name: "Age", description: "CreationTimestamp is the time the object was created.") {
            .string(Self.age($0.string("metadata", "creationTimestamp")))
        }
        func column(_ title: String, _ cell: @escaping @Sendable (Value) -> Value) -> Column {
            Column(name: title, description: title, cell: cell)
        }
        @Sendable func int(_ value: Value?) -> Int64 { value?.intValue ?? 0 }
        switch (type.group, type.plural) {
        case ("", "pods"):
            columns = [
                name,
                column("Ready") { pod in
                    let statuses = pod["status"]?["containerStatuses"]?.arrayValue ?? []
                    let ready = statuses.filter { $0["ready"]?.boolValue == true }.count
                    return .string("\(ready)/\(pod["spec"]?["containers"]?.arrayValue?.count ?? 0)")
                },
                column("Status") { pod in
                    if pod.metadata["deletionTimestamp"] != nil { return "Terminating" }
                    let terminated = pod["status"]?["containerStatuses"]?.arrayValue?.first?["state"]?["terminated"]
                    return terminated?["reason"] ?? pod["status"]?["phase"] ?? "Pending"
                },
                column("Restarts") { _ in 0 }, age,
            ]
        case ("apps", "deployments"):
            columns = [
                name,
                column("Ready") { .string("\(int($0["status"]?["readyReplicas"]))/\(int($0["spec"]?["replicas"]))") },
                column("Up-to-date") { .int(int($0["status"]?["updatedReplicas"])) },
                column("Available") { .int(int($0["status"]?["availableReplicas"])) }, age,
            ]
        case ("apps", "statefulsets"):
            columns = [
                name,
                column("Ready") { .string("\(int($0["status"]?["readyReplicas"]))/\(int($0["spec"]?["replicas"]))") },
                age,
            ]
        case ("apps", "replicasets"):
            columns = [
                name, column("Desired") { .int(int($0["spec"]?["replicas"])) },
                column("Current") { .int(int($0["status"]?["replicas"])) },
                column("Ready") { .int(int($0["status"]?["readyReplicas"])) }, age,
            ]
        case ("batch", "jobs"):
            columns = [
                name,
                column("Status") { job in
                    let conditions = job["status"]?["conditions"]?.arrayValue ?? []
                    if conditions.contains(where: { $0["type"] == "Complete" }) { return "Complete" }
                    if conditions.contains(where: { $0["type"] == "Failed" }) { return "Failed" }
                    return "Running"
                },
                column("Completions") {
                    .string("\(int($0["status"]?["succeeded"]))/\($0["spec"]?["completions"]?.intValue ?? 1)")
                },
                age,
            ]
        case ("", "namespaces"):
            columns = [name, column("Status") { $0["status"]?["phase"] ?? "Active" }, age]
        case ("", "configmaps"):
            columns = [
                name,
                column("Data") {
                    .int(Int64(($0["data"]?.objectValue?.count ?? 0) + ($0["binaryData"]?.objectValue?.count ?? 0)))
                }, age,
            ]
        case ("", "secrets"):
            columns = [
                name, column("Type") { $0["type"] ?? "Opaque" },
                column("Data") { .int(Int64($0["data"]?.objectValue?.count ?? 0)) }, age,
            ]
        case ("apiextensions.k8s.io", "customresourcedefinitions"):
            columns = [
                name, column("Created At") { $0.metadata["creationTimestamp"] ?? "" },
            ]
        default:
            var printed = [name]
            let version = (crd?["spec"]?["versions"]?.arrayValue ?? []).first {
                $0["name"]?.stringValue == type.version
            }
            for column in version?["additionalPrinterColumns"]?.arrayValue ?? []
            where column["priority"]?.intValue ?? 0 == 0 {
                let path = (column["jsonPath"]?.stringValue ?? "").split(separator: ".").map(String.init)
                let title = column["name"]?.stringValue ?? ""
                let isDate = column["type"]?.stringValue == "date"
                printed.append(
                    Column(name: title, description: column["description"]?.stringValue ?? title) { object in
                        var current: Value? = object
                        for key in path { current = current?[key] }
                        if isDate, let text = current?.stringValue { return .string(Self.age(text)) }
                        return current ?? .null
                    })
            }
            columns = printed + [age]
        }
    }

    private var definitions: Value {
        .array(
            columns.map {
                [
                    "name": .string($0.name), "type": .string($0.type), "format": .string($0.format),
                    "description": .string($0.description), "priority": 0,
                ]
            })
    }

    private func row(_ object: Value) -> Value {
        var row: ValueMap = ValueMap()
        row["cells"] = .array(columns.map { $0.cell(object) })
        switch includeObject {
        case "Object": row["object"] = object
        case "None": break
        default:
            row["object"] = [
                "kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": object["metadata"] ?? [:],
            ]
        }
        return .object(row)
    }

    /// A Table of `objects`, at `resourceVersion`.
    func table(_ objects: [Value], resourceVersion: String) -> Value {
        [
            "kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": ["resourceVersion": .string(resourceVersion)],
            "columnDefinitions": definitions, "rows": .array(objects.map(row)),
        ]
    }

    /// A watch event whose object is a one-row Table.
    func eventLine(_ event: WatchEvent) -> [UInt8] {
        let line: Value = [
            "type": .string(event.kind.rawValue),
            "object": table([event.object.value], resourceVersion: String(event.resourceVersion)),
        ]
        return Array(line.jsonString().utf8) + [UInt8(ascii: "\n")]
    }

    /// kubectl's short ages: `42s`, `5m12s`, `17m`, `3h4m`, `20h`, `2d3h`, `12d`.
    static func age(_ timestamp: String?, now: Date = Date()) -> String {
        guard let timestamp, let date = ISO8601DateFormatter().date(from: timestamp) else { return "<unknown>" }
        let seconds = max(0, Int(now.timeIntervalSince(date)))
        switch seconds {
        case ..<120: return "\(seconds)s"
        case ..<600: return "\(seconds / 60)m\(seconds % 60 == 0 ? "" : "\(seconds % 60)s")"
        case ..<(3 * 3600): return "\(seconds / 60)m"
        case ..<(8 * 3600): return "\(seconds / 3600)h\((seconds % 3600) / 60 == 0 ? "" : "\((seconds % 3600) / 60)m")"
        case ..<(48 * 3600): return "\(seconds / 3600)h"
        case ..<(8 * 86400):
            return "\(seconds / 86400)d\((seconds % 86400) / 3600 == 0 ? "" : "\((seconds % 86400) / 3600)h")"
        default: return "\(seconds / 86400)d"
        }
    }
}
