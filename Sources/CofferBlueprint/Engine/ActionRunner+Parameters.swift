import CofferCore

// MARK: - Template parameters from the cluster

extension ActionRunner {
    /// Builds the run's template parameters once, as Kanister's `param.New` does.
    func buildParameters(_ request: RunRequest, time: String) async throws -> TemplateParameters {
        let target = request.object
        let resource = try await kube.resolve(target)
        let namespace = resource.namespaced ? target.namespace : nil
        guard let object = try await kube.get(resource, namespace: namespace, name: target.name) else {
            throw BlueprintError(
                .invalidRun,
                "\(resource.kind) \"\(target.name)\" not found\(namespace.map { " in namespace \"\($0)\"" } ?? "")")
        }
        var parameters = TemplateParameters(object: object, time: time)
        switch resource.kind {
        case "StatefulSet": parameters.workload = try await workload(.statefulSet, object, target.namespace)
        case "Deployment": parameters.workload = try await workload(.deployment, object, target.namespace)
        case "DeploymentConfig": parameters.workload = try await workload(.deploymentConfig, object, target.namespace)
        case "PersistentVolumeClaim":
            parameters.namedTarget = .init(kind: .pvc, name: target.name, namespace: target.namespace)
        case "Namespace":
            parameters.namedTarget = .init(kind: .namespace, name: target.name, namespace: target.name)
        default: break
        }
        for (alias, reference) in request.configMaps {
            parameters.configMaps[alias] = try await loadConfigMap(namespace: reference.namespace, name: reference.name)
        }
        for (alias, reference) in request.secrets {
            parameters.secrets[alias] = try await loadSecret(namespace: reference.namespace, name: reference.name)
        }
        if let profileObject = request.profileObject {
            let name = profileObject["metadata"]?["name"]?.stringValue ?? ""
            parameters.profile = try await profile(
                profileObject, describedAs: "Profile \"\(name)\"",
                namespace: profileObject["metadata"]?["namespace"]?.stringValue ?? target.namespace)
        } else if let profile = request.profile {
            parameters.profile = try await loadProfile(profile)
        }
        parameters.options = request.options
        parameters.artifactsIn = request.artifactsIn
        parameters.podOverride = request.podOverride
        parameters.podLabels = request.podLabels
        parameters.podAnnotations = request.podAnnotations
        return parameters
    }

    func loadSecret(namespace: String, name: String) async throws -> TemplateParameters.SecretData {
        guard let secret = try await kube.get(.secrets, namespace: namespace, name: name) else {
            throw BlueprintError(.invalidRun, "Secret \"\(namespace)/\(name)\" not found")
        }
        var data: [String: [UInt8]] = [:]
        for (key, value) in secret["data"]?.objectValue ?? ValueMap() {
            data[key] = value.stringValue.flatMap(Base64.decode) ?? []
        }
        for (key, value) in secret["stringData"]?.objectValue ?? ValueMap() {
            data[key] = Array((value.stringValue ?? "").utf8)
        }
        return TemplateParameters.SecretData(
            name: name, namespace: namespace, type: secret["type"]?.stringValue ?? "Opaque", data: data)
    }

    func loadConfigMap(namespace: String, name: String) async throws -> TemplateParameters.ConfigMapData {
        guard let configMap = try await kube.get(.configMaps, namespace: namespace, name: name) else {
            throw BlueprintError(.invalidRun, "ConfigMap \"\(namespace)/\(name)\" not found")
        }
        var data: [String: String] = [:]
        for (key, value) in configMap["data"]?.objectValue ?? ValueMap() { data[key] = value.stringValue ?? "" }
        return TemplateParameters.ConfigMapData(name: name, namespace: namespace, data: data)
    }

    /// A Kanister `Profile` (cr.kanister.io/v1alpha1) and the Secret its key pair is in.
    func loadProfile(_ reference: ObjectReference) async throws -> TemplateParameters.Profile {
        let resource = try await kube.resolve("profiles", apiVersion: "cr.kanister.io/v1alpha1")
        guard let profile = try await kube.get(resource, namespace: reference.namespace, name: reference.name) else {
            throw BlueprintError(.invalidRun, "Profile \"\(reference.namespace)/\(reference.name)\" not found")
        }
        return try await self.profile(
            profile, describedAs: "Profile \"\(reference.namespace)/\(reference.name)\"", namespace: reference.namespace)
    }

    /// The template view of a Profile object, with its credential read from the Secret it names
    /// (in `namespace` when the reference gives none).
    func profile(_ profile: Value, describedAs description: String, namespace: String) async throws
        -> TemplateParameters.Profile
    {
        let credential = profile["credential"]
        guard let secretRef = credential?["keyPair"]?["secret"] ?? credential?["secret"],
            let secretName = secretRef["name"]?.stringValue, !secretName.isEmpty
        else {
            throw BlueprintError(
                .invalidRun, "\(description) names no credential Secret (credential.keyPair.secret or credential.secret)")
        }
        let secret = try await loadSecret(
            namespace: secretRef["namespace"]?.stringValue ?? namespace, name: secretName)
        let resolved: TemplateParameters.Profile.Credential
        if let keyPair = credential?["keyPair"] {
            func field(_ key: String) -> String {
                secret.data[keyPair[key]?.stringValue ?? ""].map { String(decoding: $0, as: UTF8.self) } ?? ""
            }
            resolved = .keyPair(id: field("idField"), secret: field("secretField"))
        } else {
            resolved = .secret(secret)
        }
        return TemplateParameters.Profile(object: profile, credential: resolved)
    }

    /// A workload's running pods, their containers and the PVCs they mount, as Kanister's param.go finds them.
    func workload(_ kind: TemplateParameters.Workload.Kind, _ object: Value, _ namespace: String) async throws
        -> TemplateParameters.Workload
    {
        let name = object["metadata"]?["name"]?.stringValue ?? ""
        let uid = object["metadata"]?["uid"]?.stringValue
        let selector = Self.labelSelector(object)
        var owners: Set<String> = uid.map { [$0] } ?? []
        if kind == .deployment, let uid {
            // Pods belong to the Deployment's current ReplicaSet, which the Deployment owns.
            let revision = object["metadata"]?["annotations"]?["deployment.kubernetes.io/revision"]?.stringValue
            let sets = try await kube.list(.replicaSets, namespace: namespace, labelSelector: selector)
            owners = Set(
                sets.filter { Self.isOwned($0, by: [uid]) }.filter { set in
                    revision == nil
                        || set["metadata"]?["annotations"]?["deployment.kubernetes.io/revision"]?.stringValue
                            == revision
                }.compactMap { $0["metadata"]?["uid"]?.stringValue })
        }
        let pods = try await kube.list(.pods, namespace: namespace, labelSelector: selector)
            .filter { uid == nil || Self.isOwned($0, by: owners) }
            .filter { $0["status"]?["phase"]?.stringValue == "Running" && $0["metadata"]?["deletionTimestamp"] == nil }
            .sorted { ($0["metadata"]?["name"]?.stringValue ?? "") < ($1["metadata"]?["name"]?.stringValue ?? "") }
        var workload = TemplateParameters.Workload(kind: kind, name: name, namespace: namespace)
        for pod in pods {
            let podName = pod["metadata"]?["name"]?.stringValue ?? ""
            let containers = pod["spec"]?["containers"]?.arrayValue ?? []
            workload.pods.append(podName)
            workload.containers.append(containers.compactMap { $0["name"]?.stringValue })
            var claims: [String: String] = [:]
            for volume in pod["spec"]?["volumes"]?.arrayValue ?? [] {
                guard let claim = volume["persistentVolumeClaim"]?["claimName"]?.stringValue,
                    let volumeName = volume["name"]?.stringValue
                else { continue }
                let mount = containers.lazy.compactMap { container in
                    container["volumeMounts"]?.arrayValue?.first { $0["name"]?.stringValue == volumeName }
                }.first
                claims[claim] = mount?["mountPath"]?.stringValue ?? ""
            }
            if !claims.isEmpty { workload.persistentVolumeClaims[podName] = claims }
        }
        return workload
    }

    static func isOwned(_ object: Value, by owners: Set<String>) -> Bool {
        (object["metadata"]?["ownerReferences"]?.arrayValue ?? []).contains { reference in
            reference["uid"]?.stringValue.map(owners.contains) ?? false
        }
    }

    /// `spec.selector.matchLabels` (or a DeploymentConfig's plain `spec.selector`) as `k=v,...`.
    static func labelSelector(_ object: Value) -> String? {
        let selector = object["spec"]?["selector"]
        guard let labels = (selector?["matchLabels"] ?? selector)?.objectValue, !labels.isEmpty else { return nil }
        return labels.keys.sorted().compactMap { key in labels[key]?.stringValue.map { "\(key)=\($0)" } }
            .joined(separator: ",")
    }
}
