import CofferCore

extension Blueprint {
    /// The action named `name`, once checked that Coffer can run every function it calls.
    ///
    /// - Throws: ``BlueprintError``: `invalidDocument` for an unknown action, `unknownFunction` or
    ///   `unsupportedFunction` (naming the function, at its `func:`) for a phase Coffer cannot run.
    public func runnableAction(named name: String, registry: FunctionRegistry = .builtin) throws -> BlueprintAction {
        guard let action = action(named: name) else {
            let known = actions.map(\.name).joined(separator: ", ")
            throw BlueprintError(
                .invalidDocument, "blueprint \"\(self.name)\" has no action \"\(name)\"; it has \(known)")
        }
        for phase in action.allPhases {
            let position = document.sourceMap.position(ofValueAt: phase.path.appending("func"))
            let function = try registry.executableFunction(named: phase.function, at: position)
            guard function is any ExecutableFunction.Type else {
                throw BlueprintError(
                    .unsupportedFunction, "function \"\(phase.function)\" is not supported by Coffer yet",
                    position: position)
            }
        }
        return action
    }
}
