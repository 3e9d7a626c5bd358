public import CofferCore

/// Finds every problem in a blueprint document at once, each placed at its file position.
///
/// Checks, in one pass: the JSON schema (`schemas/blueprint.schema.json`); function names and
/// argument keys against a ``FunctionRegistry``; phase names unique within an action (its deferPhase
/// included: upstream blueprints reuse names across actions, and Kanister keys phase outputs per
/// action); Coffer's `coffer.dev/` annotations; and, given a ``TemplateChecking``, template syntax and
/// references (see ``TemplateReferenceRules``). Argument types are not checked: they are only known
/// after rendering.
public struct BlueprintValidator: Sendable {
    public var registry: FunctionRegistry
    /// Checks templates; without one, templates are not looked at.
    public var templateChecker: (any TemplateChecking)?
    public var schema: JSONSchema

    public init(
        registry: FunctionRegistry = .builtin, templateChecker: (any TemplateChecking)? = EngineTemplateChecker(),
        schema: JSONSchema = .blueprint
    ) {
        self.registry = registry
        self.templateChecker = templateChecker
        self.schema = schema
    }

    /// Every problem in `document`, ordered by position; empty when the blueprint is valid.
    public func validate(_ document: Document) -> [BlueprintDiagnostic] {
        var run = ValidationRun(document: document, registry: registry, templateChecker: templateChecker)
        run.diagnostics = schema.diagnostics(for: document)
        run.checkActions()
        run.checkAnnotations()
        return run.sortedDiagnostics()
    }

    /// Whether `diagnostics` contain an error (warnings do not make a blueprint invalid).
    public static func hasErrors(_ diagnostics: [BlueprintDiagnostic]) -> Bool {
        diagnostics.contains { $0.severity == .error }
    }
}

// MARK: - Validation run

/// One validation of one document. Walks the value tolerantly: parts with the wrong shape are
/// skipped here because the schema already reported them.
private struct ValidationRun {
    let document: Document
    let registry: FunctionRegistry
    let templateChecker: (any TemplateChecking)?
    var diagnostics: [BlueprintDiagnostic] = []

    init(document: Document, registry: FunctionRegistry, templateChecker: (any TemplateChecking)?) {
        self.document = document
        self.registry = registry
        self.templateChecker = templateChecker
    }

    var sourceMap: SourceMap { document.sourceMap }

    func valuePosition(_ path: ValuePath) -> SourcePosition {
        sourceMap.position(ofValueAt: path) ?? sourceMap.nearestPosition(to: path)
    }

    func keyPosition(_ path: ValuePath) -> SourcePosition {
        sourceMap.position(ofKeyAt: path) ?? sourceMap.nearestPosition(to: path)
    }

    mutating func report(
        _ code: BlueprintError.Code, _ message: String, at position: SourcePosition, path: ValuePath,
        severity: BlueprintDiagnostic.Severity = .error
    ) {
        diagnostics.append(BlueprintDiagnostic(severity, code: code, message: message, position: position, path: path))
    }

