import CofferCore
import CofferKubeAPI
import NIOCore
import NIOWebSocket

/// One `kubectl exec` over WebSocket (`v5.channel.k8s.io` or `v4.channel.k8s.io`): frames carry a channel
/// byte, 0 stdin, 1 stdout, 2 stderr, 3 the final Status, 255 (v5) closes a stream.
final class ExecHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let plan: ExecPlan
    private let runtime: any PodRuntime
    private var session: (any ExecSession)?

    init(plan: ExecPlan, runtime: any PodRuntime) {
        self.plan = plan
        self.runtime = runtime
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel
        let send: @Sendable (UInt8, [UInt8]) -> Void = { stream, bytes in
            var buffer = channel.allocator.buffer(capacity: bytes.count + 1)
            buffer.writeInteger(stream)
            buffer.writeBytes(bytes)
            channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .binary, data: buffer), promise: nil)
        }
        let command = plan.command
        do {
            session = try runtime.exec(
                pod: plan.pod, container: plan.container, command: plan.command,
                output: { stream, bytes in send(stream, bytes) },
                exited: { code in
                    send(3, Array(ExecPlan.status(exitCode: code, command: command).jsonString().utf8))
                    var reason = channel.allocator.buffer(capacity: 2)
                    reason.write(webSocketErrorCode: .normalClosure)
                    channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .connectionClose, data: reason))
                        .whenComplete { _ in channel.close(promise: nil) }
                })
            if !plan.stdin { session?.closeStdin() }
        } catch {
            let status: Value = [
                "metadata": [:], "status": "Failure", "reason": "InternalError",
                "message": .string("failed to exec in container: \(error)"),
            ]
            send(3, Array(status.jsonString().utf8))
            context.close(promise: nil)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .binary, .text:
            var data = frame.unmaskedData
            guard let stream: UInt8 = data.readInteger() else { return }
            if stream == 0 {
                session?.writeStdin(Array(data.readableBytesView))
            } else if stream == 255, data.readInteger(as: UInt8.self) == 0 {
                session?.closeStdin()
            }
        case .connectionClose:
            session?.terminate()
            context.close(promise: nil)
        case .ping:
            context.writeAndFlush(
                wrapOutboundOut(WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)), promise: nil)
        default:
            break
        }
    }

    /// A stopping server ends the exec as kube-apiserver does: the command is killed and the connection closed.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is OpenConnections.Drain else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        session?.terminate()
        OpenConnections.closePromptly(context.channel)
    }

    func channelInactive(context: ChannelHandlerContext) {
        session?.terminate()
        context.fireChannelInactive()
    }
}

/// What one exec request asked for, checked against the store.
struct ExecPlan: Sendable {
    var pod: Value
    var container: String
    var command: [String]
    var stdin: Bool

    /// The Status sent on channel 3 when the command ends.
    static func status(exitCode: Int32, command: [String]) -> Value {
        if exitCode == 0 { return ["metadata": [:], "status": "Success"] }
        return [
            "metadata": [:], "status": "Failure",
            "message": .string(
                "command terminated with non-zero exit code: error executing command [\(command.joined(separator: " "))], exit code \(exitCode)"
            ),
            "reason": "NonZeroExitCode",
            "details": ["causes": [["reason": "ExitCode", "message": .string(String(exitCode))]]],
        ]
    }
}
