import CofferCore
import CofferTestSupport
import Testing

@testable import CofferKube

@Suite struct KubeClientVerbTests {
    @Test func listFollowsContinueTokensAndPassesSelectors() async throws {
        let server = try LoopbackServer { request in
            request.query["continue"] == nil
                ? .json(
                    200,
                    #"{"metadata":{"resourceVersion":"10","continue":"page2"},"items":[{"metadata":{"name":"a"}}]}"#)
                : .json(200, #"{"metadata":{"resourceVersion":"11"},"items":[{"metadata":{"name":"b"}}]}"#)
        }
        defer { server.stop() }
        let list = try await makeClient(server).list(
            .pods, namespace: "ns", labelSelector: "app in (db,cache),!legacy", fieldSelector: "status.phase=Running",
            limit: 1)
        #expect(list.items.compactMap { $0["metadata"]?["name"]?.stringValue } == ["a", "b"])
        #expect(list.resourceVersion == "11")
        let first = try #require(server.requests.first)
        #expect(first.query["labelSelector"] == "app in (db,cache),!legacy")
        #expect(first.query["fieldSelector"] == "status.phase=Running")
        #expect(first.query["limit"] == "1")
        #expect(first.target.contains("labelSelector=app%20in%20%28db%2Ccache%29%2C%21legacy"))
        #expect(server.requests.last?.query["continue"] == "page2")
    }

    @Test func listWithoutNamespaceAsksAcrossNamespaces() async throws {
        let server = try LoopbackServer { _ in .json(200, #"{"metadata":{},"items":[]}"#) }
        defer { server.stop() }
        _ = try await makeClient(server).list(.deployments, namespace: nil)
        #expect(server.requests.first?.path == "/apis/apps/v1/deployments")
    }

    @Test(arguments: [
        (PatchType.merge, "application/merge-patch+json"),
        (.json, "application/json-patch+json"),
        (.strategic, "application/strategic-merge-patch+json"),
        (.apply(fieldManager: "coffer", force: true), "application/apply-patch+yaml"),
    ])
    func patchesCarryTheirContentType(type: PatchType, contentType: String) async throws {
        let server = try LoopbackServer { _ in .json(200, #"{"kind":"Deployment"}"#) }
        defer { server.stop() }
        _ = try await makeClient(server).patch(
            .deployments, namespace: "ns", name: "web", ["spec": ["replicas": 2]], type: type)
        let request = try #require(server.requests.first)
        #expect(request.method == "PATCH")
        #expect(request.headers["content-type"] == contentType)
        #expect(try Value(json: request.body) == ["spec": ["replicas": 2]])
        if case .apply = type {
            #expect(request.query["fieldManager"] == "coffer")
            #expect(request.query["force"] == "true")
        }
    }

    @Test func deleteSendsThePropagationPolicyAndAnswersFalseWhenAlreadyGone() async throws {
        let counter = Counter()
        let server = try LoopbackServer { _ in
            counter.next() == 0
                ? .json(200, #"{"kind":"Status","status":"Success"}"#) : .json(404, statusJSON(404, "NotFound", "gone"))
        }
        defer { server.stop() }
        let client = makeClient(server)
        #expect(try await client.delete(.deployments, namespace: "ns", name: "web", propagation: .foreground))
        #expect(try await client.delete(.deployments, namespace: "ns", name: "web") == false)
        let body = try Value(json: try #require(server.requests.first).body)
        #expect(body["propagationPolicy"] == "Foreground")
    }

    @Test func scaleReadsAndPatchesTheScaleSubresource() async throws {
        let server = try LoopbackServer { request in
            request.method == "GET"
                ? .json(200, #"{"kind":"Scale","spec":{"replicas":3}}"#) : .json(200, #"{"kind":"Scale"}"#)
        }
        defer { server.stop() }
        let before = try await makeClient(server).scale(.statefulSets, namespace: "ns", name: "db", to: 0)
        #expect(before == 3)
        #expect(
            server.requests.map(\.path) == ["/apis/apps/v1/namespaces/ns/statefulsets/db/scale"] + [
                "/apis/apps/v1/namespaces/ns/statefulsets/db/scale"
            ])
        #expect(try Value(json: server.requests[1].body) == ["spec": ["replicas": 0]])
    }

    @Test func aStreamedAnswerSplitAcrossChunksDecodesAsOneEvent() throws {
        var splitter = LineSplitter()
        #expect(splitter.feed(Array(#"{"type":"ADD"#.utf8)).isEmpty)
        let lines = splitter.feed(Array("ED\",\"object\":{}}\n\n{\"a\"".utf8))
        #expect(lines.map { String(decoding: $0, as: UTF8.self) } == [#"{"type":"ADDED","object":{}}"#])
        #expect(splitter.feed(Array(":1}\n".utf8)).count == 1)
    }
}

@Suite struct KubeWatchTests {
    static func event(_ type: String, _ name: String, _ version: String) -> String {
        #"{"type":"\#(type)","object":{"metadata":{"name":"\#(name)","resourceVersion":"\#(version)"}}}"# + "\n"
    }

    @Test func aDroppedWatchResumesFromTheLastResourceVersion() async throws {
        let server = try LoopbackServer { request in
            switch request.query["resourceVersion"] {
            case "5":
                return .stream(200) { writer in
                    writer.write(Self.event("ADDED", "a", "6"))
                    writer.write(#"{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"8"}}}"# + "\n")
                }  // the stream ends: the server dropped the watch
            case "8":
                return .stream(200) { writer in
                    writer.write(Self.event("MODIFIED", "a", "9"))
                    writer.holdOpen()
                }
            default:
                return .json(400, statusJSON(400, "BadRequest", "unexpected"))
            }
        }
        defer { server.stop() }
        var names: [String] = []
        for try await event in makeClient(server).watch(.pods, namespace: "ns", resourceVersion: "5") {
            names.append("\(event.type.rawValue) \(event.object["metadata"]?["resourceVersion"]?.stringValue ?? "")")
            if names.count == 2 { break }
        }
        #expect(names == ["ADDED 6", "MODIFIED 9"])
        #expect(server.requests.map { $0.query["resourceVersion"] } == ["5", "8"])
        #expect(server.requests.allSatisfy { $0.query["watch"] == "1" && $0.query["allowWatchBookmarks"] == "true" })
    }

    @Test func anExpiredResourceVersionRelistsAndWatchesFromTheList() async throws {
        let server = try LoopbackServer { request in
            if request.query["watch"] == nil {
                return .json(
                    200,
                    #"{"metadata":{"resourceVersion":"20"},"items":[{"metadata":{"name":"a","resourceVersion":"19"}}]}"#
                )
            }
            if request.query["resourceVersion"] == "1" {
                return .stream(200) { writer in
                    writer.write(
                        #"{"type":"ERROR","object":{"kind":"Status","code":410,"reason":"Expired","message":"too old"}}"#
                            + "\n")
                    writer.holdOpen()
                }
            }
            return .stream(200) { writer in
                writer.write(Self.event("DELETED", "a", "21"))
                writer.holdOpen()
            }
        }
        defer { server.stop() }
        var seen: [String] = []
        for try await event in makeClient(server).watch(.pods, namespace: "ns", resourceVersion: "1") {
            seen.append("\(event.type.rawValue) \(event.object["metadata"]?["name"]?.stringValue ?? "")")
            if seen.count == 2 { break }
        }
        #expect(seen == ["ADDED a", "DELETED a"])
        #expect(server.requests.last?.query["resourceVersion"] == "20")
    }

    @Test func aWatchErrorOtherThanGoneEndsTheStream() async throws {
        let server = try LoopbackServer { _ in
            .stream(200) {
                $0.write(
                    #"{"type":"ERROR","object":{"kind":"Status","code":500,"reason":"InternalError","message":"etcd"}}"#
                        + "\n")
            }
        }
        defer { server.stop() }
        let error = await #expect(throws: KubeError.self) {
            for try await _ in makeClient(server).watch(.pods, namespace: "ns", resourceVersion: "1") {}
        }
        #expect(error?.reason == "InternalError")
    }

    @Test func waitReturnsOnceTheConditionHolds() async throws {
        let server = try LoopbackServer { request in
            if request.query["watch"] == nil {
                return .json(
                    200,
                    #"{"metadata":{"resourceVersion":"3"},"items":[{"metadata":{"name":"db"},"status":{"phase":"Pending"}}]}"#
                )
            }
            return .stream(200) { writer in
                writer.write(
                    #"{"type":"MODIFIED","object":{"metadata":{"name":"db","resourceVersion":"4"},"status":{"phase":"Running"}}}"#
                        + "\n")
                writer.holdOpen()
            }
        }
        defer { server.stop() }
        let pod = try await makeClient(server).wait(for: .pods, namespace: "ns", name: "db", timeout: .seconds(60)) {
            $0?["status"]?["phase"] == "Running"
        }
        #expect(pod?["metadata"]?["resourceVersion"] == "4")
        #expect(server.requests.first?.query["fieldSelector"] == "metadata.name=db")
    }

    @Test func waitTimesOutWhenTheConditionNeverHolds() async throws {
        let server = try LoopbackServer { request in
            request.query["watch"] == nil
                ? .json(200, #"{"metadata":{"resourceVersion":"3"},"items":[]}"#)
                : .stream(200) { $0.holdOpen() }
        }
        defer { server.stop() }
        let error = await #expect(throws: KubeError.self) {
            try await makeClient(server).wait(for: .pods, namespace: "ns", name: "db", timeout: .milliseconds(100)) {
                $0 != nil
            }
        }
        #expect(error?.code == .timeout)
    }
}

@Suite struct DiscoveryTests {
    static let server: @Sendable (LoopbackServer.Request) -> LoopbackServer.Response = { request in
        switch request.path {
        case "/api": .json(200, #"{"versions":["v1"]}"#)
        case "/apis":
            .json(
                200,
                #"{"groups":[{"name":"apps","versions":[{"version":"v1"}],"preferredVersion":{"version":"v1"}},{"name":"postgres-operator.crunchydata.com","versions":[{"version":"v1beta1"}],"preferredVersion":{"version":"v1beta1"}}]}"#
            )
        case "/api/v1":
            .json(
                200,
                #"{"resources":[{"name":"pods","singularName":"pod","namespaced":true,"kind":"Pod","verbs":["get","list"],"shortNames":["po"]},{"name":"pods/exec","namespaced":true,"kind":"PodExecOptions","verbs":["create"]},{"name":"namespaces","singularName":"namespace","namespaced":false,"kind":"Namespace","verbs":["get"],"shortNames":["ns"]}]}"#
            )
        case "/apis/apps/v1":
            .json(
                200,
                #"{"resources":[{"name":"deployments","singularName":"deployment","namespaced":true,"kind":"Deployment","verbs":["get"],"shortNames":["deploy"]},{"name":"deployments/scale","namespaced":true,"kind":"Scale","verbs":["get","patch"]}]}"#
            )
        case "/apis/postgres-operator.crunchydata.com/v1beta1":
            .json(
                200,
                #"{"resources":[{"name":"postgresclusters","singularName":"postgrescluster","namespaced":true,"kind":"PostgresCluster","verbs":["get"]}]}"#
            )
        default: .json(404, statusJSON(404, "NotFound", "no"))
        }
    }

    @Test(arguments: [
        ("pods", "pods.v1"), ("pod", "pods.v1"), ("po", "pods.v1"), ("Pod", "pods.v1"), ("ns", "namespaces.v1"),
        ("deploy", "deployments.v1.apps"), ("deployments.apps", "deployments.v1.apps"),
        ("deployments.v1.apps", "deployments.v1.apps"),
        ("postgrescluster", "postgresclusters.v1beta1.postgres-operator.crunchydata.com"),
        (
            "postgresclusters.postgres-operator.crunchydata.com",
            "postgresclusters.v1beta1.postgres-operator.crunchydata.com"
        ),
    ])
    func namesResolveAsKubectlResolvesThem(typed: String, expected: String) async throws {
        let server = try LoopbackServer(handler: Self.server)
        defer { server.stop() }
        let info = try await makeClient(server).resolve(typed)
        #expect(info.gvr.description == expected)
    }

    @Test func subresourcesAndScopeAreReported() async throws {
        let server = try LoopbackServer(handler: Self.server)
        defer { server.stop() }
        let client = makeClient(server)
        #expect(try await client.resolve("pods").subresources == ["exec"])
        #expect(try await client.resolve("deployments").subresources == ["scale"])
        #expect(try await client.resolve("namespaces").namespaced == false)
    }

    @Test func anUnknownNameIsAnErrorAfterOneRefresh() async throws {
        let server = try LoopbackServer(handler: Self.server)
        defer { server.stop() }
        let error = await #expect(throws: KubeError.self) { try await makeClient(server).resolve("widgets") }
        #expect(error?.description == #"the server doesn't have a resource type "widgets""#)
        #expect(server.requests.filter { $0.path == "/api" }.count == 2)
    }
}

@Suite struct KubeDeleteWaitTests {
    @Test func deleteWaitsUntilTheObjectIsGone() async throws {
        let server = try LoopbackServer { request in
            switch (request.method, request.query["watch"]) {
            case ("DELETE", _):
                return .json(
                    200, #"{"kind":"Pod","metadata":{"name":"db","deletionTimestamp":"2026-01-01T00:00:00Z"}}"#)
            case ("GET", nil):
                return .json(
                    200,
                    #"{"metadata":{"resourceVersion":"7"},"items":[{"metadata":{"name":"db","finalizers":["x"]}}]}"#)
            default:
                return .stream(200) { writer in
                    writer.write(
                        #"{"type":"DELETED","object":{"metadata":{"name":"db","resourceVersion":"8"}}}"# + "\n")
                    writer.holdOpen()
                }
            }
        }
        defer { server.stop() }
        let deleted = try await makeClient(server).delete(
            .pods, namespace: "ns", name: "db", waitUntilGone: .seconds(60))
        #expect(deleted)
        #expect(server.requests.map(\.method) == ["DELETE", "GET", "GET"])
        #expect(server.requests.last?.query["resourceVersion"] == "7")
    }
}

@Suite struct DiscoveryRefreshTests {
    @Test func aCustomResourceDefinedAfterTheFirstDiscoveryIsFound() async throws {
        let crdInstalled = Counter()
        let server = try LoopbackServer { request in
            switch request.path {
            case "/api": return .json(200, #"{"versions":["v1"]}"#)
            case "/api/v1": return .json(200, #"{"resources":[]}"#)
            case "/apis":
                // The first discovery predates the CRD; every later one sees it.
                return crdInstalled.next() == 0
                    ? .json(200, #"{"groups":[]}"#)
                    : .json(
                        200,
                        #"{"groups":[{"name":"example.com","versions":[{"version":"v1"}],"preferredVersion":{"version":"v1"}}]}"#
                    )
            case "/apis/example.com/v1":
                return .json(
                    200,
                    #"{"resources":[{"name":"widgets","singularName":"widget","namespaced":true,"kind":"Widget","verbs":["get"]}]}"#
                )
            default: return .json(404, statusJSON(404, "NotFound", "no"))
            }
        }
        defer { server.stop() }
        let client = makeClient(server)
        #expect(try await client.discovery().isEmpty)
        let widget = try await client.resolve("widget")
        #expect(widget.gvr == GroupVersionResource(group: "example.com", version: "v1", resource: "widgets"))
        #expect(widget.namespaced)
    }
}