    func sortedDiagnostics() -> [BlueprintDiagnostic] {
        var seen = Set<BlueprintDiagnostic>()
        let unique = diagnostics.filter { seen.insert($0).inserted }
        return unique.enumerated().sorted { lhs, rhs in
            let (l, r) = (lhs.element.position, rhs.element.position)
            if l.line != r.line { return l.line < r.line }
            if l.column != r.column { return l.column < r.column }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }

    // MARK: Actions and phases

    static let actionsPath = ValuePath.root.appending("actions")

    var actions: [(name: String, map: ValueMap)] {
        guard let actions = document.value["actions"]?.objectValue else { return [] }
        return actions.compactMap { name, value in value.objectValue.map { (name, $0) } }
    }

    /// The phases of an action that are objects, with their paths; the deferPhase last.
    static func phases(of action: ValueMap, at path: ValuePath) -> (
        regular: [(ValueMap, ValuePath)], defer: (ValueMap, ValuePath)?
    ) {
        var regular: [(ValueMap, ValuePath)] = []
        for (index, element) in (action["phases"]?.arrayValue ?? []).enumerated() {
            if let map = element.objectValue { regular.append((map, path.appending("phases").appending(index: index))) }
        }
        let deferPhase = action["deferPhase"]?.objectValue.map { ($0, path.appending("deferPhase")) }
        return (regular, deferPhase)
    }

    mutating func checkActions() {
        for (actionName, action) in actions {
            let actionPath = Self.actionsPath.appending(actionName)
            let (regular, deferPhase) = Self.phases(of: action, at: actionPath)

            var firstUse: [String: ValuePath] = [:]
            for (phase, path) in regular + (deferPhase.map { [$0] } ?? []) {
                checkFunction(of: phase, at: path)
                guard let name = phase["name"]?.stringValue, !name.isEmpty else { continue }
                if let first = firstUse[name] {
                    report(
                        .duplicatePhase,
                        "duplicate phase name \"\(name)\" in action \"\(actionName)\"; first used at \(first)",
                        at: valuePosition(path.appending("name")), path: path.appending("name"))
                } else {
                    firstUse[name] = path
                }
            }

            guard templateChecker != nil else { continue }
            let rules = TemplateReferenceRules(
                actionName: actionName, phaseNames: regular.map { $0.0["name"]?.stringValue ?? "" },
                deferPhaseName: deferPhase.map { $0.0["name"]?.stringValue ?? "" },
                inputArtifactNames: Set(action["inputArtifactNames"]?.arrayValue?.compactMap(\.stringValue) ?? []))
            for (index, (phase, path)) in regular.enumerated() {
                checkTemplates(inPhase: phase, at: path, site: .phase(index), rules: rules)
            }
            if let (phase, path) = deferPhase {
                checkTemplates(inPhase: phase, at: path, site: .deferPhase, rules: rules)
            }
            if let artifacts = action["outputArtifacts"] {
                checkTemplates(
                    in: artifacts, at: actionPath.appending("outputArtifacts"), site: .outputArtifacts, rules: rules)
            }
        }
    }

    mutating func checkFunction(of phase: ValueMap, at path: ValuePath) {
        guard let name = phase["func"]?.stringValue else { return }  // missing or mistyped: a schema error
        let funcPath = path.appending("func")
        guard let function = registry.function(named: name) else {
            var message = "unknown function \"\(name)\""
            if let suggestion = closestMatch(to: name, in: registry.names) {
                message += " (did you mean \"\(suggestion)\"?)"
            }
            message += "; known functions: \(registry.names.joined(separator: ", "))"
            report(.unknownFunction, message, at: valuePosition(funcPath), path: funcPath)
            return
        }
        let argsPath = path.appending("args")
        let args: ValueMap
        switch phase["args"] {
        case nil, .null?: args = ValueMap()
        case .object(let map)?: args = map
        default: return  // not a map: a schema error
        }
        let missingPosition = phase["args"] == nil ? valuePosition(path) : keyPosition(argsPath)
        for required in function.requiredArguments where args[required] == nil {
            report(
                .missingArgument, "missing required argument \"\(required)\" for \(function.name)", at: missingPosition,
                path: phase["args"] == nil ? path : argsPath)
        }
        let accepted = function.arguments.map(\.name)
        for key in args.keys where !accepted.contains(key) {
            var message = "unknown argument \"\(key)\" for \(function.name)"
            if let suggestion = closestMatch(to: key, in: accepted) { message += " (did you mean \"\(suggestion)\"?)" }
            message += "; accepted: \(accepted.joined(separator: ", "))"
            report(.unknownArgument, message, at: keyPosition(argsPath.appending(key)), path: argsPath.appending(key))
        }
    }

    // MARK: Templates

    mutating func checkTemplates(
        inPhase phase: ValueMap, at path: ValuePath, site: TemplateReferenceRules.Site, rules: TemplateReferenceRules
    ) {
        if let objects = phase["objects"] {
            checkTemplates(in: objects, at: path.appending("objects"), site: site, rules: rules)
        }
        guard let args = phase["args"]?.objectValue else { return }
        let argsPath = path.appending("args")
        for (key, member) in args {
            let memberPath = argsPath.appending(key)
            checkTemplate(key, at: memberPath, isKey: true, site: site, rules: rules)
            if phase["func"]?.stringValue == WaitV2.name && key == WaitV2.Key.conditions {
                checkWaitConditions(member, at: memberPath, site: site, rules: rules)
            } else {
                checkTemplates(in: member, at: memberPath, site: site, rules: rules)
            }
        }
    }

    /// WaitV2's `conditions`: each `condition` is checked for syntax only (it reads the waited-for object,
    /// not the blueprint's parameters); the object references around it are ordinary templates.
    mutating func checkWaitConditions(
        _ conditions: Value, at path: ValuePath, site: TemplateReferenceRules.Site, rules: TemplateReferenceRules
    ) {
        guard let groups = conditions.objectValue else {
            return checkTemplates(in: conditions, at: path, site: site, rules: rules)
        }
        for (group, list) in groups {
            let groupPath = path.appending(group)
            guard let entries = list.arrayValue else {
                checkTemplates(in: list, at: groupPath, site: site, rules: rules)
                continue
            }
            for (index, entry) in entries.enumerated() {
                let entryPath = groupPath.appending(index: index)
                guard let fields = entry.objectValue else {
                    checkTemplates(in: entry, at: entryPath, site: site, rules: rules)
                    continue
                }
                for (key, value) in fields {
                    let fieldPath = entryPath.appending(key)
                    if key == WaitV2.Key.condition, let text = value.stringValue {
                        checkTemplate(text, at: fieldPath, isKey: false, site: .objectTemplate, rules: rules)
                    } else {
                        checkTemplates(in: value, at: fieldPath, site: site, rules: rules)
                    }
                }
            }
        }
    }

    /// Checks every templated string in `value`, map keys included (Kanister renders keys too).
    mutating func checkTemplates(
        in value: Value, at path: ValuePath, site: TemplateReferenceRules.Site, rules: TemplateReferenceRules
    ) {
        switch value {
        case .string(let text):
            checkTemplate(text, at: path, isKey: false, site: site, rules: rules)
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                checkTemplates(in: element, at: path.appending(index: index), site: site, rules: rules)
            }
        case .object(let map):
            for (key, member) in map {
                let memberPath = path.appending(key)
                checkTemplate(key, at: memberPath, isKey: true, site: site, rules: rules)
                checkTemplates(in: member, at: memberPath, site: site, rules: rules)
            }
        case .null, .bool, .int, .double:
            break
        }
    }

