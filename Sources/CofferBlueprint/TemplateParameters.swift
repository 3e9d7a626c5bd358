public import CofferCore
public import CofferTemplate

/// What a blueprint's templates see as `.`: Kanister's `TemplateParams`, field for field.
///
/// Field names, nesting and Go types follow Kanister's `param.TemplateParams`, so `{{ .StatefulSet.Pods }}`,
/// `{{ index .Phases.x.Secrets.y.Data "k" | toString }}` and `{{ toJson .Profile }}` render as in Kanister.
/// Workload fields are set only for the kind the action runs on; reading another is an error, as there.
public struct TemplateParameters: Sendable {
    /// The action's target as an unstructured object (`.Object`); always set.
    public var object: Value
    /// `.StatefulSet`, `.Deployment`, `.DeploymentConfig`: whichever matches the target's kind.
    public var workload: Workload?
    /// `.PVC` or `.Namespace` (`Name` and `Namespace`), for those target kinds.
    public var namedTarget: NamedTarget?
    public var artifactsIn: [String: Artifact]
    public var configMaps: [String: ConfigMapData]
    public var secrets: [String: SecretData]
    /// `.Time`: when the action started, RFC 3339 with nanoseconds, UTC.
    public var time: String
    public var profile: Profile?
    public var options: [String: String]
    /// `.Phases`: phases that have run (outputs) or are about to run (their objects).
    public var phases: [String: PhaseValues]
    public var deferPhase: PhaseValues?
    public var currentPhase: String?
    public var podOverride: Value?
    public var podLabels: [String: String]
    public var podAnnotations: [String: String]

    public init(object: Value, time: String) {
        self.object = object
        self.workload = nil
        self.namedTarget = nil
        self.artifactsIn = [:]
        self.configMaps = [:]
        self.secrets = [:]
        self.time = time
        self.profile = nil
        self.options = [:]
        self.phases = [:]
        self.deferPhase = nil
        self.currentPhase = nil
        self.podOverride = nil
        self.podLabels = [:]
        self.podAnnotations = [:]
    }

    /// A StatefulSet, Deployment or DeploymentConfig with its pods.
    public struct Workload: Sendable {
        public enum Kind: String, Sendable, CaseIterable {
            case statefulSet = "StatefulSet", deployment = "Deployment", deploymentConfig = "DeploymentConfig"
        }
        public var kind: Kind
        public var name: String
        public var namespace: String
        public var pods: [String]
        /// Container names per pod, in `pods` order.
        public var containers: [[String]]
        /// Pod name -> PVC name -> mount path.
        public var persistentVolumeClaims: [String: [String: String]]

        public init(
            kind: Kind, name: String, namespace: String, pods: [String] = [], containers: [[String]] = [],
            persistentVolumeClaims: [String: [String: String]] = [:]
        ) {
            self.kind = kind
            self.name = name
            self.namespace = namespace
            self.pods = pods
            self.containers = containers
            self.persistentVolumeClaims = persistentVolumeClaims
        }
    }

    /// A PersistentVolumeClaim or Namespace target.
    public struct NamedTarget: Sendable {
        public enum Kind: String, Sendable { case pvc = "PVC", namespace = "Namespace" }
        public var kind: Kind
        public var name: String
        public var namespace: String

        public init(kind: Kind, name: String, namespace: String) {
            self.kind = kind
            self.name = name
            self.namespace = namespace
        }
    }

    /// An input or output artifact: key/value pairs and an optional Kopia snapshot.
    public struct Artifact: Sendable, Hashable {
        public var keyValue: [String: String]
        public var kopiaSnapshot: String?

        public init(keyValue: [String: String] = [:], kopiaSnapshot: String? = nil) {
            self.keyValue = keyValue
            self.kopiaSnapshot = kopiaSnapshot
        }
    }

    /// A ConfigMap as templates see it.
    public struct ConfigMapData: Sendable {
        public var name: String
        public var namespace: String
        public var data: [String: String]

        public init(name: String, namespace: String, data: [String: String]) {
            self.name = name
            self.namespace = namespace
            self.data = data
        }
    }

    /// A Secret as templates see it: `Data` values are bytes, so templates pipe them through `toString`.
    public struct SecretData: Sendable {
        public var name: String
        public var namespace: String
        public var type: String
        public var data: [String: [UInt8]]

        public init(name: String, namespace: String, type: String = "Opaque", data: [String: [UInt8]]) {
            self.name = name
            self.namespace = namespace
            self.type = type
            self.data = data
        }
    }

