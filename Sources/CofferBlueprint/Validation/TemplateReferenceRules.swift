/// Which template references an action allows where: the ordering rules of Kanister's engine.
///
/// Kanister renders each phase's arguments just before it runs, after loading that phase's
/// `objects`, so a phase may read `.Phases.<earlier>.*` and its own `.Phases.<self>.Secrets` and
/// `.ConfigMaps`, but not its own `.Output` or anything of a later phase. The deferPhase runs last and
/// may read every phase. Output artifacts are rendered after everything, the deferPhase's output
/// being `.DeferPhase.Output` (Kanister never fills `.Phases.<deferPhase>.Output`).
struct TemplateReferenceRules {
    /// Where a template is.
    enum Site: Equatable {
        /// In the arguments or objects of the regular phase at this index.
        case phase(Int)
        case deferPhase
        case outputArtifacts
        /// A WaitV2 condition: a go-template evaluated against the waited-for object, as kubectl's
        /// go-template printer does, never rendered with the blueprint's parameters.
        case objectTemplate
    }

    /// A reference that breaks a rule.
    struct Finding: Equatable {
        var severity: BlueprintDiagnostic.Severity
        var code: BlueprintError.Code
        var message: String
    }

    var actionName: String
    /// The regular phases' names, in order (empty for unnamed phases).
    var phaseNames: [String]
    /// The deferPhase's name: `nil` without a deferPhase, empty when it is unnamed.
    var deferPhaseName: String?
    var inputArtifactNames: Set<String>

    func check(_ fields: [String], at site: Site) -> Finding? {
        guard site != .objectTemplate, let root = fields.first else { return nil }
        switch root {
        case "Phases" where fields.count >= 2:
            return checkPhase(fields[1], field: fields.count > 2 ? fields[2] : nil, at: site)
        case "DeferPhase":
            return checkDeferPhase(field: fields.count > 1 ? fields[1] : nil, at: site)
        case "ArtifactsIn" where fields.count >= 2 && !inputArtifactNames.contains(fields[1]):
            return Finding(
                severity: .warning, code: .undeclaredArtifact,
                message:
                    "input artifact \"\(fields[1])\" is not declared in inputArtifactNames of action \"\(actionName)\"")
        default:
            return nil
        }
    }

    private func checkPhase(_ name: String, field: String?, at site: Site) -> Finding? {
        let isDefer = deferPhaseName.map { !$0.isEmpty && $0 == name } ?? false
        let index = phaseNames.firstIndex(of: name)
        guard index != nil || isDefer else {
            let known = phaseNames.filter { !$0.isEmpty } + (deferPhaseName.map { $0.isEmpty ? [] : [$0] } ?? [])
            let list = known.isEmpty ? "it has no named phases" : "it has \(known.joined(separator: ", "))"
            return Finding(
                severity: .error, code: .unknownPhase,
                message: "unknown phase \"\(name)\" in action \"\(actionName)\"; \(list)")
        }
        let readsOnlyObjects = field == "Secrets" || field == "ConfigMaps"
        switch site {
        case .phase(let current):
            if isDefer {
                return Finding(
                    severity: .error, code: .phaseNotYetRun,
                    message: "phase \"\(name)\" is the deferPhase, which runs after every other phase")
            }
            guard let index else { return nil }  // index != nil || isDefer, checked above
            if index == current {
                guard field == "Output" else { return nil }
                return Finding(
                    severity: .error, code: .ownOutput, message: "phase \"\(name)\" cannot read its own output")
            }
            guard index > current else { return nil }
            return Finding(
                severity: .error, code: .phaseNotYetRun,
                message:
                    "phase \"\(name)\" runs after phase \"\(phaseNames[current])\"; its values are not available yet")
        case .deferPhase:
            guard isDefer, !readsOnlyObjects, field == "Output" else { return nil }
            return Finding(severity: .error, code: .ownOutput, message: "the deferPhase cannot read its own output")
        case .outputArtifacts:
            guard isDefer, field == "Output" else { return nil }
            return Finding(
                severity: .error, code: .unknownPhase,
                message: "the deferPhase's output is read as .DeferPhase.Output, not .Phases.\(name).Output")
        case .objectTemplate:
            return nil
        }
    }

    private func checkDeferPhase(field: String?, at site: Site) -> Finding? {
        switch site {
        case .phase:
            return Finding(
                severity: .error, code: .phaseNotYetRun,
                message: "the deferPhase runs after every other phase; .DeferPhase is not available yet")
        case .deferPhase:
            guard field == "Output" else { return nil }
            return Finding(severity: .error, code: .ownOutput, message: "the deferPhase cannot read its own output")
        case .outputArtifacts:
            guard deferPhaseName == nil else { return nil }
            return Finding(
                severity: .error, code: .unknownPhase,
                message: "action \"\(actionName)\" has no deferPhase; .DeferPhase is empty")
        case .objectTemplate:
            return nil
        }
    }
}
