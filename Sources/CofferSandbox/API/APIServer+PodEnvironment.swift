import CofferCore
import CofferKubeAPI
import Foundation

// MARK: - Container environment, as the kubelet builds it

extension APIServer {
    static let secretResource = GroupResource(group: "", resource: "secrets")
    static let configMapResource = GroupResource(group: "", resource: "configmaps")
    static let serviceResource = GroupResource(group: "", resource: "services")

    /// Why a container's environment cannot be built: the kubelet's `CreateContainerConfigError`.
    struct EnvironmentError: Error {
        var message: String
    }

    /// `pod` with every container's `env` made literal, as the kubelet resolves it when the container starts:
    /// service links first, then `envFrom` in order, then `env`, each overriding the one before.
    ///
    /// Service links point at 127.0.0.1 and the port pods really listen on (the service's numeric
    /// `targetPort`, else its `port`), since every pod runs on this host; variable names keep the service port.
    func resolvingEnvironment(of pod: Value) throws(EnvironmentError) -> Value {
        let namespace = pod.string("metadata", "namespace") ?? ""
        let links = pod["spec"]?["enableServiceLinks"]?.boolValue == false ? [] : serviceLinks(namespace: namespace)
        var resolved = pod
        for list in ["initContainers", "containers"] where pod["spec"]?[list] != nil {
            resolved.set(
                "spec", list,
                to: .array(
                    try (pod["spec"]?[list]?.arrayValue ?? []).map { container throws(EnvironmentError) in
                        try literalEnvironment(of: container, in: pod, links: links)
                    }))
        }
        return resolved
    }

    /// `container` with its `env` made literal and its `envFrom` folded in.
    private func literalEnvironment(of container: Value, in pod: Value, links: [(String, String)])
        throws(EnvironmentError) -> Value
    {
        let namespace = pod.string("metadata", "namespace") ?? ""
        var names: [String] = []
        var values: [String: String] = [:]
        func define(_ name: String, _ value: String) {
            if values.updateValue(value, forKey: name) == nil { names.append(name) }
        }
        for source in container["envFrom"]?.arrayValue ?? [] {
            for (name, value) in try environment(from: source, namespace: namespace) { define(name, value) }
        }
        for variable in container["env"]?.arrayValue ?? [] {
            guard let name = variable["name"]?.stringValue else { continue }
            if let value = try value(of: variable, in: pod) { define(name, value) }
        }
        for (name, value) in links where values[name] == nil { define(name, value) }
        var literal = container
        literal.set("env", to: .array(names.map { ["name": .string($0), "value": .string(values[$0] ?? "")] }))
        literal.set("envFrom", to: nil)
        return literal
    }

    /// One `env` entry's value; `nil` when it names an optional key that does not exist.
    private func value(of variable: Value, in pod: Value) throws(EnvironmentError) -> String? {
        guard let source = variable["valueFrom"] else { return variable["value"]?.stringValue ?? "" }
        let namespace = pod.string("metadata", "namespace") ?? ""
        if let field = source["fieldRef"]?["fieldPath"]?.stringValue {
            return try fieldValue(field, of: pod)
        }
        for (key, resource, kind) in [
            ("secretKeyRef", Self.secretResource, "secret"), ("configMapKeyRef", Self.configMapResource, "configmap"),
        ] {
            guard let reference = source[key] else { continue }
            let name = reference["name"]?.stringValue ?? ""
            let wanted = reference["key"]?.stringValue ?? ""
            let optional = reference["optional"]?.boolValue ?? false
            guard let object = store.get(resource, ObjectKey(namespace: namespace, name: name)) else {
                if optional { return nil }
                throw EnvironmentError(message: "\(kind) \"\(name)\" not found")
            }
            guard let value = Self.data(of: object.value, isSecret: kind == "secret")[wanted] else {
                if optional { return nil }
                throw EnvironmentError(
                    message: "couldn't find key \(wanted) in \(kind.capitalized) \(namespace)/\(name)")
            }
            return value
        }
        throw EnvironmentError(message: "unsupported valueFrom for \(variable["name"]?.stringValue ?? "")")
    }

