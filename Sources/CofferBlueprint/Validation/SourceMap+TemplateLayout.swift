import CofferCore
import CofferTemplate

extension SourceMap {
    /// How the string at `path` (its key when `isKey`) lies in the file, for placing template errors.
    ///
    /// Strings without a recorded layout (copied by an alias, or from a map built in code) are taken as
    /// plain text starting at their position, or at the nearest one.
    func templateLayout(at path: ValuePath, isKey: Bool) -> ScalarTextLayout {
        if let layout = isKey ? textLayout(ofKeyAt: path) : textLayout(ofValueAt: path) { return layout }
        let start = (isKey ? position(ofKeyAt: path) : position(ofValueAt: path)) ?? nearestPosition(to: path)
        return ScalarTextLayout(style: .plain, start: start)
    }
}

extension TemplateError {
    /// The message with Go's references to lines of the template (`started at arg:2`) turned into the
    /// file's lines, so users never see the engine's internal template name.
    func fileMessage(in layout: ScalarTextLayout) -> String {
        let marker = " started at \(templateName):"
        guard let range = message.firstRange(of: marker) else { return message }
        let digits = message[range.upperBound...].prefix { $0.isNumber }
        guard let line = Int(digits) else { return message }
        let fileLine = layout.position(line: line, column: 1).line
        return message[..<range.lowerBound] + " started at line \(fileLine)" + message[digits.endIndex...]
    }
}
