internal import CCofferCurl
import Foundation

/// One libcurl easy handle and everything its callbacks touch; lives only on the curl thread.
final class CurlTransfer {
    let handle: UnsafeMutableRawPointer
    let sink: any TransferSink
    let cancel: CancelFlag
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var connectTo: UnsafeMutablePointer<curl_slist>?
    /// libcurl writes its detailed message here; it must stay put for the handle's life, hence not an array.
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var statusCode = 0
    private var headers: [(name: String, value: String)] = []
    private var headDelivered = false
    /// Set when the sink refused a chunk, so the write error reads as a cancellation.
    private(set) var consumerGone = false

    init(request: HTTPRequest, sink: any TransferSink, cancel: CancelFlag) throws(KubeError) {
        guard let handle = curl_easy_init() else {
            throw KubeError(.transport, "libcurl could not create a transfer handle")
        }
        self.handle = handle
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        self.sink = sink
        self.cancel = cancel
        try configure(request)
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(headerList)
        curl_slist_free_all(connectTo)
        errorBuffer.deallocate()
    }

    // MARK: - Setup

    private func check(_ code: CURLcode, _ what: String) throws(KubeError) {
        guard code == CURLE_OK else {
            throw KubeError(.transport, "libcurl rejected \(what): \(String(cString: curl_easy_strerror(code)))")
        }
    }

    private func configure(_ request: HTTPRequest) throws(KubeError) {
        let me = Unmanaged.passUnretained(self).toOpaque()
        var url = request.url
        if let serverName = request.tls.serverName, let rewritten = Self.connectTo(url: url, serverName: serverName) {
            // libcurl 7.88 has no option to verify against another name than the URL's host: ask for the TLS
            // name in the URL and route its connection to the real address, so SNI and verification use it.
            url = rewritten.url
            connectTo = curl_slist_append(nil, rewritten.entry)
            try check(ccoffer_curl_easy_setopt_pointer(handle, CURLOPT_CONNECT_TO, connectTo), "connect-to")
        }
        try check(ccoffer_curl_easy_setopt_string(handle, CURLOPT_URL, url), "the URL")
        try check(ccoffer_curl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1), "nosignal")
        try check(ccoffer_curl_easy_setopt_long(handle, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS)), "http2")
        try check(ccoffer_curl_easy_setopt_long(handle, CURLOPT_PIPEWAIT, 1), "pipewait")
        try check(ccoffer_curl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer), "error buffer")
        switch request.method {
        case "GET": break
        case "HEAD": try check(ccoffer_curl_easy_setopt_long(handle, CURLOPT_NOBODY, 1), "HEAD")
        default: try check(ccoffer_curl_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method), "method")
        }
        if let body = request.body, !body.isEmpty {
            try check(
                ccoffer_curl_easy_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)), "size")
            // COPYPOSTFIELDS copies `size` bytes now, so `body` need not outlive this call.
            let result = body.withUnsafeBytes { bytes in
                ccoffer_curl_easy_setopt_pointer(
                    handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
            }
            try check(result, "the body")
        } else if request.body != nil
            || (request.method != "GET" && request.method != "HEAD" && request.method != "DELETE")
        {
            try check(ccoffer_curl_easy_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, 0), "size")
            try check(ccoffer_curl_easy_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, ""), "the body")
        }
        // An empty `Expect:` stops libcurl waiting for `100 Continue` before sending large bodies.
        var lines = ["Expect:"]
        lines += request.headers.map { "\($0.name): \($0.value)" }
        for line in lines { headerList = curl_slist_append(headerList, line) }
        try check(ccoffer_curl_easy_setopt_pointer(handle, CURLOPT_HTTPHEADER, headerList), "headers")

        if let timeout = request.timeout {
            try check(ccoffer_curl_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, Self.milliseconds(timeout)), "timeout")
        }
        try check(
            ccoffer_curl_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(request.connectTimeout)),
            "connect timeout")
        try configureTLS(request.tls)
        if let proxy = request.proxy {
            try check(ccoffer_curl_easy_setopt_string(handle, CURLOPT_PROXY, proxy), "the proxy")
        }

        try check(ccoffer_curl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, me), "header data")
        try check(ccoffer_curl_easy_setopt_header_function(handle, curlHeaderCallback), "header callback")
        try check(ccoffer_curl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, me), "write data")
        try check(ccoffer_curl_easy_setopt_write_function(handle, curlWriteCallback), "write callback")
        try check(ccoffer_curl_easy_setopt_pointer(handle, CURLOPT_XFERINFODATA, me), "progress data")
        try check(ccoffer_curl_easy_setopt_xferinfo_function(handle, curlProgressCallback), "progress callback")
        try check(ccoffer_curl_easy_setopt_long(handle, CURLOPT_NOPROGRESS, 0), "progress")
    }

    private func configureTLS(_ tls: TLSSettings) throws(KubeError) {
        try Self.applyTLS(tls, to: handle)
    }

    /// Sets certificate authority, client certificate and key as in-memory blobs, and verification.
    static func applyTLS(_ tls: TLSSettings, to handle: UnsafeMutableRawPointer) throws(KubeError) {
        func check(_ code: CURLcode, _ what: String) throws(KubeError) {
            guard code == CURLE_OK else {
                throw KubeError(.transport, "libcurl rejected \(what): \(String(cString: curl_easy_strerror(code)))")
            }
        }
        func setBlob(_ option: CURLoption, _ bytes: [UInt8], _ what: String) throws(KubeError) {
            guard !bytes.isEmpty else { throw KubeError(.configuration, "\(what) is empty") }
            let result = bytes.withUnsafeBytes { buffer in
                ccoffer_curl_easy_setopt_blob(handle, option, buffer.baseAddress!, buffer.count)  // non-empty, checked above
            }
            try check(result, what)
        }
        if tls.insecure {
            try check(ccoffer_curl_easy_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 0), "verify peer")
            try check(ccoffer_curl_easy_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 0), "verify host")
        }
        if let ca = tls.caPEM, !tls.insecure {
            try setBlob(CURLOPT_CAINFO_BLOB, ca, "the certificate authority")
        }
        if let cert = tls.clientCertificatePEM {
            try setBlob(CURLOPT_SSLCERT_BLOB, cert, "the client certificate")
            try check(ccoffer_curl_easy_setopt_string(handle, CURLOPT_SSLCERTTYPE, "PEM"), "certificate type")
        }
        if let key = tls.clientKeyPEM {
            try setBlob(CURLOPT_SSLKEY_BLOB, key, "the client key")
            try check(ccoffer_curl_easy_setopt_string(handle, CURLOPT_SSLKEYTYPE, "PEM"), "key type")
        }
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }

    /// The URL with its host replaced by `serverName`, and the `CURLOPT_CONNECT_TO` entry routing it back.
    static func connectTo(url: String, serverName: String) -> (url: String, entry: String)? {
        guard var components = URLComponents(string: url), let host = components.host else { return nil }
        let port = components.port ?? (components.scheme == "http" ? 80 : 443)
        let target = host.contains(":") ? "[\(host)]" : host
        components.host = serverName
        guard let rewritten = components.string else { return nil }
        return (rewritten, "\(serverName):\(port):\(target):\(port)")
    }

    // MARK: - Callbacks

    fileprivate func headerLine(_ line: Substring) {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("HTTP/") {
            let parts = trimmed.split(separator: " ", maxSplits: 2)
            statusCode = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            headers = []
        } else if trimmed.isEmpty {
            // The blank line ends one head; 1xx heads are followed by the real one.
            if statusCode >= 200 && !headDelivered {
                headDelivered = true
                sink.receiveHead(HTTPResponseHead(statusCode: statusCode, headers: headers))
            }
        } else if let colon = trimmed.firstIndex(of: ":") {
            let name = String(trimmed[..<colon])
            let value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers.append((name, value))
        }
    }

    fileprivate func body(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if !headDelivered {
            headDelivered = true
            sink.receiveHead(HTTPResponseHead(statusCode: statusCode, headers: headers))
        }
        if sink.receive(bytes) { return true }
        consumerGone = true
        return false
    }

    /// Completes the sink from libcurl's result code.
    func finish(_ result: CURLcode) {
        if result == CURLE_OK {
            if !headDelivered {
                headDelivered = true
                sink.receiveHead(HTTPResponseHead(statusCode: statusCode, headers: headers))
            }
            sink.complete(nil)
            return
        }
        if cancel.isSet || consumerGone {
            sink.complete(KubeError(.transport, "the request was cancelled", underlying: CancellationError()))
            return
        }
        let detail = String(cString: errorBuffer)
        let text = detail.isEmpty ? String(cString: curl_easy_strerror(result)) : detail
        let failure = CurlFailure(code: Int(result.rawValue), message: text)
        let code: KubeError.Code = result == CURLE_OPERATION_TIMEDOUT ? .timeout : .transport
        sink.complete(KubeError(code, text, underlying: failure))
    }

    /// Completes the sink as cancelled, for transfers removed before libcurl finished them.
    func finishCancelled() {
        sink.complete(KubeError(.transport, "the request was cancelled", underlying: CancellationError()))
    }
}

