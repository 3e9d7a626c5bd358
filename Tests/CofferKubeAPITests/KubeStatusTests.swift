import CofferCore
import Testing

@testable import CofferKubeAPI

@Suite struct KubeStatusTests {
    @Test func notFoundHasTheAPIServersShape() throws {
        let status = KubeStatus.notFound(
            group: "postgres-operator.crunchydata.com", resource: "postgresclusters", name: "hippo")
        #expect(
            status.value
                == (try json(
                    """
                    {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
                     "message":"postgresclusters.postgres-operator.crunchydata.com \\"hippo\\" not found",
                     "reason":"NotFound",
                     "details":{"name":"hippo","group":"postgres-operator.crunchydata.com","kind":"postgresclusters"},
                     "code":404}
                    """)))
        #expect(
            status.value.jsonString()
                == #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"postgresclusters.postgres-operator.crunchydata.com \"hippo\" not found","reason":"NotFound","details":{"name":"hippo","group":"postgres-operator.crunchydata.com","kind":"postgresclusters"},"code":404}"#
        )
    }

    @Test(
        arguments: [
            (KubeStatus.notFound(group: "", resource: "pods", name: "x"), 404, "NotFound", #"pods "x" not found"#),
            (
                .alreadyExists(group: "apps", resource: "deployments", name: "web"), 409, "AlreadyExists",
                #"deployments.apps "web" already exists"#
            ),
            (
                .conflict(group: "", resource: "configmaps", name: "c"), 409, "Conflict",
                #"Operation cannot be fulfilled on configmaps "c": the object has been modified; please apply your changes to the latest version and try again"#
            ),
            (.expired(requested: "5", current: "120"), 410, "Expired", "too old resource version: 5 (120)"),
            (
                .unsupportedMediaType(accepted: KubeStatus.customResourcePatchTypes), 415, "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"
            ),
            (
                .methodNotAllowed(group: "", resource: "pods/log", verb: "create"), 405, "MethodNotAllowed",
                #"create is not supported on resources of kind "pods/log""#
            ),
            (
                .forbidden(user: "x", verb: "list", resource: "pods", group: "", namespace: "default"), 403,
                "Forbidden",
                #"pods is forbidden: User "x" cannot list resource "pods" in API group "" in the namespace "default""#
            ),
            (
                .forbidden(
                    user: "system:anonymous", verb: "get", resource: "namespaces", group: "", name: "kube-system"), 403,
                "Forbidden",
                #"namespaces "kube-system" is forbidden: User "system:anonymous" cannot get resource "namespaces" in API group "" at the cluster scope"#
            ),
            (
                .forbidden(user: "x", verb: "get", path: "/metrics"), 403, "Forbidden",
                #"forbidden: User "x" cannot get path "/metrics""#
            ),
            (.unauthorized(), 401, "Unauthorized", "Unauthorized"),
            (.internalError("boom"), 500, "InternalError", "Internal error occurred: boom"),
            (.tooManyRequests("slow down", retryAfterSeconds: 1), 429, "TooManyRequests", "slow down"),
            (.badRequest("bad"), 400, "BadRequest", "bad"),
            (
                .serverTimeout(group: "", resource: "pods", operation: "get"), 500, "ServerTimeout",
                "The get operation against pods could not be completed at this time, please try again."
            ),
            (.serviceUnavailable("later"), 503, "ServiceUnavailable", "later"),
        ] as [(KubeStatus, Int, String, String)])
    func factoryProducesTheAPIServersMessage(status: KubeStatus, code: Int, reason: String, message: String) {
        #expect(status.code == code)
        #expect(status.reason.rawValue == reason)
        #expect(status.message == message)
        #expect(status.value["code"]?.intValue == Int64(code))
    }

    @Test func tooManyRequestsAlwaysCarriesDetails() {
        #expect(KubeStatus.tooManyRequests("slow down").value["details"] == [:])
        #expect(
            KubeStatus.tooManyRequests("slow down", retryAfterSeconds: 2).value["details"] == ["retryAfterSeconds": 2])
    }

    @Test func invalidWithOneCauseHasNoBrackets() {
        let status = KubeStatus.invalid(
            kind: "PostgresCluster", group: "postgres-operator.crunchydata.com", name: "hippo",
            causes: [.required("spec.instances")])
        #expect(
            status.message
                == #"PostgresCluster.postgres-operator.crunchydata.com "hippo" is invalid: spec.instances: Required value"#
        )
        #expect(
            status.value["details"] == [
                "name": "hippo", "group": "postgres-operator.crunchydata.com", "kind": "PostgresCluster",
                "causes": [["reason": "FieldValueRequired", "message": "Required value", "field": "spec.instances"]],
            ])
    }

    @Test func invalidDropsRepeatedMessages() {
        let status = KubeStatus.invalid(
            kind: "Pod", group: "", name: "p", causes: [.required("a"), .required("a"), .required("b")])
        #expect(status.message == #"Pod "p" is invalid: [a: Required value, b: Required value]"#)
        #expect(status.details?.causes.count == 3)
    }

    @Test func parsingAStatusRoundTrips() throws {
        let original = KubeStatus.invalid(
            kind: "Pod", group: "", name: "p", causes: [.notSupported("spec.x", value: "z", supported: ["a", "b"])])
        #expect(KubeStatus(value: original.value) == original)
        #expect(KubeStatus(value: ["kind": "Pod"]) == nil)
    }
}

@Suite struct FieldErrorTests {
    @Test(
        arguments: [
            (
                FieldError.notSupported("spec.x", value: "z", supported: ["a", "b"]),
                #"spec.x: Unsupported value: "z": supported values: "a", "b""#
            ),
            (.required("spec.y"), "spec.y: Required value"),
            (.invalid("spec.n", value: 1.5, detail: "must be whole"), "spec.n: Invalid value: 1.5: must be whole"),
            (
                .invalid("spec.o", value: ["a": [1, true]], detail: "bad"),
                #"spec.o: Invalid value: {"a":[1,true]}: bad"#
            ),
            (
                .invalid("spec.s", value: "tab\there \"q\"", detail: "bad"),
                #"spec.s: Invalid value: "tab\there \"q\"": bad"#
            ),
            (.forbidden("spec.z", detail: "may not be set"), "spec.z: Forbidden: may not be set"),
            (.tooLong("metadata.name", maxLength: 63), "metadata.name: Too long: may not be more than 63 bytes"),
            (.tooMany("spec.l", actual: 4, max: 1), "spec.l: Too many: 4: must have at most 1 item"),
            (.duplicate("spec.l[1]", value: "a"), #"spec.l[1]: Duplicate value: "a""#),
        ] as [(FieldError, String)])
    func descriptionMatchesKubernetes(error: FieldError, text: String) {
        #expect(error.description == text)
    }
}

@Suite struct KubeStatusWatchTests {
    @Test func expiredWatchErrorEventWrapsTheStatus() {
        let event = KubeStatus.expired(requested: "5", current: "120").watchErrorEvent
        #expect(event["type"] == "ERROR")
        #expect(
            event["object"] == [
                "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure",
                "message": "too old resource version: 5 (120)", "reason": "Expired", "code": 410,
            ])
    }
}
