public import CofferCore
public import CofferTemplate

/// What an offline render (`coffer blueprint render`) knows instead of a cluster.
public struct OfflineRenderRequest: Sendable {
    /// The action's target: a reference (`postgrescluster/db/hippo`), a full object, or nothing.
    public enum Target: Sendable {
        case reference(kind: String, namespace: String, name: String)
        case object(Value)
    }

    public var action: String
    public var target: Target?
    public var options: [String: String]
    /// Input artifacts; without them every `.ArtifactsIn` value is a placeholder.
    public var artifactsIn: [String: TemplateParameters.Artifact]
    public var time: GoTime
    public var profile: TemplateParameters.Profile?

    public init(
        action: String, target: Target? = nil, options: [String: String] = [:],
        artifactsIn: [String: TemplateParameters.Artifact] = [:], time: GoTime, profile: TemplateParameters.Profile? = nil
    ) {
        self.action = action
        self.target = target
        self.options = options
        self.artifactsIn = artifactsIn
        self.time = time
        self.profile = profile
    }
}

extension Blueprint {
    /// Renders `request.action` without a cluster.
    ///
    /// Values only a run can know (phase outputs, Secrets, ConfigMaps, missing input artifacts, and the
    /// object itself when only a reference was given) render as visible placeholders
    /// such as `<Phases.backup.Output.id>`, inserted along the chains the templates actually read.
    ///
    /// - Throws: ``BlueprintError``: `invalidDocument` for an unknown action, `template` for a template
    ///   that fails to parse or render.
    public func renderOffline(_ request: OfflineRenderRequest, functions: FunctionTable = .standard)
        throws(BlueprintError) -> RenderedAction
    {
        guard let action = action(named: request.action) else {
            let known = actions.map(\.name).joined(separator: ", ")
            throw BlueprintError(
                .invalidDocument, "blueprint \"\(name)\" has no action \"\(request.action)\"; it has \(known)",
                position: SourcePosition(file: document.sourceMap.file, line: 1, column: 1))
        }
        let renderer = BlueprintRenderer(
            sourceMap: document.sourceMap, templates: TemplateCache(functions: functions),
            context: FunctionContext(now: { request.time }))
        let chains = Self.fieldChains(in: action, document: document.value, functions: functions)
        let parameters = Self.offlineParameters(for: action, request: request, chains: chains)
        let data = OfflinePlaceholders.insert(
            chains: chains, into: parameters.templateValue,
            roots: OfflinePlaceholders.alwaysUnknown.union(Self.objectIsSynthetic(request) ? ["Object"] : []))

        func renderPhase(_ phase: Phase) throws(BlueprintError) -> RenderedPhase {
            let phaseValue = document.value[path: phase.path]
            let objects = try phaseValue?["objects"].map { objects throws(BlueprintError) in
                try renderer.render(objects, at: phase.path.appending("objects"), with: data)
            }
            let argsPath = phase.path.appending("args")
            let keepsConditions = phase.function == "WaitV2"
            let args = try renderer.render(.object(phase.args), at: argsPath, with: data) { path in
                keepsConditions && Self.isWaitCondition(path, under: argsPath)
            }
            return RenderedPhase(name: phase.name, function: phase.function, objects: objects, args: args)
        }

        var phases: [RenderedPhase] = []
        for phase in action.phases { phases.append(try renderPhase(phase)) }
        let deferPhase = try action.deferPhase.map { phase throws(BlueprintError) in try renderPhase(phase) }

        var artifacts: [(name: String, keyValue: [(key: String, value: String)])] = []
        for name in action.outputArtifacts.keys.sorted() {
            let artifact = action.outputArtifacts[name]!  // `name` comes from its keys
            let path = action.path.appending("outputArtifacts").appending(name)
            var rendered: [(key: String, value: String)] = []
            for (key, value) in artifact.keyValue {
                rendered.append((key, try renderer.render(value, at: path.appending("keyValue").appending(key), with: data)))
            }
            if let snapshot = artifact.kopiaSnapshot {
                rendered.append(("kopiaSnapshot", try renderer.render(snapshot, at: path.appending("kopiaSnapshot"), with: data)))
            }
            artifacts.append((name, rendered))
        }
        return RenderedAction(name: action.name, phases: phases, deferPhase: deferPhase, outputArtifacts: artifacts)
    }

    /// The data an offline render of `request.action` hands its templates, placeholders included.
    ///
    /// - Throws: ``BlueprintError`` with code `invalidDocument` for an unknown action.
    public func offlineTemplateData(_ request: OfflineRenderRequest, functions: FunctionTable = .standard)
        throws(BlueprintError) -> TemplateValue
    {
        guard let action = action(named: request.action) else {
            throw BlueprintError(.invalidDocument, "blueprint \"\(name)\" has no action \"\(request.action)\"")
        }
        let chains = Self.fieldChains(in: action, document: document.value, functions: functions)
        return OfflinePlaceholders.insert(
            chains: chains, into: Self.offlineParameters(for: action, request: request, chains: chains).templateValue,
            roots: OfflinePlaceholders.alwaysUnknown.union(Self.objectIsSynthetic(request) ? ["Object"] : []))
    }