@available(*, unavailable) extension CurlTransfer: Sendable {}

/// A libcurl error, kept so retry decisions can look at the code.
struct CurlFailure: Error, Sendable, CustomStringConvertible {
    var code: Int
    var message: String
    var description: String { "libcurl error \(code): \(message)" }

    /// Whether the request may not have reached the server, or its answer was lost on the way back.
    var isConnectionFailure: Bool {
        let codes: [CURLcode] = [
            CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_SEND_ERROR, CURLE_RECV_ERROR,
            CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_HTTP2, CURLE_HTTP2_STREAM, CURLE_SSL_CONNECT_ERROR,
            CURLE_OPERATION_TIMEDOUT,
        ]
        return codes.contains { Int($0.rawValue) == code }
    }
}

// MARK: - C callbacks

private func curlHeaderCallback(
    _ data: UnsafeMutablePointer<CChar>, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    guard let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    let bytes = UnsafeRawBufferPointer(start: data, count: size * count)
    transfer.headerLine(Substring(decoding: bytes, as: UTF8.self))
    return size * count
}

private func curlWriteCallback(
    _ data: UnsafeMutablePointer<CChar>, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    guard let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    return transfer.body(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
}

private func curlProgressCallback(
    _ context: UnsafeMutableRawPointer?, _: curl_off_t, _: curl_off_t, _: curl_off_t, _: curl_off_t
) -> Int32 {
    guard let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    return transfer.cancel.isSet ? 1 : 0
}
