public import CofferCore

extension PhaseContext {
    /// Waits until `holds` is true of the object (`nil` while it does not exist), watching for changes.
    ///
    /// - Returns: The object as it was when `holds` became true.
    public func waitFor(
        _ resource: ResourceRef, namespace: String?, name: String, _ what: String,
        until holds: @Sendable (Value?) throws -> Bool
    ) async throws -> Value? {
        var announced = false
        while true {
            let current = try await kube.get(resource, namespace: namespace, name: name)
            if try holds(current) { return current }
            if !announced {
                waiting(what)
                announced = true
            }
            let version = current?["metadata"]?["resourceVersion"]?.stringValue
            for try await event in kube.watch(resource, namespace: namespace, name: name, resourceVersion: version) {
                let object = event.kind == .deleted ? nil : event.object
                if try holds(object) { return object }
            }
            try Task.checkCancellation()
            // The server closed the watch; look again after a pause so a flapping server is not hammered.
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// Waits until any of the objects changes (or the watch ends), after versions `versions`.
    func waitForChange(of objects: [(ResourceRef, String?, String, String?)]) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (resource, namespace, name, version) in objects {
                let kube = self.kube
                group.addTask {
                    for try await _ in kube.watch(resource, namespace: namespace, name: name, resourceVersion: version)
                    {
                        return
                    }
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
            defer { group.cancelAll() }
            _ = try await group.next()
        }
        try Task.checkCancellation()
    }
}