    /// Kanister's location profile: where artifacts go and the credential to reach it.
    public struct Profile: Sendable {
        public var locationType: String
        public var bucket: String
        public var endpoint: String
        public var prefix: String
        public var region: String
        public var credential: Credential
        public var skipSSLVerify: Bool

        public enum Credential: Sendable {
            case keyPair(id: String, secret: String)
            case secret(SecretData)
        }

        public init(
            locationType: String = "s3Compliant", bucket: String, endpoint: String = "", prefix: String = "",
            region: String = "", credential: Credential, skipSSLVerify: Bool = false
        ) {
            self.locationType = locationType
            self.bucket = bucket
            self.endpoint = endpoint
            self.prefix = prefix
            self.region = region
            self.credential = credential
            self.skipSSLVerify = skipSSLVerify
        }
    }

    /// One phase's entry under `.Phases`: the objects it loaded and, once it has run, its output.
    public struct PhaseValues: Sendable {
        public var secrets: [String: SecretData]
        public var configMaps: [String: ConfigMapData]
        public var output: [String: Value]

        public init(
            secrets: [String: SecretData] = [:], configMaps: [String: ConfigMapData] = [:],
            output: [String: Value] = [:]
        ) {
            self.secrets = secrets
            self.configMaps = configMaps
            self.output = output
        }
    }
}

// MARK: - Template values

extension TemplateParameters {
    /// The value handed to templates as `.`, shaped like Kanister's Go struct.
    public var templateValue: TemplateValue {
        func strings(_ map: [String: String]) -> TemplateValue { .map(map.mapValues { .string($0) }) }
        func workloadValue(_ kind: TemplateParameters.Workload.Kind) -> TemplateValue {
            guard let workload, workload.kind == kind else { return .nil_ }
            return workload.templateValue
        }
        func namedValue(_ kind: TemplateParameters.NamedTarget.Kind) -> TemplateValue {
            guard let namedTarget, namedTarget.kind == kind else { return .nil_ }
            return .structure(TemplateStruct(
                typeName: "*param.\(kind.rawValue)Params",
                fields: [("Name", .string(namedTarget.name)), ("Namespace", .string(namedTarget.namespace))]))
        }
        return .structure(TemplateStruct(
            typeName: "param.TemplateParams",
            fields: [
                ("StatefulSet", workloadValue(.statefulSet)),
                ("DeploymentConfig", workloadValue(.deploymentConfig)),
                ("Deployment", workloadValue(.deployment)),
                ("PVC", namedValue(.pvc)),
                ("Namespace", namedValue(.namespace)),
                ("ArtifactsIn", .map(artifactsIn.mapValues(\.templateValue))),
                ("ConfigMaps", .map(configMaps.mapValues(\.templateValue))),
                ("Secrets", .map(secrets.mapValues(\.templateValue))),
                ("Time", .string(time)),
                ("Profile", profile?.templateValue ?? .nil_),
                ("RepositoryServer", .nil_),
                ("Options", strings(options)),
                ("Object", TemplateValue(object)),
                ("Phases", .map(phases.mapValues(\.templateValue))),
                ("DeferPhase", deferPhase?.templateValue ?? .nil_),
                ("CurrentPhase", currentPhase.map { .string($0) } ?? .nil_),
                ("PodOverride", podOverride.map(TemplateValue.init) ?? .nil_),
                ("PodLabels", strings(podLabels)),
                ("PodAnnotations", strings(podAnnotations)),
            ]))
    }
}

extension TemplateParameters.Workload {
    var templateValue: TemplateValue {
        .structure(TemplateStruct(
            typeName: "*param.\(kind.rawValue)Params",
            fields: [
                ("Name", .string(name)),
                ("Namespace", .string(namespace)),
                ("Pods", .list(pods.map { .string($0) })),
                ("Containers", .list(containers.map { .list($0.map { .string($0) }) })),
                ("PersistentVolumeClaims", .map(persistentVolumeClaims.mapValues { .map($0.mapValues { .string($0) }) })),
            ]))
    }
}

extension TemplateParameters.Artifact {
    var templateValue: TemplateValue {
        .structure(TemplateStruct(
            typeName: "v1alpha1.Artifact",
            fields: [
                ("KeyValue", .map(keyValue.mapValues { .string($0) })),
                ("KopiaSnapshot", .string(kopiaSnapshot ?? "")),
            ],
            jsonTags: ["KeyValue": "keyValue,omitempty", "KopiaSnapshot": "kopiaSnapshot,omitempty"]))
    }
}

