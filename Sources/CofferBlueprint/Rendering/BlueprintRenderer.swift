public import CofferCore
public import CofferTemplate

/// Renders an action's phase arguments, objects and output artifacts the way Kanister does.
///
/// Every string is a template, map keys included, rendered with `missingkey=error`. Functions that
/// render their own arguments keep the parts they evaluate later (WaitV2's conditions read the
/// waited-for object, not the blueprint's parameters).
public struct BlueprintRenderer: Sendable {
    public var context: FunctionContext
    /// The file and positions of the blueprint, for placing errors.
    public var sourceMap: SourceMap
    /// Parsed templates, shared by every render of the same blueprint: a run parses each string once.
    public let templates: TemplateCache

    public init(
        sourceMap: SourceMap, templates: TemplateCache = TemplateCache(), context: FunctionContext = FunctionContext()
    ) {
        self.sourceMap = sourceMap
        self.templates = templates
        self.context = context
    }

    /// Renders every string in `value`, found at `path` of the blueprint.
    ///
    /// - Throws: ``BlueprintError`` with code `template`, placed at the failing string.
    public func render(_ value: Value, at path: ValuePath, with data: TemplateValue, keeping keep: (ValuePath) -> Bool = { _ in false })
        throws(BlueprintError) -> Value
    {
        if keep(path) { return value }
        switch value {
        case .string(let text):
            return .string(try render(text, at: path, isKey: false, with: data))
        case .array(let elements):
            var rendered: [Value] = []
            rendered.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() {
                rendered.append(try render(element, at: path.appending(index: index), with: data, keeping: keep))
            }
            return .array(rendered)
        case .object(let map):
            var rendered = ValueMap()
            for (key, member) in map {
                let memberPath = path.appending(key)
                let renderedKey = try render(key, at: memberPath, isKey: true, with: data)
                rendered[renderedKey] = try render(member, at: memberPath, with: data, keeping: keep)
            }
            return .object(rendered)
        case .null, .bool, .int, .double:
            return value
        }
    }

    /// Renders one template string found at `path` (its key when `isKey`).
    public func render(_ text: String, at path: ValuePath, isKey: Bool = false, with data: TemplateValue)
        throws(BlueprintError) -> String
    {
        guard text.contains("{{") else { return text }
        do {
            return try templates.template(for: text).render(data, context: context)
        } catch {
            let layout = sourceMap.templateLayout(at: path, isKey: isKey)
            let position = layout.position(line: error.line, column: error.column)
            throw BlueprintError(
                .template, Self.message(for: error, in: layout), position: position, path: path, underlying: error)
        }
    }

    /// Kanister's wording for a missing key (`"key" not found`), Go's for everything else.
    static func message(for error: TemplateError, in layout: ScalarTextLayout) -> String {
        let at = error.context.map { " (executing at <\($0)>)" } ?? ""
        let prefix = "map has no entry for key "
        if error.code == .missingKey, error.message.hasPrefix(prefix) {
            return "template: \(error.message.dropFirst(prefix.count)) not found\(at)"
        }
        return "template: \(error.fileMessage(in: layout))\(at)"
    }
}
