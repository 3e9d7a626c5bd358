public import CofferCore

/// How a run ended, or that it has not yet.
public enum RunState: String, Sendable, Hashable {
    case running, complete, failed, cancelled
}

/// How one phase of a run went.
public enum PhaseState: String, Sendable, Hashable {
    case pending, running, complete, failed, cancelled
}

/// What to run an action on, and with which inputs: everything a resumed run needs again.
///
/// Holds references, never Secret values.
public struct RunRequest: Sendable {
    public var action: String
    /// The target; `kind` is required, `apiVersion` for kinds that are not built in.
    public var object: ObjectReference
    public var options: [String: String]
    public var artifactsIn: [String: TemplateParameters.Artifact]
    public var configMaps: [String: ObjectReference]
    public var secrets: [String: ObjectReference]
    /// A Kanister `Profile` object in the cluster.
    public var profile: ObjectReference?
    /// A Kanister `Profile` given whole (read from a file) instead of ``profile``; its credential
    /// still names a Secret in the cluster, so it holds no secret material itself.
    public var profileObject: Value?
    public var podOverride: Value?
    public var podLabels: [String: String]
    public var podAnnotations: [String: String]

    public init(
        action: String, object: ObjectReference, options: [String: String] = [:],
        artifactsIn: [String: TemplateParameters.Artifact] = [:], configMaps: [String: ObjectReference] = [:],
        secrets: [String: ObjectReference] = [:], profile: ObjectReference? = nil, podOverride: Value? = nil,
        podLabels: [String: String] = [:], podAnnotations: [String: String] = [:]
    ) {
        self.action = action
        self.object = object
        self.options = options
        self.artifactsIn = artifactsIn
        self.configMaps = configMaps
        self.secrets = secrets
        self.profile = profile
        self.podOverride = podOverride
        self.podLabels = podLabels
        self.podAnnotations = podAnnotations
    }
}

/// One phase's record.
public struct PhaseRecord: Sendable, Equatable {
    public var name: String
    public var function: String
    public var state: PhaseState
    /// The phase's output; values that contained Secret material are redacted.
    public var output: [String: Value]
    public var attempts: Int
    /// RFC 3339 times.
    public var startedAt: String?
    public var finishedAt: String?
    public var error: String?

    public init(name: String, function: String, state: PhaseState = .pending, output: [String: Value] = [:]) {
        self.name = name
        self.function = function
        self.state = state
        self.output = output
        self.attempts = 0
    }
}

/// A run of one action: its inputs, progress and result, as the journal keeps it and `-o json` prints it.
public struct RunRecord: Sendable, Equatable {
    public var id: String
    public var action: String
    public var blueprint: String
    public var state: RunState
    public var phases: [PhaseRecord]
    public var deferPhase: PhaseRecord?
    /// The phases, then the deferPhase if the action has one.
    public var allPhases: [PhaseRecord] { phases + (deferPhase.map { [$0] } ?? []) }
    /// Rendered output artifacts; set only when the run completed.
    public var artifacts: [String: TemplateParameters.Artifact]
    public var error: String?
    /// `.Time` of the run: kept so a resumed run renders the same values.
    public var time: String
    public var startedAt: String
    public var finishedAt: String?
    public var request: RunRequest

    public init(
        id: String, blueprint: String, request: RunRequest, time: String, phases: [PhaseRecord],
        deferPhase: PhaseRecord?
    ) {
        self.id = id
        self.action = request.action
        self.blueprint = blueprint
        self.state = .running
        self.phases = phases
        self.deferPhase = deferPhase
        self.artifacts = [:]
        self.error = nil
        self.time = time
        self.startedAt = time
        self.request = request
    }

    public static func == (lhs: RunRecord, rhs: RunRecord) -> Bool {
        lhs.value == rhs.value
    }
}

// MARK: - Values