    /// The fields the downward API offers through `fieldRef`.
    private func fieldValue(_ path: String, of pod: Value) throws(EnvironmentError) -> String {
        switch path {
        case "metadata.name": return pod.string("metadata", "name") ?? ""
        case "metadata.namespace": return pod.string("metadata", "namespace") ?? ""
        case "metadata.uid": return pod.string("metadata", "uid") ?? ""
        case "spec.nodeName": return pod.string("spec", "nodeName") ?? ""
        case "spec.serviceAccountName": return pod.string("spec", "serviceAccountName") ?? "default"
        case "status.podIP", "status.hostIP": return "127.0.0.1"
        default:
            for (prefix, map) in [("metadata.labels['", "labels"), ("metadata.annotations['", "annotations")]
            where path.hasPrefix(prefix) && path.hasSuffix("']") {
                let key = String(path.dropFirst(prefix.count).dropLast(2))
                return pod["metadata"]?[map]?[key]?.stringValue ?? ""
            }
            throw EnvironmentError(message: "unsupported fieldPath \"\(path)\"")
        }
    }

    /// The variables one `envFrom` source defines, prefixed; keys that are not variable names are skipped.
    private func environment(from source: Value, namespace: String) throws(EnvironmentError) -> [(String, String)] {
        let prefix = source["prefix"]?.stringValue ?? ""
        for (key, resource, kind) in [
            ("secretRef", Self.secretResource, "secret"), ("configMapRef", Self.configMapResource, "configmap"),
        ] {
            guard let reference = source[key] else { continue }
            let name = reference["name"]?.stringValue ?? ""
            guard let object = store.get(resource, ObjectKey(namespace: namespace, name: name)) else {
                if reference["optional"]?.boolValue == true { return [] }
                throw EnvironmentError(message: "\(kind) \"\(name)\" not found")
            }
            return Self.data(of: object.value, isSecret: kind == "secret").sorted { $0.key < $1.key }
                .map { (prefix + $0.key, $0.value) }.filter { Self.isVariableName($0.0) }
        }
        return []
    }

    /// A ConfigMap's `data`, or a Secret's `data` decoded.
    private static func data(of object: Value, isSecret: Bool) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in object["data"]?.objectValue ?? ValueMap() {
            guard let text = value.stringValue else { continue }
            if isSecret {
                if let bytes = Data(base64Encoded: text) { result[key] = String(decoding: bytes, as: UTF8.self) }
            } else {
                result[key] = text
            }
        }
        return result
    }

    /// Whether `name` is a valid environment variable name (Kubernetes' C-identifier-like rule).
    private static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy {
            let symbol = $0 == "_" || $0 == "-" || $0 == "."
            return symbol || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
        }
    }

    /// Docker-links-style variables for every service in `namespace` that has a cluster IP.
    func serviceLinks(namespace: String) -> [(String, String)] {
        var links: [(String, String)] = []
        let services = store.list(Self.serviceResource, namespace: namespace).objects.sorted { $0.name < $1.name }
        for service in services {
            let spec = service.value["spec"]
            let clusterIP = spec?["clusterIP"]?.stringValue ?? ""
            guard !clusterIP.isEmpty, clusterIP != "None", spec?["type"]?.stringValue != "ExternalName" else {
                continue
            }
            let prefix = Self.variableName(service.name)
            let host = "127.0.0.1"
            let ports = spec?["ports"]?.arrayValue ?? []
            links.append(("\(prefix)_SERVICE_HOST", host))
            for (index, port) in ports.enumerated() {
                let number = port["port"]?.intValue ?? 0
                let listening = port["targetPort"]?.intValue ?? number
                let proto = (port["protocol"]?.stringValue ?? "TCP").lowercased()
                if index == 0 {
                    links.append(("\(prefix)_SERVICE_PORT", "\(listening)"))
                    links.append(("\(prefix)_PORT", "\(proto)://\(host):\(listening)"))
                }
                if let name = port["name"]?.stringValue, !name.isEmpty {
                    links.append(("\(prefix)_SERVICE_PORT_\(Self.variableName(name))", "\(listening)"))
                }
                let base = "\(prefix)_PORT_\(number)_\(proto.uppercased())"
                links.append((base, "\(proto)://\(host):\(listening)"))
                links.append(("\(base)_PROTO", proto))
                links.append(("\(base)_PORT", "\(listening)"))
                links.append(("\(base)_ADDR", host))
            }
        }
        return links
    }

    private static func variableName(_ name: String) -> String {
        name.uppercased().replacingOccurrences(of: "-", with: "_")
    }
}
