import CofferCore
import Foundation

/// What a command run in a container printed, and how it exited.
public struct ExecResult: Sendable, Hashable {
    public var stdout: [UInt8]
    public var stderr: [UInt8]
    /// The command's exit code; a non-zero code is a result, not an error.
    public var exitCode: Int32

    /// Standard output as UTF-8 text (invalid bytes become U+FFFD).
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    /// Standard error as UTF-8 text.
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// One piece of a streamed exec session.
public enum ExecOutput: Sendable, Hashable {
    case stdout([UInt8])
    case stderr([UInt8])
    /// The last element: the command's exit code.
    case exit(Int32)
}

extension KubeClient {
    /// The subprotocols offered for exec, preferred first; v5 can close stdin, v4 cannot.
    static let execProtocols = ["v5.channel.k8s.io", "v4.channel.k8s.io"]

    /// Runs `command` in a container and collects its output.
    ///
    /// - Parameters:
    ///   - container: The container; `nil` lets the server pick when the pod has one.
    ///   - stdin: Bytes for the command's standard input, closed after them (with v5); `nil` for none.
    /// - Throws: ``KubeError``: the server refusing the upgrade (403, 404), the connection failing, or the
    ///   command not starting. A non-zero exit is in the result.
    public func exec(
        namespace: String, pod: String, container: String? = nil, command: [String], stdin: [UInt8]? = nil
    ) async throws -> ExecResult {
        var result = ExecResult(stdout: [], stderr: [], exitCode: -1)
        for try await output in execStream(
            namespace: namespace, pod: pod, container: container, command: command, stdin: stdin)
        {
            switch output {
            case .stdout(let bytes): result.stdout += bytes
            case .stderr(let bytes): result.stderr += bytes
            case .exit(let code): result.exitCode = code
            }
        }
        return result
    }

    /// Runs `command` in a container, streaming its output as it arrives; the last element is ``ExecOutput/exit(_:)``.
    ///
    /// The session runs on its own thread (the WebSocket is blocking I/O); ending iteration cancels it.
    public func execStream(
        namespace: String, pod: String, container: String? = nil, command: [String], stdin: [UInt8]? = nil
    ) -> AsyncThrowingStream<ExecOutput, any Error> {
        let (stream, continuation) = AsyncThrowingStream<ExecOutput, any Error>.makeStream()
        var query: [(String, String)] = command.map { ("command", $0) }
        if let container { query.append(("container", container)) }
        query += [("stdin", stdin == nil ? "false" : "true"), ("stdout", "true"), ("stderr", "true"), ("tty", "false")]
        let path =
            GroupVersionResource.pods.path(namespace: namespace, name: pod, subresource: "exec")
            + PathEncoding.query(query)
        let cancel = CancelFlag()
        continuation.onTermination = { _ in cancel.set() }
        let transport = self.transport
        Task {
            do {
                try await transport.acquireRateToken()
                let credentials = try await transport.currentCredentials()
                var tls = transport.connection.tls
                if let cert = credentials.clientCertificatePEM, let key = credentials.clientKeyPEM {
                    tls.clientCertificatePEM = cert
                    tls.clientKeyPEM = key
                }
                var headers: [(String, String)] = [("User-Agent", "coffer/0.1")]
                if let token = credentials.token { headers.append(("Authorization", "Bearer \(token)")) }
                let session = ExecSession(
                    url: transport.connection.server + path, headers: headers, tls: tls,
                    proxy: transport.connection.proxyURL,
                    stdin: stdin, cancel: cancel, output: continuation)
                let thread = Thread { session.run() }
                thread.name = "coffer-exec"
                thread.start()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        return stream
    }
}

/// One exec session: connect, upgrade, send stdin, relay channels until the error channel reports the exit.
private struct ExecSession: Sendable {
    var url: String
    var headers: [(String, String)]
    var tls: TLSSettings
    var proxy: String?
    var stdin: [UInt8]?
    var cancel: CancelFlag
    var output: AsyncThrowingStream<ExecOutput, any Error>.Continuation

    func run() {
        do {
            let socket = try WebSocketConnection(cancel: cancel)
            try socket.open(url: url, headers: headers, protocols: KubeClient.execProtocols, tls: tls, proxy: proxy)
            if let stdin {
                do {
                    try sendStdin(stdin, over: socket)
                } catch {
                    // The command may exit without reading all its input (`head -c 10`); its output and exit
                    // status are still waiting to be read.
                    if error.code != .transport || cancel.isSet { throw error }
                }
            }
            var exitCode: Int32?
            while let message = try socket.receiveMessage() {
                guard let channel = message.first else { continue }
                let payload = Array(message.dropFirst())
                switch channel {
                case 1: if !payload.isEmpty { output.yield(.stdout(payload)) }
                case 2: if !payload.isEmpty { output.yield(.stderr(payload)) }
                case 3: exitCode = try Self.exitCode(fromStatus: payload)
                default: continue
                }
            }
            socket.close()
            guard let exitCode else {
                throw KubeError(.protocolViolation, "the exec stream ended without reporting the command's exit status")
            }
            output.yield(.exit(exitCode))
            output.finish()
        } catch let error as KubeError where cancel.isSet {
            _ = error
            output.finish(throwing: CancellationError())
        } catch {
            output.finish(throwing: error)
        }
    }

    /// Sends stdin on channel 0 in moderate frames, then (with v5) closes it.
    private func sendStdin(_ stdin: [UInt8], over socket: WebSocketConnection) throws(KubeError) {
        var offset = 0
        while offset < stdin.count {
            let end = min(stdin.count, offset + 64 * 1024)
            try socket.sendBinary([0] + stdin[offset..<end])
            offset = end
        }
        if socket.subprotocol == "v5.channel.k8s.io" { try socket.sendBinary([255, 0]) }
    }

    /// The exit code in the error channel's Status: 0 for Success, the `ExitCode` cause for NonZeroExitCode.
    static func exitCode(fromStatus payload: [UInt8]) throws -> Int32 {
        guard let status = try? Value(json: payload) else {
            throw KubeError(.decoding, "the exec error channel sent something that is not a Status")
        }
        if status["status"]?.stringValue == "Success" { return 0 }
        if status["reason"]?.stringValue == "NonZeroExitCode" {
            for cause in status["details"]?["causes"]?.arrayValue ?? [] where cause["reason"]?.stringValue == "ExitCode"
            {
                if let code = cause["message"]?.stringValue.flatMap({ Int32($0) }) { return code }
            }
        }
        throw KubeError(
            .server, status["message"]?.stringValue ?? "exec failed",
            statusCode: status["code"]?.intValue.map(Int.init),
            reason: status["reason"]?.stringValue ?? "InternalError", status: status)
    }
}
