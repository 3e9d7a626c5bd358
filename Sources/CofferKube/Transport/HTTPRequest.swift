/// One HTTP request as the curl engine performs it; a value, so it can be retried as is.
struct HTTPRequest: Sendable {
    var method: String
    var url: String
    /// Header lines without the final CRLF; `Authorization` lines are never logged.
    var headers: [(name: String, value: String)] = []
    var body: [UInt8]? = nil
    /// The whole-transfer limit; `nil` for streams (watch, follow logs) that may last forever.
    var timeout: Duration? = nil
    var connectTimeout: Duration = .seconds(30)
    var tls: TLSSettings = TLSSettings()
    /// `http://`, `https://` or `socks5://` proxy URL; `nil` lets libcurl read the environment, as Go does.
    var proxy: String? = nil

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// TLS material handed to libcurl in memory: key material is never written to a file.
struct TLSSettings: Sendable, Hashable {
    /// PEM bundle of certificate authorities to trust instead of the system store.
    var caPEM: [UInt8]? = nil
    var clientCertificatePEM: [UInt8]? = nil
    var clientKeyPEM: [UInt8]? = nil
    /// Skip server certificate verification (`insecure-skip-tls-verify`).
    var insecure = false
    /// The name to verify the server certificate against and send as SNI, instead of the URL's host.
    var serverName: String? = nil
}

/// The status line, headers and (for buffered requests) body of an answer.
struct HTTPResponse: Sendable {
    var statusCode: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    /// `HTTP/1.1` or `HTTP/2`, as negotiated.
    var httpVersion: Int = 0

    func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.last { $0.name.lowercased() == lower }?.value
    }
}

/// The head of a streamed answer, delivered before its body chunks.
struct HTTPResponseHead: Sendable {
    var statusCode: Int
    var headers: [(name: String, value: String)]

    func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.last { $0.name.lowercased() == lower }?.value
    }
}
