import CofferCore
import CofferKubeAPI
import NIOCore
import NIOHTTP1
import NIOWebSocket

/// Upgrades `.../pods/{name}/exec` requests to WebSocket, naming the chosen channel subprotocol in the
/// answer, as client-go requires.
enum ExecUpgrader {
    static let subprotocols = ["v5.channel.k8s.io", "v4.channel.k8s.io"]

    static func make(api: APIServer, authenticator: Authenticator) -> NIOWebSocketServerUpgrader {
        NIOWebSocketServerUpgrader(
            maxFrameSize: 1 << 20,
            shouldUpgrade: { channel, head in
                let offered = head.headers[canonicalForm: "sec-websocket-protocol"].map(String.init)
                guard let chosen = subprotocols.first(where: offered.contains),
                    case .user(let user) = authenticator.authenticate(head, pipeline: channel.pipeline)
                else { return channel.eventLoop.makeSucceededFuture(nil) }
                let request = APIRequest(method: "GET", target: head.uri, user: user)
                let namespace = request.path.split(separator: "/").dropFirst(3).first.map(String.init)
                guard user.may("create", APIServer.podResource, subresource: "exec", namespace: namespace),
                    (try? api.execPlan(request)) != nil
                else {
                    // Not upgraded: the request reaches the API handler, which answers with the Status.
                    return channel.eventLoop.makeSucceededFuture(nil)
                }
                var headers = HTTPHeaders()
                headers.add(name: "Sec-WebSocket-Protocol", value: chosen)
                return channel.eventLoop.makeSucceededFuture(headers)
            },
            upgradePipelineHandler: { channel, head in
                let request = APIRequest(
                    method: "GET", target: head.uri, user: UserInfo(name: "exec", groups: ["system:masters"]))
                guard let plan = try? api.execPlan(request) else {
                    return channel.close()
                }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ExecHandler(plan: plan, runtime: api.runtime))
                }
            })
    }
}