    /// Checks the string at `path`, or its key when `isKey`.
    mutating func checkTemplate(
        _ text: String, at path: ValuePath, isKey: Bool, site: TemplateReferenceRules.Site,
        rules: TemplateReferenceRules
    ) {
        guard let templateChecker, text.contains("{{") else { return }
        let layout = sourceMap.templateLayout(at: path, isKey: isKey)
        let result = templateChecker.check(text, in: layout)
        for problem in result.problems {
            report(.template, problem.message, at: problem.position, path: path)
        }
        for reference in result.references {
            guard let finding = rules.check(reference.fields, at: site) else { continue }
            report(
                finding.code, finding.message, at: reference.position ?? layout.start, path: path,
                severity: finding.severity)
        }
    }

    // MARK: Coffer annotations

    mutating func checkAnnotations() {
        let annotations = CofferAnnotations(document: document.value)
        let schemaPaths = Set(diagnostics.map(\.path))
        for problem in annotations.problems where !schemaPaths.contains(problem.path) {
            report(.invalidExtension, problem.message, at: valuePosition(problem.path), path: problem.path)
        }

        var targets: Set<String> = []
        var phaseTargets: Set<String> = []
        for (actionName, action) in actions {
            targets.insert(actionName)
            let (regular, deferPhase) = Self.phases(of: action, at: Self.actionsPath.appending(actionName))
            for (phase, _) in regular + (deferPhase.map { [$0] } ?? []) {
                if let name = phase["name"]?.stringValue, !name.isEmpty { phaseTargets.insert("\(actionName).\(name)") }
            }
        }
        for (key, path) in annotations.keys {
            let allowed: Set<String>
            let target: String
            if key.hasPrefix(CofferAnnotations.timeoutPrefix) {
                target = String(key.dropFirst(CofferAnnotations.timeoutPrefix.count))
                allowed = targets.union(phaseTargets)
            } else if key.hasPrefix(CofferAnnotations.retryPrefix) {
                target = String(key.dropFirst(CofferAnnotations.retryPrefix.count))
                allowed = phaseTargets
            } else {
                report(
                    .invalidExtension,
                    "unknown Coffer annotation \"\(key)\"; Coffer reads coffer.dev/timeout.ACTION[.PHASE] and coffer.dev/retry.ACTION.PHASE",
                    at: keyPosition(path), path: path, severity: .warning)
                continue
            }
            guard !allowed.contains(target) else { continue }
            var message = "annotation \"\(key)\" names no "
            message +=
                key.hasPrefix(CofferAnnotations.retryPrefix)
                ? "phase (ACTION.PHASE)" : "action or phase (ACTION or ACTION.PHASE)"
            if let suggestion = closestMatch(to: target, in: allowed.sorted()) {
                message += "; did you mean \"\(suggestion)\"?"
            }
            report(.invalidExtension, message, at: keyPosition(path), path: path)
        }
    }
}
