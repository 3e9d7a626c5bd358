import CofferKubeAPI
import Foundation

/// The sandbox's certificate authority, server certificate and admin client certificate, made once with
/// the `openssl` command in `DIR/pki` and reused on later starts.
struct PKI: Sendable {
    var directory: URL

    var caCertificate: URL { directory.appendingPathComponent("ca.crt") }
    var caKey: URL { directory.appendingPathComponent("ca.key") }
    var serverCertificate: URL { directory.appendingPathComponent("server.crt") }
    var serverKey: URL { directory.appendingPathComponent("server.key") }
    var adminCertificate: URL { directory.appendingPathComponent("admin.crt") }
    var adminKey: URL { directory.appendingPathComponent("admin.key") }

    /// Creates whatever is missing.
    func ensure() throws {
        let files = FileManager.default
        try files.createDirectory(at: directory, withIntermediateDirectories: true)
        if !files.fileExists(atPath: caCertificate.path) || !files.fileExists(atPath: caKey.path) {
            try openssl([
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", caKey.path, "-out", caCertificate.path, "-days", "3650", "-subj", "/CN=coffer-sandbox-ca",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            ])
            try? files.removeItem(at: serverCertificate)
            try? files.removeItem(at: adminCertificate)
        }
        if !files.fileExists(atPath: serverCertificate.path) {
            try issue(
                subject: "/CN=coffer-sandbox", key: serverKey, certificate: serverCertificate,
                extensions: "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n"
                    + "keyUsage=critical,digitalSignature,keyEncipherment\n")
        }
        if !files.fileExists(atPath: adminCertificate.path) {
            try issue(
                subject: "/O=system:masters/CN=sandbox-admin", key: adminKey, certificate: adminCertificate,
                extensions: "extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n")
        }
    }

    private func issue(subject: String, key: URL, certificate: URL, extensions: String) throws {
        let request = directory.appendingPathComponent("request.csr")
        let extensionFile = directory.appendingPathComponent("extensions.cnf")
        try extensions.write(to: extensionFile, atomically: true, encoding: .utf8)
        defer {
            try? FileManager.default.removeItem(at: request)
            try? FileManager.default.removeItem(at: extensionFile)
        }
        try openssl([
            "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key.path, "-out", request.path, "-subj", subject,
        ])
        try openssl([
            "x509", "-req", "-in", request.path, "-CA", caCertificate.path, "-CAkey", caKey.path,
            "-CAcreateserial", "-out", certificate.path, "-days", "3650", "-extfile", extensionFile.path,
        ])
    }

    private func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw SandboxError(
                message: "openssl \(arguments.first ?? "") failed: \(String(decoding: message, as: UTF8.self))")
        }
    }
}

/// The sandbox could not start, or was driven wrongly.
public struct SandboxError: Error, CustomStringConvertible, Sendable {
    /// One line, lower-case start.
    public var message: String
    public var description: String { message }

    /// - Parameter message: What went wrong.
    public init(message: String) { self.message = message }
}
