extension KubeClient {
    /// A pod container's log.
    ///
    /// - Parameters:
    ///   - container: The container; `nil` when the pod has one.
    ///   - tailLines: Only the last lines; `nil` for all.
    ///   - previous: The log of the previous (crashed) instance.
    /// - Throws: ``KubeError``; 404 when the pod does not exist.
    public func logs(
        namespace: String, pod: String, container: String? = nil, tailLines: Int? = nil, timestamps: Bool = false,
        previous: Bool = false
    ) async throws -> String {
        let path = logPath(
            namespace: namespace, pod: pod, container: container, tailLines: tailLines, timestamps: timestamps,
            previous: previous, follow: false)
        return String(decoding: try await transport.send("GET", path, accept: "*/*").body, as: UTF8.self)
    }

    /// Follows a pod container's log: the stream yields bytes as the container writes them, until it exits.
    public func followLogs(
        namespace: String, pod: String, container: String? = nil, tailLines: Int? = nil, timestamps: Bool = false
    ) async throws -> AsyncThrowingStream<[UInt8], any Error> {
        let path = logPath(
            namespace: namespace, pod: pod, container: container, tailLines: tailLines, timestamps: timestamps,
            previous: false, follow: true)
        return try await transport.stream("GET", path, accept: "*/*")
    }

    private func logPath(
        namespace: String, pod: String, container: String?, tailLines: Int?, timestamps: Bool, previous: Bool,
        follow: Bool
    ) -> String {
        var query: [(String, String)] = []
        if let container { query.append(("container", container)) }
        if let tailLines { query.append(("tailLines", String(tailLines))) }
        if timestamps { query.append(("timestamps", "true")) }
        if previous { query.append(("previous", "true")) }
        if follow { query.append(("follow", "true")) }
        return GroupVersionResource.pods.path(namespace: namespace, name: pod, subresource: "log")
            + PathEncoding.query(query)
    }
}
