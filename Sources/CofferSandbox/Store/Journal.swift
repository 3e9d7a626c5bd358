import CofferCore
import CofferKubeAPI
import Foundation

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// An append-only log of committed changes, one JSON line each, replayed at start.
///
/// Each change is written with write(2) before the request is answered, so a `kill -9` loses nothing the
/// server acknowledged (the kernel keeps the page); `fsync` would add power-loss safety at the cost of
/// throughput, which a local sandbox does not need. At start the log is rewritten as a snapshot of the
/// live objects, so it only grows between restarts.
final class Journal {
    struct Record {
        var resource: GroupResource
        var key: ObjectKey
        var resourceVersion: Int64
        /// The object, or nil when the change deleted it.
        var object: Value?
    }

    private let path: String
    private var descriptor: Int32

    /// Opens (creating) the log at `path` for appending.
    init(path: String) throws {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw JournalError(message: "cannot open \(path): errno \(errno)") }
    }

    deinit { close(descriptor) }

    /// The records in the log at `path`, oldest first; a torn last line (a crash mid-write) is ignored.
    static func read(path: String) throws -> [Record] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        var records: [Record] = []
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            guard let value = try? Value(json: Array(line)),
                let rv = value["rv"]?.intValue,
                let group = value["g"]?.stringValue, let resource = value["r"]?.stringValue,
                let namespace = value["ns"]?.stringValue, let name = value["n"]?.stringValue
            else { continue }
            let object: Value? = value["o"].flatMap { $0.isNull ? Optional<Value>.none : $0 }  // a bare `nil` would be Value.null
            records.append(
                Record(
                    resource: GroupResource(group: group, resource: resource),
                    key: ObjectKey(namespace: namespace, name: name), resourceVersion: rv, object: object))
        }
        return records
    }

    /// Replaces the log at `path` with `records`, atomically (write then rename).
    static func rewrite(path: String, records: [Record]) throws {
        var text: [UInt8] = []
        for record in records { text += line(for: record) }
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text)) else {
            throw JournalError(message: "cannot write \(temporary)")
        }
        guard rename(temporary, path) == 0 else { throw JournalError(message: "cannot rename \(temporary)") }
    }

    /// Appends one record; returns when the kernel holds it.
    func append(_ record: Record) throws {
        let bytes = Self.line(for: record)
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress! + written, buffer.count - written)  // non-empty buffer
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw JournalError(message: "cannot append to \(path): errno \(errno)")
            }
            written += result
        }
    }

    private static func line(for record: Record) -> [UInt8] {
        let value: Value = [
            "rv": .int(record.resourceVersion), "g": .string(record.resource.group),
            "r": .string(record.resource.resource), "ns": .string(record.key.namespace),
            "n": .string(record.key.name), "o": record.object ?? .null,
        ]
        return Array(value.jsonString().utf8) + [UInt8(ascii: "\n")]
    }
}

/// The data directory could not be read or written.
struct JournalError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