extension RunRecord {
    /// The record as `coffer run -o json` prints it (and the journal stores it).
    public var value: Value {
        var map = ValueMap()
        map["id"] = .string(id)
        map["action"] = .string(action)
        map["blueprint"] = .string(blueprint)
        map["object"] = request.object.value
        map["state"] = .string(state.rawValue)
        map["phases"] = .array(phases.map(\.value))
        if let deferPhase { map["deferPhase"] = deferPhase.value }
        map["artifacts"] = .object(ValueMap(artifacts.sorted { $0.key < $1.key }.map { ($0.key, $0.value.value) }))
        if let error { map["error"] = .string(error) }
        map["time"] = .string(time)
        map["startedAt"] = .string(startedAt)
        if let finishedAt { map["finishedAt"] = .string(finishedAt) }
        map["request"] = request.value
        return .object(map)
    }

    /// Reads a record written by ``value``.
    ///
    /// - Throws: ``BlueprintError`` with code `invalidRun` when the value is not a run record.
    public init(value: Value) throws {
        func bad(_ what: String) -> BlueprintError {
            BlueprintError(.invalidRun, "stored run record has no valid \(what)")
        }
        guard let id = value["id"]?.stringValue else { throw bad("id") }
        guard let request = value["request"].flatMap(RunRequest.init(value:)) else { throw bad("request") }
        guard let state = value["state"]?.stringValue.flatMap(RunState.init(rawValue:)) else { throw bad("state") }
        guard let time = value["time"]?.stringValue else { throw bad("time") }
        var phases: [PhaseRecord] = []
        for element in value["phases"]?.arrayValue ?? [] {
            guard let phase = PhaseRecord(value: element) else { throw bad("phase") }
            phases.append(phase)
        }
        self.init(
            id: id, blueprint: value["blueprint"]?.stringValue ?? "", request: request, time: time, phases: phases,
            deferPhase: value["deferPhase"].flatMap(PhaseRecord.init(value:)))
        self.state = state
        self.error = value["error"]?.stringValue
        self.startedAt = value["startedAt"]?.stringValue ?? time
        self.finishedAt = value["finishedAt"]?.stringValue
        for (name, artifact) in value["artifacts"]?.objectValue ?? ValueMap() {
            artifacts[name] = TemplateParameters.Artifact(value: artifact)
        }
    }
}

