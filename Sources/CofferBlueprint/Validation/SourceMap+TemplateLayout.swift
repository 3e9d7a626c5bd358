import CofferCore

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
