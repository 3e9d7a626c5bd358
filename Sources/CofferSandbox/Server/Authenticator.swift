import CofferKubeAPI
import NIOCore
import NIOHTTP1
import NIOSSL

/// Turns a request's credentials into a user: bearer tokens, or the client certificate's subject.
struct Authenticator: Sendable {
    /// Token → user; the admin token maps to a `system:masters` member.
    var tokens: [String: UserInfo]

    enum Outcome: Equatable {
        case user(UserInfo)
        /// A token was sent but is not known: 401.
        case rejected
        /// No credentials at all: 401 as well (anonymous access is off).
        case anonymous
    }

    /// - Parameters:
    ///   - authorization: The `Authorization` header, if any.
    ///   - certificateSubject: The verified client certificate's common name and organizations, if any.
    func authenticate(authorization: String?, certificateSubject: (commonName: String, organizations: [String])?)
        -> Outcome
    {
        if let authorization {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer", let user = tokens[String(parts[1])] else {
                return .rejected
            }
            return .user(user)
        }
        if let certificateSubject {
            return .user(
                UserInfo(
                    name: certificateSubject.commonName,
                    groups: certificateSubject.organizations + ["system:authenticated"]))
        }
        return .anonymous
    }
}

extension Authenticator {
    /// Authenticates a request arriving on `pipeline` (which holds the TLS handler); call on its event loop.
    func authenticate(_ head: HTTPRequestHead, pipeline: ChannelPipeline) -> Outcome {
        var subject: (commonName: String, organizations: [String])?
        if let certificate = try? pipeline.syncOperations.nioSSL_peerCertificate() {
            let names = certificate.subjectName
            subject = (
                names.first { $0.type == .commonName }?.value ?? "",
                names.filter { $0.type == .organization }.map(\.value)
            )
        }
        return authenticate(authorization: head.headers.first(name: "authorization"), certificateSubject: subject)
    }
}