extension PhaseRecord {
    var value: Value {
        var map = ValueMap()
        map["name"] = .string(name)
        map["func"] = .string(function)
        map["state"] = .string(state.rawValue)
        map["output"] = .object(ValueMap(output.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
        map["attempts"] = .int(Int64(attempts))
        if let startedAt { map["startedAt"] = .string(startedAt) }
        if let finishedAt { map["finishedAt"] = .string(finishedAt) }
        if let error { map["error"] = .string(error) }
        return .object(map)
    }

    init?(value: Value) {
        guard let name = value["name"]?.stringValue, let function = value["func"]?.stringValue,
            let state = value["state"]?.stringValue.flatMap(PhaseState.init(rawValue:))
        else { return nil }
        var output: [String: Value] = [:]
        for (key, member) in value["output"]?.objectValue ?? ValueMap() { output[key] = member }
        self.init(name: name, function: function, state: state, output: output)
        attempts = Int(value["attempts"]?.intValue ?? 0)
        startedAt = value["startedAt"]?.stringValue
        finishedAt = value["finishedAt"]?.stringValue
        error = value["error"]?.stringValue
    }
}

extension TemplateParameters.Artifact {
    var value: Value {
        var map = ValueMap()
        map["keyValue"] = .object(
            ValueMap(keyValue.sorted { $0.key < $1.key }.map { ($0.key, Value.string($0.value)) }))
        if let kopiaSnapshot { map["kopiaSnapshot"] = .string(kopiaSnapshot) }
        return .object(map)
    }

    init(value: Value) {
        var keyValue: [String: String] = [:]
        for (key, member) in value["keyValue"]?.objectValue ?? ValueMap() { keyValue[key] = member.stringValue ?? "" }
        self.init(keyValue: keyValue, kopiaSnapshot: value["kopiaSnapshot"]?.stringValue)
    }
}

extension ObjectReference {
    var value: Value {
        var map = ValueMap()
        for (key, field) in [
            ("apiVersion", apiVersion), ("group", group), ("resource", resource), ("kind", kind), ("name", name),
            ("namespace", namespace),
        ] where !field.isEmpty {
            map[key] = .string(field)
        }
        return .object(map)
    }

    init(value: Value) {
        func field(_ key: String) -> String { value[key]?.stringValue ?? "" }
        self.init(
            apiVersion: field("apiVersion"), group: field("group"), resource: field("resource"), kind: field("kind"),
            name: field("name"), namespace: field("namespace"))
    }
}

extension RunRequest {
    var value: Value {
        func strings(_ map: [String: String]) -> Value {
            .object(ValueMap(map.sorted { $0.key < $1.key }.map { ($0.key, Value.string($0.value)) }))
        }
        func references(_ map: [String: ObjectReference]) -> Value {
            .object(ValueMap(map.sorted { $0.key < $1.key }.map { ($0.key, $0.value.value) }))
        }
        var map = ValueMap()
        map["action"] = .string(action)
        map["object"] = object.value
        map["options"] = strings(options)
        map["artifactsIn"] = .object(ValueMap(artifactsIn.sorted { $0.key < $1.key }.map { ($0.key, $0.value.value) }))
        map["configMaps"] = references(configMaps)
        map["secrets"] = references(secrets)
        if let profile { map["profile"] = profile.value }
        if let profileObject { map["profileObject"] = profileObject }
        if let podOverride { map["podOverride"] = podOverride }
        map["podLabels"] = strings(podLabels)
        map["podAnnotations"] = strings(podAnnotations)
        return .object(map)
    }

    init?(value: Value) {
        guard let action = value["action"]?.stringValue, let object = value["object"] else { return nil }
        func strings(_ key: String) -> [String: String] {
            var map: [String: String] = [:]
            for (name, member) in value[key]?.objectValue ?? ValueMap() { map[name] = member.stringValue ?? "" }
            return map
        }
        func references(_ key: String) -> [String: ObjectReference] {
            var map: [String: ObjectReference] = [:]
            for (name, member) in value[key]?.objectValue ?? ValueMap() { map[name] = ObjectReference(value: member) }
            return map
        }
        var artifacts: [String: TemplateParameters.Artifact] = [:]
        for (name, member) in value["artifactsIn"]?.objectValue ?? ValueMap() {
            artifacts[name] = TemplateParameters.Artifact(value: member)
        }
        self.init(
            action: action, object: ObjectReference(value: object), options: strings("options"),
            artifactsIn: artifacts, configMaps: references("configMaps"), secrets: references("secrets"),
            profile: value["profile"].map(ObjectReference.init(value:)), podOverride: value["podOverride"],
            podLabels: strings("podLabels"), podAnnotations: strings("podAnnotations"))
        profileObject = value["profileObject"]
    }
}

extension RunRecord {
    /// The record as `coffer run -o json` prints it: id, action, blueprint, object (`KIND/NS/NAME`), state,
    /// phases (each with its attempts, 0 when it never ran), deferPhase, artifacts and error; inputs and
    /// bookkeeping left out.
    public var outputValue: Value {
        func phase(_ record: PhaseRecord) -> Value {
            var map = ValueMap()
            map["name"] = .string(record.name)
            map["func"] = .string(record.function)
            map["state"] = .string(record.state.rawValue)
            map["attempts"] = .int(Int64(record.attempts))
            map["output"] = .object(ValueMap(record.output.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
            map["startedAt"] = record.startedAt.map { .string($0) } ?? .null
            map["finishedAt"] = record.finishedAt.map { .string($0) } ?? .null
            if let error = record.error { map["error"] = .string(error) }
            return .object(map)
        }
        let object = request.object
        var map = ValueMap()
        map["id"] = .string(id)
        map["action"] = .string(action)
        map["blueprint"] = .string(blueprint)
        map["object"] = .string(
            [object.kind, object.namespace, object.name].filter { !$0.isEmpty }.joined(separator: "/"))
        map["state"] = .string(state.rawValue)
        map["phases"] = .array(phases.map(phase))
        if let deferPhase { map["deferPhase"] = phase(deferPhase) }
        map["artifacts"] = .object(ValueMap(artifacts.sorted { $0.key < $1.key }.map { ($0.key, $0.value.value) }))
        if let error { map["error"] = .string(error) }
        return .object(map)
    }
}