extension TemplateParameters.ConfigMapData {
    var templateValue: TemplateValue {
        .structure(TemplateStruct(
            typeName: "v1.ConfigMap",
            fields: [
                ("ObjectMeta", objectMeta(name: name, namespace: namespace)),
                ("Name", .string(name)),
                ("Namespace", .string(namespace)),
                ("Data", .map(data.mapValues { .string($0) })),
            ],
            jsonTags: ["ObjectMeta": "metadata", "Name": "-", "Namespace": "-", "Data": "data,omitempty"]))
    }
}

extension TemplateParameters.SecretData {
    var templateValue: TemplateValue {
        .structure(TemplateStruct(
            typeName: "v1.Secret",
            fields: [
                ("ObjectMeta", objectMeta(name: name, namespace: namespace)),
                ("Name", .string(name)),
                ("Namespace", .string(namespace)),
                ("Data", .map(data.mapValues { .bytes($0) })),
                ("Type", .string(type)),
            ],
            jsonTags: [
                "ObjectMeta": "metadata", "Name": "-", "Namespace": "-", "Data": "data,omitempty",
                "Type": "type,omitempty",
            ]))
    }
}

private func objectMeta(name: String, namespace: String) -> TemplateValue {
    .structure(TemplateStruct(
        typeName: "v1.ObjectMeta",
        fields: [("Name", .string(name)), ("Namespace", .string(namespace))],
        jsonTags: ["Name": "name,omitempty", "Namespace": "namespace,omitempty"]))
}

extension TemplateParameters.Profile {
    /// The location and flags of a Kanister `Profile` object, with `credential` already resolved.
    public init(object: Value, credential: Credential) {
        let location = object["location"]
        self.init(
            locationType: location?["type"]?.stringValue ?? "s3Compliant",
            bucket: location?["bucket"]?.stringValue ?? "", endpoint: location?["endpoint"]?.stringValue ?? "",
            prefix: location?["prefix"]?.stringValue ?? "", region: location?["region"]?.stringValue ?? "",
            credential: credential, skipSSLVerify: object["skipSSLVerify"]?.boolValue ?? false)
    }

    /// A Profile object's location for a render that reads no Secret: the credential stays a placeholder.
    public static func offline(_ object: Value) -> Self {
        Self(object: object, credential: OfflinePlaceholders.credential)
    }
}

extension TemplateParameters.Profile {
    var templateValue: TemplateValue {
        let location = TemplateValue.structure(TemplateStruct(
            typeName: "v1alpha1.Location",
            fields: [
                ("Type", .string(locationType)), ("Bucket", .string(bucket)), ("Endpoint", .string(endpoint)),
                ("Prefix", .string(prefix)), ("Region", .string(region)),
            ],
            jsonTags: ["Type": "type", "Bucket": "bucket", "Endpoint": "endpoint", "Prefix": "prefix", "Region": "region"]))
        let credentialFields: [(name: String, value: TemplateValue)]
        switch credential {
        case .keyPair(let id, let secret):
            credentialFields = [
                ("Type", .string("keyPair")),
                ("KeyPair", .structure(TemplateStruct(
                    typeName: "*param.KeyPair", fields: [("ID", .string(id)), ("Secret", .string(secret))]))),
                ("Secret", .nil_), ("KopiaServerSecret", .nil_),
            ]
        case .secret(let secret):
            credentialFields = [
                ("Type", .string("secret")), ("KeyPair", .nil_), ("Secret", secret.templateValue),
                ("KopiaServerSecret", .nil_),
            ]
        }
        return .structure(TemplateStruct(
            typeName: "*param.Profile",
            fields: [
                ("Location", location),
                ("Credential", .structure(TemplateStruct(typeName: "param.Credential", fields: credentialFields))),
                ("SkipSSLVerify", .bool(skipSSLVerify)),
            ]))
    }
}

extension TemplateParameters.PhaseValues {
    var templateValue: TemplateValue {
        .structure(TemplateStruct(
            typeName: "*param.Phase",
            fields: [
                ("Secrets", .map(secrets.mapValues(\.templateValue))),
                ("ConfigMaps", .map(configMaps.mapValues(\.templateValue))),
                ("Output", .map(output.mapValues(TemplateValue.init))),
            ]))
    }
}
