public import CofferCore

/// One change seen by a watch.
public struct WatchEvent: Sendable, Hashable {
    public enum EventType: String, Sendable, Hashable {
        case added = "ADDED"
        case modified = "MODIFIED"
        case deleted = "DELETED"
        /// Progress only: `object` carries nothing but a newer `metadata.resourceVersion`.
        case bookmark = "BOOKMARK"
    }
    public var type: EventType
    public var object: Value

    public init(type: EventType, object: Value) {
        self.type = type
        self.object = object
    }
}

extension KubeClient {
    /// Streams changes to a collection, surviving dropped connections and expired resourceVersions.
    ///
    /// After a dropped connection or server timeout the watch resumes from the last resourceVersion seen
    /// (bookmarks included), so no change is missed or repeated. When the server no longer has that version
    /// (410 Gone), it lists again and replays every current object as `.added`: treat `.added` as "upsert".
    /// - Parameters:
    ///   - resourceVersion: Where to start; `nil` starts with the current objects as `.added` events.
    ///   - bookmarks: Whether to pass `BOOKMARK` events on (they are always used to resume).
    /// - Returns: A stream that ends only by cancellation (or breaking out of the loop) or an error.
    public func watch(
        _ resource: GroupVersionResource, namespace: String?, labelSelector: String? = nil,
        fieldSelector: String? = nil, resourceVersion: String? = nil, bookmarks: Bool = false
    ) -> AsyncThrowingStream<WatchEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<WatchEvent, any Error>.makeStream()
        let task = Task {
            do {
                var version = resourceVersion
                if version == nil {
                    let listed = try await list(
                        resource, namespace: namespace, labelSelector: labelSelector, fieldSelector: fieldSelector)
                    for item in listed.items { continuation.yield(WatchEvent(type: .added, object: item)) }
                    version = listed.resourceVersion
                }
                while !Task.isCancelled {
                    var query: [(String, String)] = [("watch", "1"), ("allowWatchBookmarks", "true")]
                    if let labelSelector { query.append(("labelSelector", labelSelector)) }
                    if let fieldSelector { query.append(("fieldSelector", fieldSelector)) }
                    if let version, !version.isEmpty { query.append(("resourceVersion", version)) }
                    let path = resource.path(namespace: namespace) + PathEncoding.query(query)
                    var gone = false
                    do {
                        let chunks = try await transport.stream("GET", path)
                        var lines = LineSplitter()
                        streaming: for try await chunk in chunks {
                            for line in lines.feed(chunk) {
                                let event = try Self.decodeEvent(line)
                                switch event {
                                case .event(let event):
                                    if let next = event.object["metadata"]?["resourceVersion"]?.stringValue {
                                        version = next
                                    }
                                    if event.type != .bookmark || bookmarks { continuation.yield(event) }
                                case .gone:
                                    gone = true
                                    break streaming
                                }
                            }
                        }
                    } catch let error as KubeError where error.isGone {
                        gone = true
                    } catch let error as KubeError where error.code == .transport && !Task.isCancelled {
                        // A dropped stream (reset, server restart): resume from the last version after a pause.
                        try await Task.sleep(for: .milliseconds(100))
                        _ = error
                    }
                    if gone {
                        let listed = try await list(
                            resource, namespace: namespace, labelSelector: labelSelector, fieldSelector: fieldSelector)
                        for item in listed.items { continuation.yield(WatchEvent(type: .added, object: item)) }
                        version = listed.resourceVersion
                    }
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: Task.isCancelled ? CancellationError() : error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    enum DecodedWatchLine {
        case event(WatchEvent)
        case gone
    }

    static func decodeEvent(_ line: [UInt8]) throws -> DecodedWatchLine {
        let value: Value
        do { value = try Value(json: line, file: "<watch>") } catch {
            throw KubeError(.decoding, "a watch event is not JSON: \(error)")
        }
        let type = value["type"]?.stringValue ?? ""
        let object = value["object"] ?? .null
        if type == "ERROR" {
            let code = object["code"]?.intValue ?? 0
            if code == 410 || object["reason"]?.stringValue == "Expired" || object["reason"]?.stringValue == "Gone" {
                return .gone
            }
            let body = Array(object.jsonString().utf8)
            throw KubeError.fromResponse(statusCode: Int(code), body: body, verb: "WATCH", path: "")
        }
        guard let eventType = WatchEvent.EventType(rawValue: type) else {
            throw KubeError(.decoding, "unknown watch event type \"\(type)\"")
        }
        return .event(WatchEvent(type: eventType, object: object))
    }

    // MARK: - Waiting

    /// Waits, by watching, until `condition` holds for the named object (`nil` when it does not exist).
    ///
    /// - Returns: The object when the condition held, `nil` if it held for a missing object.
    /// - Throws: ``KubeError`` with ``KubeError/Code/timeout`` when `timeout` passed first.
    @discardableResult
    public func wait(
        for resource: GroupVersionResource, namespace: String?, name: String, timeout: Duration,
        until condition: @escaping @Sendable (Value?) -> Bool
    ) async throws -> Value? {
        try await withThrowingTaskGroup(of: Value?.self) { group in
            group.addTask {
                let selector = "metadata.name=\(name)"
                let listed = try await list(resource, namespace: namespace, fieldSelector: selector)
                let current = listed.items.first
                if condition(current) { return current }
                for try await event in watch(
                    resource, namespace: namespace, fieldSelector: selector, resourceVersion: listed.resourceVersion)
                {
                    // Not `? nil : event.object`: `Value` is nil-literal convertible, so that `nil` is `Value.null`.
                    let object: Value? = event.type == .deleted ? .none : .some(event.object)
                    if condition(object) { return object }
                }
                throw CancellationError()
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw KubeError(.timeout, "timed out after \(timeout) waiting for \(resource.resource) \"\(name)\"")
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
    }
}

/// Splits a byte stream into newline-terminated lines, keeping a partial line for the next chunk.
struct LineSplitter {
    private var pending: [UInt8] = []

    mutating func feed(_ chunk: [UInt8]) -> [[UInt8]] {
        pending += chunk
        var lines: [[UInt8]] = []
        var start = 0
        while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
            let line = pending[start..<newline]
            if !line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) { lines.append(Array(line)) }
            start = newline + 1
        }
        pending.removeFirst(start)
        return lines
    }
}
