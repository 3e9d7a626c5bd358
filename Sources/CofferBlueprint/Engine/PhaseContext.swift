import CofferCore
public import CofferTemplate

/// What a running function gets: the cluster, the run's template parameters, and a way to report progress.
public struct PhaseContext: Sendable {
    /// The cluster.
    public var kube: any KubeAccess
    /// The phase's name.
    public var phase: String
    /// 1 for the first attempt.
    public var attempt: Int
    /// The run's template parameters as they are for this phase (Wait renders its conditions with them).
    public var parameters: TemplateParameters
    /// The clock and zone templates use.
    public var functionContext: FunctionContext
    /// Parsed templates shared by the run.
    public var templates: TemplateCache
    /// The namespace functions fall back to: the target's.
    public var defaultNamespace: String
    var report: @Sendable (RunEvent) -> Void
    /// Where the attempt's output and waits are logged; `nil` when nothing is logged.
    var log: PhaseLog?

/// A context for one attempt of `phase`; `report` receives its progress.
    public init(
        kube: any KubeAccess, phase: String, attempt: Int = 1, parameters: TemplateParameters,
        functionContext: FunctionContext = FunctionContext(), templates: TemplateCache = TemplateCache(),
        defaultNamespace: String = "default", report: @escaping @Sendable (RunEvent) -> Void = { _ in }
    ) {
        self.init(
            kube: kube, phase: phase, attempt: attempt, parameters: parameters, functionContext: functionContext,
            templates: templates, defaultNamespace: defaultNamespace, report: report, log: nil)
    }

    init(
        kube: any KubeAccess, phase: String, attempt: Int, parameters: TemplateParameters,
        functionContext: FunctionContext, templates: TemplateCache, defaultNamespace: String,
        report: @escaping @Sendable (RunEvent) -> Void, log: PhaseLog?
    ) {
        self.log = log
        self.kube = kube
        self.phase = phase
        self.attempt = attempt
        self.parameters = parameters
        self.functionContext = functionContext
        self.templates = templates
        self.defaultNamespace = defaultNamespace
        self.report = report
    }

    /// Tells the user what the phase is waiting for.
    public func waiting(_ what: String) {
        report(.phaseWaiting(phase: phase, what: what))
        log?.note("waiting for \(what)")
    }

    /// Logs output of the phase's command as it arrives; `source` names the pod (and container).
    func output(_ stream: ExecStream, _ bytes: [UInt8], from source: String) {
        log?.output(stream, bytes, from: source)
    }

    /// A failure of the running function.
    func failure(_ message: String, underlying: (any Error)? = nil) -> BlueprintError {
        BlueprintError(.functionFailed, message, underlying: underlying)
    }
}
