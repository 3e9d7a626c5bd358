import CofferCore
import CofferKubeAPI
import CofferYAML
import Foundation

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// The kubeconfig the sandbox writes for itself: context `sandbox` (bearer token, the default) and
/// `sandbox-cert` (the admin client certificate).
struct Kubeconfig {
    var server: String
    var pki: PKI
    var token: String

    func write(to url: URL) throws {
        func base64(_ file: URL) throws -> Value { .string(try Data(contentsOf: file).base64EncodedString()) }
        let config: Value = [
            "apiVersion": "v1", "kind": "Config", "current-context": "sandbox", "preferences": [:],
            "clusters": [
                [
                    "name": "sandbox",
                    "cluster": [
                        "server": .string(server), "certificate-authority-data": try base64(pki.caCertificate),
                    ],
                ]
            ],
            "users": [
                ["name": "sandbox-admin", "user": ["token": .string(token)]],
                [
                    "name": "sandbox-cert",
                    "user": [
                        "client-certificate-data": try base64(pki.adminCertificate),
                        "client-key-data": try base64(pki.adminKey),
                    ],
                ],
            ],
            "contexts": [
                [
                    "name": "sandbox",
                    "context": ["cluster": "sandbox", "user": "sandbox-admin", "namespace": "default"],
                ],
                [
                    "name": "sandbox-cert",
                    "context": ["cluster": "sandbox", "user": "sandbox-cert", "namespace": "default"],
                ],
            ],
        ]
        let temporary = url.appendingPathExtension("tmp")
        try YAMLEmitter.emit(config).write(to: temporary, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: temporary.path)
        guard rename(temporary.path, url.path) == 0 else {
            throw SandboxError(message: "cannot write \(url.path): errno \(errno)")
        }
    }
}
