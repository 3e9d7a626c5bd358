import CofferCore
import CofferSandbox
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

// coffer-sandbox-bench: requests per second against an in-process sandbox over loopback HTTPS, and watch fan-out.
//
// Usage: swift run -c release coffer-sandbox-bench [seconds-per-phase] [connections]

/// Prints one result line at once, even when stdout is a pipe.
func report(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

let arguments = CommandLine.arguments.dropFirst()
let seconds = Double(arguments.first ?? "") ?? 3
let connections = Int(arguments.dropFirst().first ?? "") ?? 16

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("coffer-sandbox-bench-\(getpid())")
defer { try? FileManager.default.removeItem(at: directory) }
var logger = Logger(label: "coffer.sandbox.bench")
logger.logLevel = .error
let server = try await SandboxServer.start(SandboxConfiguration(directory: directory), logger: logger)
// Clients get their own threads so the measurement is not the server's loops serving themselves.
let clientGroup = MultiThreadedEventLoopGroup(numberOfThreads: 2)

func connect(onBody: (@Sendable (ByteBuffer) -> Void)? = nil) async throws -> SandboxClient {
    try await SandboxClient.connect(
        port: server.port, caCertificate: server.caCertificate, token: server.token, group: clientGroup, onBody: onBody)
}

let setup = try await connect()
for index in 0..<100 {
    let body: Value = [
        "apiVersion": "v1", "kind": "ConfigMap",
        "metadata": ["name": .string("cm-\(index)"), "labels": ["bench": "yes"]],
        "data": ["key": "value", "index": .string(String(index))],
    ]
    _ = try await setup.request(.POST, "/api/v1/namespaces/default/configmaps", body: Array(body.jsonString().utf8))
}

/// Runs `body` on `connections` keep-alive connections for `seconds`; returns requests per second.
func measure(
    _ name: String, _ body: @escaping @Sendable (SandboxClient, Int) async throws -> Void
) async throws -> Double {
    let clients = try await (0..<connections).asyncMap { _ in try await connect() }
    let deadline = Date().addingTimeInterval(seconds)
    let start = Date()
    let total = try await withThrowingTaskGroup(of: Int.self) { group in
        for (index, client) in clients.enumerated() {
            group.addTask {
                var count = 0
                while Date() < deadline {
                    try await body(client, index &+ count)
                    count += 1
                }
                return count
            }
        }
        return try await group.reduce(0, +)
    }
    let rate = Double(total) / Date().timeIntervalSince(start)
    report("\(name): \(Int(rate)) requests/s (\(total) requests, \(connections) connections)")
    for client in clients { await client.close() }
    return rate
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}

_ = try await measure("GET configmap") { client, index in
    let response = try await client.request(.GET, "/api/v1/namespaces/default/configmaps/cm-\(index % 100)")
    precondition(response.status == 200)
}
_ = try await measure("PATCH configmap (merge)") { client, index in
    let patch = Array(#"{"data":{"counter":"\#(index)"}}"#.utf8)
    let response = try await client.request(
        .PATCH, "/api/v1/namespaces/default/configmaps/cm-\(index % 100)", body: patch,
        contentType: "application/merge-patch+json")
    precondition(response.status == 200)
}
_ = try await measure("LIST 100 configmaps") { client, _ in
    let response = try await client.request(.GET, "/api/v1/namespaces/default/configmaps?labelSelector=bench%3Dyes")
    precondition(response.status == 200)
}

// Watch fan-out: 50 watchers, 500 changes; how long until every watcher has seen every change.
let watchers = 50
let changes = 500
let received = NIOLockedValueBox(0)
var streams: [SandboxClient] = []
let startVersion = server.resourceVersion
for _ in 0..<watchers {
    let stream = try await connect { buffer in
        let lines = buffer.readableBytesView.lazy.filter { $0 == UInt8(ascii: "\n") }.count
        received.withLockedValue { $0 += lines }
    }
    streams.append(stream)
    let client = stream
    Task {
        _ = try? await client.request(
            .GET, "/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=\(startVersion)&timeoutSeconds=120")
    }
}
while server.watcherCount < watchers { try await Task.sleep(for: .milliseconds(10)) }
let writer = try await connect()
let fanOutStart = Date()
for index in 0..<changes {
    let patch = Array(#"{"data":{"fanout":"\#(index)"}}"#.utf8)
    _ = try await writer.request(
        .PATCH, "/api/v1/namespaces/default/configmaps/cm-\(index % 100)", body: patch,
        contentType: "application/merge-patch+json")
}
while received.withLockedValue({ $0 }) < watchers * changes { try await Task.sleep(for: .milliseconds(5)) }
let fanOutTime = Date().timeIntervalSince(fanOutStart)
report(
    "watch fan-out: \(changes) changes to \(watchers) watchers in \(String(format: "%.2f", fanOutTime)) s "
        + "(\(Int(Double(watchers * changes) / fanOutTime)) events/s delivered)")
// Open watch streams would keep a graceful shutdown waiting; the process is done.
exit(0)
