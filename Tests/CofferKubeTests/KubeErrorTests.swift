import CofferCore
import Testing

@testable import CofferKube

/// `KubeError` from an answer's body: a Status is read by CofferKubeAPI's `KubeStatus`, anything else quoted.
@Suite struct KubeErrorTests {
    @Test func aStatusBodyGivesItsCodeReasonAndMessage() {
        let body = #"{"kind":"Status","apiVersion":"v1","status":"Failure","message":"pods \"x\" not found","reason":"NotFound","details":{"name":"x","kind":"pods"},"code":404}"#
        let error = KubeError.fromResponse(statusCode: 404, body: Array(body.utf8), verb: "GET", path: "/api/v1/pods/x")
        #expect(error.code == .server)
        #expect(error.statusCode == 404)
        #expect(error.reason == "NotFound")
        #expect(error.description == #"error from server (NotFound): pods "x" not found"#)
        #expect(error.details?["name"] == "x")
        #expect(error.isNotFound)
    }

    @Test func emptyStatusMembersFallBackToTheStatusLine() {
        let body = #"{"kind":"Status","status":"Failure"}"#
        let error = KubeError.fromResponse(statusCode: 503, body: Array(body.utf8), verb: "GET", path: "/api")
        #expect(error.statusCode == 503)
        #expect(error.reason == "ServiceUnavailable")
        #expect(error.message == "GET /api: HTTP 503")
    }

    @Test func aBodyThatIsNotAStatusIsQuotedOnOneLine() {
        let body = "<html>\nBad Gateway</html>"
        let error = KubeError.fromResponse(statusCode: 502, body: Array(body.utf8), verb: "POST", path: "/api/v1/x")
        #expect(error.message == "POST /api/v1/x: HTTP 502: <html>")
        #expect(error.reason == "Unknown")
        #expect(error.status == nil)
    }
}