    /// `conditions.anyOf[i].condition` (or `allOf`) under a WaitV2's args.
    static func isWaitCondition(_ path: ValuePath, under argsPath: ValuePath) -> Bool {
        let tail = path.components.dropFirst(argsPath.components.count)
        guard tail.count == 4 else { return false }
        let parts = Array(tail)
        return parts[0] == .key("conditions") && (parts[1] == .key("anyOf") || parts[1] == .key("allOf"))
            && parts[3] == .key("condition")
    }

    static func objectIsSynthetic(_ request: OfflineRenderRequest) -> Bool {
        if case .object? = request.target { return false }
        return true
    }

    /// Every field chain the action's templates read from the data, for placeholders and kind inference.
    static func fieldChains(in action: BlueprintAction, document: Value, functions: FunctionTable) -> [FieldReference] {
        var chains: [FieldReference] = []
        func collect(_ value: Value) {
            switch value {
            case .string(let text): collectTemplate(text)
            case .array(let elements): elements.forEach(collect)
            case .object(let map):
                for (key, member) in map {
                    collectTemplate(key)
                    collect(member)
                }
            case .null, .bool, .int, .double: break
            }
        }
        func collectTemplate(_ text: String) {
            guard text.contains("{{"), let template = try? Template.parse(text, functions: functions) else { return }
            chains.append(contentsOf: template.fieldReferences)
        }
        for phase in action.allPhases {
            if let objects = document[path: phase.path]?["objects"] { collect(objects) }
            collect(.object(phase.args))
        }
        for (_, artifact) in action.outputArtifacts {
            artifact.keyValue.forEach { collectTemplate($0.value) }
            artifact.kopiaSnapshot.map(collectTemplate)
        }
        return chains
    }

    /// The parameters an offline render starts from, before placeholders.
    static func offlineParameters(for action: BlueprintAction, request: OfflineRenderRequest, chains: [FieldReference])
        -> TemplateParameters
    {
        let (kind, namespace, name, object) = target(of: request, action: action, chains: chains)
        var parameters = TemplateParameters(object: object, time: request.time.format(GoTime.rfc3339NanoLayout))
        switch kind.lowercased() {
        case "statefulset", "deployment", "deploymentconfig":
            let workloadKind = TemplateParameters.Workload.Kind.allCases.first { $0.rawValue.lowercased() == kind.lowercased() }!
            let pods = (0..<2).map { "\(name)-\($0)" }
            parameters.workload = TemplateParameters.Workload(
                kind: workloadKind, name: name, namespace: namespace, pods: pods,
                containers: pods.map { _ in [name] },
                persistentVolumeClaims: Dictionary(uniqueKeysWithValues: pods.map { ($0, ["data-\($0)": "/data"]) }))
        case "pvc", "persistentvolumeclaim":
            parameters.namedTarget = TemplateParameters.NamedTarget(kind: .pvc, name: name, namespace: namespace)
        case "namespace":
            parameters.namedTarget = TemplateParameters.NamedTarget(kind: .namespace, name: namespace, namespace: namespace)
        default:
            break
        }
        parameters.options = request.options
        parameters.artifactsIn = request.artifactsIn
        parameters.profile = request.profile ?? OfflinePlaceholders.profile
        return parameters
    }

    /// The target's kind, namespace, name and object: given, or made up from the action.
    ///
    /// An action without `kind` runs on whatever its ActionSet names; offline, the kind its templates
    /// read (`.StatefulSet`, `.Deployment`, ...) is the best guess, and a namespace otherwise.
    static func target(of request: OfflineRenderRequest, action: BlueprintAction, chains: [FieldReference])
        -> (kind: String, namespace: String, name: String, object: Value)
    {
        switch request.target {
        case .object(let object)?:
            let metadata = object["metadata"]
            return (
                object["kind"]?.stringValue ?? action.kind ?? "", metadata?["namespace"]?.stringValue ?? "default",
                metadata?["name"]?.stringValue ?? "", object
            )
        case .reference(let kind, let namespace, let name)?:
            return (kind, namespace, name, syntheticObject(kind: kind, namespace: namespace, name: name))
        case nil:
            let read = Set(chains.compactMap(\.path.first))
            let inferred = ["StatefulSet", "Deployment", "DeploymentConfig", "PVC", "Namespace"].first(where: read.contains)
            let kind = action.kind ?? inferred ?? "Namespace"
            let name = "example"
            return (kind, "default", name, syntheticObject(kind: kind, namespace: "default", name: name))
        }
    }

    /// A made-up object with the labels upstream blueprints commonly read.
    static func syntheticObject(kind: String, namespace: String, name: String) -> Value {
        var metadata = ValueMap()
        metadata["name"] = .string(name)
        metadata["namespace"] = .string(namespace)
        metadata["labels"] = [
            "app": .string(name), "app.kubernetes.io/instance": .string(name), "app.kubernetes.io/name": .string(name),
            "release": .string(name),
        ]
        var object = ValueMap()
        object["kind"] = .string(kind)
        object["metadata"] = .object(metadata)
        return .object(object)
    }
}
