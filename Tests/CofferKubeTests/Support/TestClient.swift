import CofferKube
import CofferTestSupport

/// A client for a loopback server: no rate limit, quick retries, a token to check headers against.
func makeClient(
    _ server: LoopbackServer, token: String? = "secret-token", retries: Int = 3,
    timeout: Duration = .seconds(30)
) -> KubeClient {
    let connection = ClusterConnection(
        server: server.url, credentials: token.map { .token($0) } ?? .none, namespace: "ns")
    let options = KubeClient.Options(
        rateLimit: .unlimited,
        retry: RetryPolicy(maxRetries: retries, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5)),
        requestTimeout: timeout)
    return KubeClient(connection: connection, options: options, environment: [:])
}

func statusJSON(_ code: Int, _ reason: String, _ message: String) -> String {
    #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"\#(message)","reason":"\#(reason)","code":\#(code)}"#
}
