import Testing

@testable import CofferSandbox

@Suite struct FaultRuleTests {
    static let configMaps = "/api/v1/namespaces/default/configmaps"

    private func injector(_ rules: String...) throws -> FaultInjector {
        var faults = FaultInjector()
        faults.rules = try rules.map(FaultRule.init)
        return faults
    }

    @Test func aRuleFailsExactlyItsFirstNMatchingRequests() throws {
        let rule = "POST \(Self.configMaps) 500 x2"
        let faults = try injector(rule)
        let first = FaultInjector.Decision.status(500, message: "injected fault 1 of 2 from rule \"\(rule)\"")
        let second = FaultInjector.Decision.status(500, message: "injected fault 2 of 2 from rule \"\(rule)\"")
        #expect(faults.decide(method: "POST", path: Self.configMaps) == first)
        #expect(faults.decide(method: "POST", path: Self.configMaps) == second)
        #expect(faults.decide(method: "POST", path: Self.configMaps) == .none)
    }

    @Test func otherMethodsAndPathsAreNotCounted() throws {
        let faults = try injector("POST \(Self.configMaps) reset x1")
        #expect(faults.decide(method: "GET", path: Self.configMaps) == .none)
        #expect(faults.decide(method: "POST", path: Self.configMaps + "/one") == .none)
        #expect(faults.decide(method: "POST", path: "/api/v1/namespaces/other/configmaps") == .none)
        #expect(faults.decide(method: "POST", path: Self.configMaps) == .reset)
    }

    @Test func aFinalStarMatchesByPrefixAndAStarMethodMatchesAny() throws {
        let faults = try injector("* /apis/apps/* 503 x2")
        #expect(
            faults.decide(method: "GET", path: "/apis/apps/v1/deployments")
                == .status(503, message: #"injected fault 1 of 2 from rule "* /apis/apps/* 503 x2""#))
        #expect(faults.decide(method: "DELETE", path: "/apis/apps/v1/namespaces/a/deployments/b") != .none)
        #expect(faults.decide(method: "GET", path: "/apis/apps/v1/deployments") == .none)
    }

    @Test func rulesAreConsultedInOrderSoTheyChain() throws {
        let faults = try injector("POST \(Self.configMaps) 429 x1", "POST \(Self.configMaps) reset x1")
        #expect(faults.decide(method: "POST", path: Self.configMaps) != .reset)
        #expect(faults.decide(method: "POST", path: Self.configMaps) == .reset)
        #expect(faults.decide(method: "POST", path: Self.configMaps) == .none)
    }

    @Test func rulesApplyToHealthEndpointsTheyName() throws {
        let faults = try injector("GET /readyz 500 x1")
        #expect(faults.decide(method: "GET", path: "/readyz") != .none)
    }

    @Test func concurrentRequestsShareOneBudget() async throws {
        let faults = try injector("GET /api 500 x50")
        let failed = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<200 {
                group.addTask { faults.decide(method: "GET", path: "/api") == .none ? 0 : 1 }
            }
            return await group.reduce(0, +)
        }
        #expect(failed == 50)
    }

    @Test(arguments: [
        ("POST /api 500", #"bad fault rule "POST /api 500": expected METHOD PATH STATUS|reset xCOUNT, e.g. "POST /api/v1/namespaces/default/configmaps 500 x2""#),
        ("post /api 500 x1", #"bad fault rule "post /api 500 x1": unknown method "post": expected * or one of DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"#),
        ("GET api 500 x1", #"bad fault rule "GET api 500 x1": path "api" must start with /"#),
        ("GET /a*b 500 x1", #"bad fault rule "GET /a*b 500 x1": path "/a*b" may only end in * (a prefix) and has no query"#),
        ("GET /a?watch=1 500 x1", #"bad fault rule "GET /a?watch=1 500 x1": path "/a?watch=1" may only end in * (a prefix) and has no query"#),
        ("GET /api 404 x1", #"bad fault rule "GET /api 404 x1": result "404": expected 429, a 5xx status or reset"#),
        ("GET /api 500 2", #"bad fault rule "GET /api 500 2": count "2": expected x followed by a number of at least 1, e.g. x2"#),
        ("GET /api 500 x0", #"bad fault rule "GET /api 500 x0": count "x0": expected x followed by a number of at least 1, e.g. x2"#),
    ])
    func malformedRulesAreRefusedNamingTheBadField(_ specification: String, _ message: String) {
        let error = #expect(throws: SandboxError.self) { try FaultRule(specification) }
        #expect(error?.description == message)
    }
}
