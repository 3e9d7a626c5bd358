// coffer-kube-bench: what the Kubernetes client costs on top of libcurl, over loopback.
//
//   swift run -c release coffer-kube-bench [--requests N] [--events N] [--exec-mb N]
//
// Reports (targets from the client issue):
// - request overhead: sequential GETs through KubeClient vs a bare reused libcurl easy handle against the
//   same loopback server; the difference per request is the client's cost (target < 0.3 ms);
// - watch event latency: from the server writing an event to the watch stream yielding it (target < 5 ms);
// - exec stdout throughput over the WebSocket (target >= 100 MB/s).
import CCofferCurl
import CofferCore
import CofferKube
import CofferTestSupport
import Foundation

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

struct Arguments {
    var requests = 2000
    var events = 300
    var execMegabytes = 256

    init(_ arguments: [String]) {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--requests": requests = iterator.next().flatMap(Int.init) ?? requests
            case "--events": events = iterator.next().flatMap(Int.init) ?? events
            case "--exec-mb": execMegabytes = iterator.next().flatMap(Int.init) ?? execMegabytes
            default:
                print("usage: coffer-kube-bench [--requests N] [--events N] [--exec-mb N]")
                exit(2)
            }
        }
    }
}

func monotonicNanoseconds() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

func percentile(_ values: [Double], _ fraction: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
}

let arguments = Arguments(Array(CommandLine.arguments.dropFirst()))
let version = #"{"major":"1","minor":"28","gitVersion":"v1.28.7"}"#
let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)

let server = try LoopbackServer { request in
    switch request.path {
    case "/version":
        return .json(200, version)
    case "/api/v1/namespaces/bench/pods":
        let count = arguments.events
        return .stream(200) { writer in
            for index in 0..<count {
                let stamp = monotonicNanoseconds()
                writer.write(
                    #"{"type":"MODIFIED","object":{"metadata":{"name":"p","resourceVersion":"\#(index + 1)","annotations":{"sent":"\#(stamp)"}}}}"#
                        + "\n")
                usleep(2000)
            }
            writer.holdOpen()
        }
    default:
        // Exec: answer the upgrade, then stream stdout in 1 MiB messages.
        let key = request.headers["sec-websocket-key"] ?? ""
        let accept = Data(Checksum.sha1(Array((key + WebSocketConnection.acceptGUID).utf8))).base64EncodedString()
        let megabytes = arguments.execMegabytes
        return .raw { socket in
            let head =
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: \(accept)\r\nSec-WebSocket-Protocol: v5.channel.k8s.io\r\n\r\n"
            LoopbackServer.send(socket, Array(head.utf8))
            let frame = WebSocketFrame(fin: true, opcode: .binary, payload: [1] + chunk).encoded(maskKey: nil)
            for _ in 0..<megabytes { LoopbackServer.send(socket, frame) }
            let status = Array(#"{"metadata":{},"status":"Success"}"#.utf8)
            LoopbackServer.send(
                socket, WebSocketFrame(fin: true, opcode: .binary, payload: [3] + status).encoded(maskKey: nil))
            LoopbackServer.send(
                socket, WebSocketFrame(fin: true, opcode: .close, payload: [3, 232]).encoded(maskKey: nil))
        }
    }
}
defer { server.stop() }

let client = KubeClient(
    connection: ClusterConnection(server: server.url, credentials: .token("bench")),
    options: .init(rateLimit: .unlimited), environment: [:])

// MARK: - Request overhead

/// Sequential GETs on one reused easy handle: libcurl's own cost plus the server's.
func bareCurl(_ count: Int) -> Double {
    let handle = curl_easy_init()!
    defer { curl_easy_cleanup(handle) }
    _ = ccoffer_curl_easy_setopt_string(handle, CURLOPT_URL, server.url + "/version")
    _ = ccoffer_curl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
    _ = ccoffer_curl_easy_setopt_write_function(handle) { _, size, count, _ in size * count }
    var headers: UnsafeMutablePointer<curl_slist>? = curl_slist_append(nil, "Authorization: Bearer bench")
    headers = curl_slist_append(headers, "Accept: application/json")
    defer { curl_slist_free_all(headers) }
    _ = ccoffer_curl_easy_setopt_pointer(handle, CURLOPT_HTTPHEADER, headers)
    _ = curl_easy_perform(handle)  // warm the connection
    let start = monotonicNanoseconds()
    for _ in 0..<count { _ = curl_easy_perform(handle) }
    return Double(monotonicNanoseconds() - start) / Double(count) / 1e6
}

func kubeClientRequests(_ count: Int) async throws -> Double {
    _ = try await client.serverVersion()
    let start = monotonicNanoseconds()
    for _ in 0..<count { _ = try await client.serverVersion() }
    return Double(monotonicNanoseconds() - start) / Double(count) / 1e6
}

let curlMs = bareCurl(arguments.requests)
let clientMs = try await kubeClientRequests(arguments.requests)
print(
    String(
        format: "requests: libcurl %.3f ms, KubeClient %.3f ms per GET; overhead %.3f ms (target < 0.3)", curlMs,
        clientMs, clientMs - curlMs))

// MARK: - Watch latency

var latencies: [Double] = []
for try await event in client.watch(.pods, namespace: "bench", resourceVersion: "0") {
    let received = monotonicNanoseconds()
    if let sent = event.object["metadata"]?["annotations"]?["sent"]?.stringValue.flatMap(UInt64.init) {
        latencies.append(Double(received - sent) / 1e6)
    }
    if latencies.count == arguments.events { break }
}
print(
    String(
        format: "watch: event latency median %.3f ms, p99 %.3f ms over %d events (target < 5)",
        percentile(latencies, 0.5), percentile(latencies, 0.99), latencies.count))

// MARK: - Exec throughput

let execStart = monotonicNanoseconds()
var received = 0
for try await output in client.execStream(namespace: "bench", pod: "p", command: ["cat"]) {
    if case .stdout(let bytes) = output { received += bytes.count }
}
let seconds = Double(monotonicNanoseconds() - execStart) / 1e9
print(
    String(
        format: "exec: %d MiB stdout in %.3f s = %.0f MB/s (target >= 100)", received >> 20, seconds,
        Double(received) / seconds / 1e6))
