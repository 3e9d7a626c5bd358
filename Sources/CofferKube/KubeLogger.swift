/// Where the client reports each request; the CLI decides where that goes, the library never prints.
///
/// Messages name the verb, path, status and duration; never headers, bodies or credentials.
public struct KubeLogger: Sendable {
    private let emit: @Sendable (String) -> Void

    /// A logger passing each line to `emit`.
    public init(_ emit: @escaping @Sendable (String) -> Void) {
        self.emit = emit
    }

    func debug(_ message: @autoclosure () -> String) {
        emit(message())
    }
}
