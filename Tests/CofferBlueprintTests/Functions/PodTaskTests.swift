import CofferCore
import Testing

@testable import CofferBlueprint

@Suite struct PodTaskTests {
    @Test func podOverrideMergesContainersByNameAndMapsRecursively() {
        let pod = PodTask.pod(
            generateName: "kanister-job-", namespace: "prod",
            containers: [PodTask.container(name: "container", image: "tools:1", command: ["run"])],
            labels: ["team": "data"], annotations: [:],
            overrides: [
                [
                    "nodeSelector": ["disk": "ssd"],
                    "containers": [["name": "container", "resources": ["limits": ["cpu": "1"]]]],
                ],
                ["containers": [["name": "container", "image": "tools:2"]]],
            ])
        let container = pod["spec"]?["containers"]?.arrayValue?.first
        #expect(pod["spec"]?["containers"]?.arrayValue?.count == 1)
        #expect(container?["image"] == "tools:2")
        #expect(container?["command"] == ["run"])
        #expect(container?["resources"]?["limits"]?["cpu"] == "1")
        #expect(pod["spec"]?["nodeSelector"]?["disk"] == "ssd")
        #expect(pod["spec"]?["restartPolicy"] == "Never")
        #expect(pod["metadata"]?["labels"] == ["app.kubernetes.io/managed-by": "coffer", "team": "data"])
    }

    @Test func aFailingPodFailsThePhaseWithItsLogTailAndIsDeleted() async throws {
        let cluster = FakeCluster(
            objects: EngineFixtures.objects,
            podScript: { _ in FakeCluster.PodScript(log: "starting\nout of disk\n", exitCode: 2) })
        let task = try KubeTask(
            ArgumentValues(
                function: "KubeTask", ValueMap([("image", Value.string("tools:1")), ("command", ["run"] as Value)])))
        let context = PhaseContext(
            kube: cluster, phase: "task", parameters: TemplateParameters(object: .null, time: ""))

        let error = await #expect(throws: BlueprintError.self) { try await task.run(context) }

        #expect(
            error?.message
                == "pod \"kanister-job-x1\" container \"container\" exited with code 2: starting | out of disk")
        #expect(cluster.calls == ["create pods default/kanister-job-x1", "delete pods default/kanister-job-x1"])
    }

    @Test func prepareDataMountsTheWorkloadsVolumesWhenNoneAreGiven() async throws {
        let cluster = FakeCluster(
            objects: EngineFixtures.objects,
            podScript: { pod in
                let mounts = pod["spec"]?["containers"]?.arrayValue?.first?["volumeMounts"]?.arrayValue ?? []
                let paths = mounts.compactMap { $0["mountPath"]?.stringValue }.joined(separator: ",")
                return FakeCluster.PodScript(log: "###Phase-output###: {\"key\":\"mounts\",\"value\":\"\(paths)\"}\n")
            })
        let parameters = try await EngineFixtures.runner(
            try EngineFixtures.blueprint("kind: Blueprint\nmetadata: {name: bp}\nactions: {}"), cluster
        ).buildParameters(RunRequest(action: "a", object: EngineFixtures.statefulSetTarget), time: "")
        let prepare = try PrepareData(
            ArgumentValues(
                function: "PrepareData",
                ValueMap([("namespace", Value.string("prod")), ("image", "tools:1"), ("command", ["ls"] as Value)])))

        let output = try await prepare.run(PhaseContext(kube: cluster, phase: "prep", parameters: parameters))

        #expect(output == ["mounts": "/var/lib/pg,/var/lib/pg"])
    }
}

extension PodTaskTests {
    @Test func multiContainerRunSharesAVolumeAndReadsTheOutputContainer() async throws {
        let cluster = FakeCluster(
            objects: EngineFixtures.objects,
            podScript: { pod in
                let spec = pod["spec"]
                let names = (spec?["initContainers"]?.arrayValue ?? []) + (spec?["containers"]?.arrayValue ?? [])
                let summary = names.compactMap { container in
                    container["name"]?.stringValue.map { name in
                        "\(name)@\(container["volumeMounts"]?.arrayValue?.first?["mountPath"]?.stringValue ?? "")"
                    }
                }.joined(separator: ",")
                let medium = spec?["volumes"]?.arrayValue?.first?["emptyDir"]?["medium"]?.stringValue ?? ""
                return FakeCluster.PodScript(
                    log: "###Phase-output###: {\"key\":\"pod\",\"value\":\"\(summary) \(medium)\"}\n")
            })
        let run = try MultiContainerRun(
            ArgumentValues(
                function: "MultiContainerRun",
                ValueMap([
                    ("backgroundImage", Value.string("db:1")), ("backgroundCommand", ["serve"] as Value),
                    ("outputImage", "cli:1"), ("outputCommand", ["dump"] as Value), ("initImage", "init:1"),
                    ("initCommand", ["prepare"] as Value), ("sharedVolumeMedium", "Memory"),
                    ("sharedVolumeDir", "/shared"),
                ])))
        let context = PhaseContext(kube: cluster, phase: "mcr", parameters: TemplateParameters(object: .null, time: ""))

        let output = try await run.run(context)

        #expect(output == ["pod": "init@/shared,background@/shared,output@/shared Memory"])
        #expect(cluster.calls.last == "delete pods default/multi-container-job-x1")
    }

    @Test func kubeExecAllRunsInEveryContainerOfEveryPodAndMergesOutputs() async throws {
        let cluster = FakeCluster(
            objects: EngineFixtures.objects,
            execScript: { pod, container, _ in
                FakeCluster.ExecScript(
                    stdout:
                        "###Phase-output###: {\"key\":\"\(pod.replacing("-", with: "_"))_\(container ?? "")\",\"value\":\"ok\"}\n"
                )
            })
        let all = try KubeExecAll(
            ArgumentValues(
                function: "KubeExecAll",
                ValueMap([
                    ("namespace", Value.string("prod")), ("pods", "db-0 db-1"), ("containers", "postgres exporter"),
                    ("command", ["sync"] as Value),
                ])))
        let context = PhaseContext(kube: cluster, phase: "all", parameters: TemplateParameters(object: .null, time: ""))

        let output = try await all.run(context)

        #expect(
            output == [
                "db_0_postgres": "ok", "db_0_exporter": "ok", "db_1_postgres": "ok", "db_1_exporter": "ok",
            ])
    }
}

extension PodTaskTests {
    @Test func aPodWhoseImageCannotBePulledFailsAtOnceAndIsDeleted() async throws {
        let cluster = FakeCluster(
            objects: EngineFixtures.objects,
            podScript: { _ in FakeCluster.PodScript(waitingReason: "ImagePullBackOff") })
        let task = try KubeTask(
            ArgumentValues(
                function: "KubeTask", ValueMap([("image", Value.string("nope:1")), ("command", ["run"] as Value)])))
        let context = PhaseContext(
            kube: cluster, phase: "task", parameters: TemplateParameters(object: .null, time: ""))

        let error = await #expect(throws: BlueprintError.self) { try await task.run(context) }

        #expect(
            error?.message
                == "pod \"kanister-job-x1\" cannot start: container \"container\" ImagePullBackOff: no such image")
        #expect(cluster.calls.last == "delete pods default/kanister-job-x1")
    }
}
