import CofferTestSupport
import CofferCore
import Foundation
import Synchronization
import Testing

@testable import CofferKube

@Suite struct KubeExecTests {
    @Test func stdoutStderrAndTheExitCodeArriveOnTheirChannels() async throws {
        let server = try LoopbackServer { request in
            .raw { socket in
                let endpoint = FakeExecEndpoint.accept(request, socket: socket, subprotocol: "v5.channel.k8s.io")
                endpoint.send(channel: 1, "hello ")
                endpoint.send(channel: 2, "warning\n")
                endpoint.sendFrame(WebSocketFrame(fin: true, opcode: .ping, payload: [1, 2]))
                endpoint.send(channel: 1, "world\n")
                endpoint.exit(3)
            }
        }
        defer { server.stop() }
        let result = try await makeClient(server).exec(
            namespace: "ns", pod: "db-0", container: "postgres", command: ["sh", "-c", "x"])
        #expect(result.stdoutText == "hello world\n")
        #expect(result.stderrText == "warning\n")
        #expect(result.exitCode == 3)
        let request = try #require(server.requests.first)
        #expect(request.path == "/api/v1/namespaces/ns/pods/db-0/exec")
        #expect(
            request.target.contains(
                "command=sh&command=-c&command=x&container=postgres&stdin=false&stdout=true&stderr=true"))
        #expect(request.headers["sec-websocket-protocol"] == "v5.channel.k8s.io, v4.channel.k8s.io")
        #expect(request.headers["sec-websocket-version"] == "13")
        #expect(request.headers["authorization"] == "Bearer secret-token")
    }

    @Test func stdinIsSentMaskedOnChannelZeroAndClosedWithV5() async throws {
        let received = Mutex<[UInt8]>([])
        let closedStdin = Mutex(false)
        let allMasked = Mutex(true)
        let server = try LoopbackServer { request in
            .raw { socket in
                var endpoint = FakeExecEndpoint.accept(request, socket: socket, subprotocol: "v5.channel.k8s.io")
                while let (frame, masked) = endpoint.readFrame() {
                    if !masked { allMasked.withLock { $0 = false } }
                    if frame.payload == [255, 0] {
                        closedStdin.withLock { $0 = true }
                        break
                    }
                    received.withLock { $0 += frame.payload.dropFirst() }
                }
                endpoint.send(channel: 1, received.withLock { $0 })
                endpoint.exit(0)
            }
        }
        defer { server.stop() }
        let input = Array(repeating: Array("0123456789abcdef".utf8), count: 10_000).flatMap { $0 }
        let result = try await makeClient(server).exec(namespace: "ns", pod: "p", command: ["cat"], stdin: input)
        #expect(result.stdout == input)
        #expect(result.exitCode == 0)
        #expect(closedStdin.withLock { $0 })
        #expect(allMasked.withLock { $0 })
        #expect(server.requests.first?.query["stdin"] == "true")
    }

    @Test func largeStdinEchoedAsItIsReadDoesNotDeadlock() async throws {
        // The server echoes each stdin frame before reading the next, as `cat` does: unless the client reads
        // while it sends, both sides end up blocked writing.
        let server = try LoopbackServer { request in
            .raw { socket in
                var endpoint = FakeExecEndpoint.accept(request, socket: socket, subprotocol: "v5.channel.k8s.io")
                while let (frame, _) = endpoint.readFrame() {
                    if frame.payload == [255, 0] { break }
                    endpoint.send(channel: 1, Array(frame.payload.dropFirst()))
                }
                endpoint.exit(0)
            }
        }
        defer { server.stop() }
        let input = [UInt8](repeating: UInt8(ascii: "z"), count: 48 << 20)
        let result = try await makeClient(server).exec(namespace: "ns", pod: "p", command: ["cat"], stdin: input)
        #expect(result.stdout.count == input.count)
        #expect(result.exitCode == 0)
    }

    @Test func aCommandThatStopsReadingStdinStillReportsItsExit() async throws {
        let server = try LoopbackServer { request in
            .raw { socket in
                var endpoint = FakeExecEndpoint.accept(request, socket: socket, subprotocol: "v5.channel.k8s.io")
                _ = endpoint.readFrame()
                endpoint.send(channel: 1, "first frame only")
                endpoint.exit(0)
                shutdown(socket, Int32(SHUT_RDWR))
            }
        }
        defer { server.stop() }
        let input = [UInt8](repeating: 1, count: 48 << 20)
        let result = try await makeClient(server).exec(namespace: "ns", pod: "p", command: ["head"], stdin: input)
        #expect(result.stdoutText == "first frame only")
        #expect(result.exitCode == 0)
    }

    @Test func leavingTheStreamEndsTheSessionAndClosesTheConnection() async throws {
        let (closed, signal) = AsyncStream<Void>.makeStream()
        let server = try LoopbackServer { request in
            .raw { socket in
                var endpoint = FakeExecEndpoint.accept(request, socket: socket, subprotocol: "v5.channel.k8s.io")
                endpoint.send(channel: 1, "tick")
                while endpoint.readFrame() != nil {}  // until the client goes away
                signal.yield()
            }
        }
        defer { server.stop() }
        for try await output in makeClient(server).execStream(namespace: "ns", pod: "p", command: ["tail", "-f"]) {
            #expect(output == .stdout(Array("tick".utf8)))
            break
        }
        var iterator = closed.makeAsyncIterator()
        await iterator.next()
    }

    @Test func aServerChoosingV4IsAccepted() async throws {
        let server = try LoopbackServer { request in
            .raw { socket in
                let endpoint = FakeExecEndpoint.accept(request, socket: socket, subprotocol: "v4.channel.k8s.io")
                endpoint.send(channel: 1, "ok")
                endpoint.exit(0)
            }
        }
        defer { server.stop() }
        let result = try await makeClient(server).exec(namespace: "ns", pod: "p", command: ["true"])
        #expect(result.stdoutText == "ok")
    }

    @Test func largeOutputArrivesWhole() async throws {
        let block = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
        let server = try LoopbackServer { request in
            .raw { socket in
                let endpoint = FakeExecEndpoint.accept(request, socket: socket, subprotocol: "v5.channel.k8s.io")
                for _ in 0..<12 { endpoint.send(channel: 1, block) }
                endpoint.exit(0)
            }
        }
        defer { server.stop() }
        let result = try await makeClient(server).exec(namespace: "ns", pod: "p", command: ["dump"])
        #expect(result.stdout.count == 12 << 20)
    }

    @Test func anUpgradeWithoutASubprotocolIsRefused() async throws {
        let server = try LoopbackServer { request in
            .raw { socket in _ = FakeExecEndpoint.accept(request, socket: socket, subprotocol: nil) }
        }
        defer { server.stop() }
        let error = await #expect(throws: KubeError.self) {
            try await makeClient(server).exec(namespace: "ns", pod: "p", command: ["true"])
        }
        #expect(error?.code == .protocolViolation)
        #expect(
            error?.description == "the server did not choose a subprotocol among v5.channel.k8s.io, v4.channel.k8s.io")
    }

    @Test func aWrongAcceptKeyIsRefused() async throws {
        let server = try LoopbackServer { request in
            .raw { socket in
                _ = FakeExecEndpoint.accept(
                    request, socket: socket, subprotocol: "v5.channel.k8s.io", acceptOverride: "bogus")
            }
        }
        defer { server.stop() }
        let error = await #expect(throws: KubeError.self) {
            try await makeClient(server).exec(namespace: "ns", pod: "p", command: ["true"])
        }
        #expect(error?.code == .protocolViolation)
    }

    @Test func aRefusedUpgradeCarriesTheStatus() async throws {
        let server = try LoopbackServer { _ in .json(403, statusJSON(403, "Forbidden", #"pods \"p\" is forbidden"#)) }
        defer { server.stop() }
        let error = await #expect(throws: KubeError.self) {
            try await makeClient(server).exec(namespace: "ns", pod: "p", command: ["true"])
        }
        #expect(error?.statusCode == 403)
        #expect(error?.reason == "Forbidden")
    }

    @Test func logsPassContainerAndTail() async throws {
        let server = try LoopbackServer { _ in .reply(200, body: Array("line 1\nline 2\n".utf8)) }
        defer { server.stop() }
        let text = try await makeClient(server).logs(namespace: "ns", pod: "p", container: "c", tailLines: 2)
        #expect(text == "line 1\nline 2\n")
        #expect(server.requests.first?.target == "/api/v1/namespaces/ns/pods/p/log?container=c&tailLines=2")
    }

    @Test func followedLogsStreamUntilTheContainerEnds() async throws {
        let server = try LoopbackServer { _ in
            .stream(200) { writer in
                writer.write("a\n")
                writer.write("b\n")
            }
        }
        defer { server.stop() }
        var text: [UInt8] = []
        for try await chunk in try await makeClient(server).followLogs(namespace: "ns", pod: "p") { text += chunk }
        #expect(String(decoding: text, as: UTF8.self) == "a\nb\n")
        #expect(server.requests.first?.query["follow"] == "true")
    }
}

@Suite struct WebSocketFrameTests {
    @Test(arguments: [0, 125, 126, 65535, 65536])
    func framesRoundTripAtEveryLengthEncoding(length: Int) throws {
        let frame = WebSocketFrame(
            fin: true, opcode: .binary, payload: (0..<length).map { UInt8(truncatingIfNeeded: $0) })
        let bytes = frame.encoded(maskKey: [1, 2, 3, 4])
        let (decoded, used) = try #require(try WebSocketFrame.decode(bytes[...]))
        #expect(decoded == frame)
        #expect(used == bytes.count)
        #expect(try WebSocketFrame.decode(bytes.dropLast()) == nil)
    }

    @Test func sha1MatchesTheRFC6455Example() {
        let accept = Data(Checksum.sha1(Array(("dGhlIHNhbXBsZSBub25jZQ==" + WebSocketConnection.acceptGUID).utf8)))
            .base64EncodedString()
        #expect(accept == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test func sha1MatchesKnownVectors() {
        #expect(
            Checksum.sha1(Array("abc".utf8)).map { String(format: "%02x", $0) }.joined()
                == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(
            Checksum.sha1([]).map { String(format: "%02x", $0) }.joined() == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
    }
}
