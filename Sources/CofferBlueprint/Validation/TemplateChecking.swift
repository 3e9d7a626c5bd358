public import CofferCore

/// The seam through which ``BlueprintValidator`` checks templates without depending on an engine.
///
/// The validator hands over every blueprint string that contains `{{`, with its layout in the file; the
/// checker parses it and returns its syntax problems and the field chains it reads, positioned through
/// the layout. The validator decides
/// which references are wrong (a phase read before it runs, an undeclared input artifact, ...).
/// CofferTemplate provides the real checker; tests use a fake.
public protocol TemplateChecking: Sendable {
    /// Parses `template`, the text of a YAML string (or map key) laid out in its file as `layout` says.
    func check(_ template: String, in layout: ScalarTextLayout) -> TemplateCheckResult
}

/// What a ``TemplateChecking`` found in one template.
public struct TemplateCheckResult: Sendable {
    /// Parse errors, each positioned in the file (re-based from the template onto the YAML scalar).
    public var problems: [TemplateProblem]
    /// The field chains the template reads, such as `.Phases.dump.Output.path`.
    public var references: [TemplateReference]

    public init(problems: [TemplateProblem] = [], references: [TemplateReference] = []) {
        self.problems = problems
        self.references = references
    }
}

/// A syntax error in a template.
public struct TemplateProblem: Hashable, Sendable {
    /// One line, lower-case start, no final period.
    public var message: String
    public var position: SourcePosition

    public init(message: String, position: SourcePosition) {
        self.message = message
        self.position = position
    }
}

/// A chain of field names read from the template's data: `.Phases.dump.Output.path` is
/// `["Phases", "dump", "Output", "path"]`.
///
/// Only chains rooted at the data (`.`/`$`) matter; `index .Phases "dump"` may be reported as
/// `["Phases", "dump"]` when the key is a literal.
public struct TemplateReference: Hashable, Sendable {
    public var fields: [String]
    /// Where the chain is, if the checker knows; the template's start (``ScalarTextLayout/start``) otherwise.
    public var position: SourcePosition?

    public init(_ fields: [String], position: SourcePosition? = nil) {
        self.fields = fields
        self.position = position
    }
}
