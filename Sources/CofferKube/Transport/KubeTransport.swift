import CofferCore
import Foundation

/// Sends requests to one API server: rate limit, credentials, retries, and Status errors.
final class KubeTransport: Sendable {
    let connection: ClusterConnection
    let options: KubeClient.Options
    private let credentials: CredentialProvider
    private let limiter: RateLimiter
    private let logger: KubeLogger?
    private let engine = CurlEngine.shared

    init(connection: ClusterConnection, options: KubeClient.Options, environment: [String: String], logger: KubeLogger?)
    {
        self.connection = connection
        self.options = options
        self.credentials = CredentialProvider(connection: connection, environment: environment)
        self.limiter = RateLimiter(options.rateLimit)
        self.logger = logger
    }

    /// Waits for the rate limiter, for requests made outside ``send`` (exec).
    func acquireRateToken() async throws { try await limiter.acquire() }

    /// The credentials to present now, for connections made outside ``send`` (exec).
    func currentCredentials() async throws -> Credentials { try await credentials.credentials() }

    /// A request to `path` (which may carry a query) with the connection's TLS settings and credentials.
    private func prepare(
        method: String, path: String, body: [UInt8]?, contentType: String?, accept: String, timeout: Duration?
    ) async throws -> HTTPRequest {
        let credentials = try await self.credentials.credentials()
        var request = HTTPRequest(method: method, url: connection.server + path)
        request.headers.append(("Accept", accept))
        request.headers.append(("User-Agent", "coffer/0.1"))
        if let contentType { request.headers.append(("Content-Type", contentType)) }
        if let token = credentials.token { request.headers.append(("Authorization", "Bearer \(token)")) }
        request.body = body
        request.timeout = timeout
        request.tls = connection.tls
        if let cert = credentials.clientCertificatePEM, let key = credentials.clientKeyPEM {
            request.tls.clientCertificatePEM = cert
            request.tls.clientKeyPEM = key
        }
        request.proxy = connection.proxyURL
        return request
    }

    /// Sends a request and returns its 2xx answer, retrying as ``RetryPolicy`` allows.
    ///
    /// - Throws: ``KubeError`` carrying the server's Status for non-2xx answers; `CancellationError`.
    func send(
        _ method: String, _ path: String, body: [UInt8]? = nil, contentType: String? = nil,
        accept: String = "application/json", timeout: Duration? = nil
    ) async throws -> HTTPResponse {
        var attempt = 0
        var refreshedCredentials = false
        while true {
            try Task.checkCancellation()
            try await limiter.acquire()
            let request = try await prepare(
                method: method, path: path, body: body, contentType: contentType, accept: accept,
                timeout: timeout ?? options.requestTimeout)
            let started = ContinuousClock.now
            let failure: RetryPolicy.Failure
            let error: KubeError
            do {
                let response = try await engine.perform(request)
                logger?.debug("\(method) \(path) \(response.statusCode) in \(ContinuousClock.now - started)")
                if (200..<300).contains(response.statusCode) { return response }
                error = KubeError.fromResponse(
                    statusCode: response.statusCode, body: response.body, verb: method, path: path)
                if response.statusCode == 401 && credentials.canRefresh && !refreshedCredentials {
                    // An exec plugin's token may have been revoked before its stated expiry: ask once more.
                    refreshedCredentials = true
                    credentials.invalidate()
                    continue
                }
                failure = .status(
                    response.statusCode, retryAfter: RetryPolicy.retryAfter(response.header("Retry-After")))
            } catch let caught as KubeError {
                if Task.isCancelled { throw CancellationError() }
                logger?.debug("\(method) \(path) failed: \(caught.message)")
                guard let curl = caught.underlying as? CurlFailure else { throw caught }
                error = caught
                if !curl.isConnectionFailure { throw caught }
                failure = curl.code == 7 || curl.code == 6 ? .connectionRefused : .connectionLost
            }
            guard let delay = options.retry.delay(method: method, failure: failure, attempt: attempt) else {
                throw error
            }
            attempt += 1
            try await Task.sleep(for: delay)
        }
    }

    /// Starts a streamed request (watch, follow logs); non-2xx answers throw with their Status.
    func stream(
        _ method: String, _ path: String, accept: String = "application/json"
    ) async throws -> AsyncThrowingStream<[UInt8], any Error> {
        var attempt = 0
        while true {
            try await limiter.acquire()
            let request = try await prepare(
                method: method, path: path, body: nil, contentType: nil, accept: accept, timeout: nil)
            let failure: RetryPolicy.Failure
            let error: KubeError
            do {
                let (head, chunks) = try await engine.stream(request)
                logger?.debug("\(method) \(path) \(head.statusCode) (stream)")
                if (200..<300).contains(head.statusCode) { return chunks }
                var body: [UInt8] = []
                for try await chunk in chunks { body += chunk }
                error = KubeError.fromResponse(statusCode: head.statusCode, body: body, verb: method, path: path)
                failure = .status(head.statusCode, retryAfter: RetryPolicy.retryAfter(head.header("Retry-After")))
            } catch let caught as KubeError {
                if Task.isCancelled { throw CancellationError() }
                guard let curl = caught.underlying as? CurlFailure, curl.isConnectionFailure else { throw caught }
                error = caught
                failure = .connectionLost
            }
            guard let delay = options.retry.delay(method: method, failure: failure, attempt: attempt) else {
                throw error
            }
            attempt += 1
            try await Task.sleep(for: delay)
        }
    }
}
