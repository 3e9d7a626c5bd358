import Dispatch

/// A resource (a C handle's owner) that is only ever touched on one serial queue.
///
/// Blocking C calls run on the queue, never on Swift's cooperative threads.
final class Confined<Resource>: @unchecked Sendable {
    // @unchecked: `resource` is only touched on `queue`, one job at a time.
    private let queue: DispatchQueue
    private let resource: Resource

    init(label: String, _ resource: sending Resource) {
        queue = DispatchQueue(label: label)
        self.resource = resource
    }

    /// Runs `job` on the queue with the resource and returns its result.
    func run<T: Sendable>(_ job: @escaping @Sendable (Resource) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try job(self.resource) }) }
        }
    }
}
