import CofferCore
import Synchronization
import Testing

@testable import CofferBlueprint

/// The run's pod labels and annotations (kanctl's `--pod-labels`, an ActionSet's `podLabels`) reach every
/// pod the action creates; a phase's own arguments win over them.
@Suite struct PodMetadataTests {
    @Test func theRequestsLabelsAndAnnotationsReachThePodAndThePhasesOwnWin() async throws {
        let created = Mutex<[Value]>([])
        let cluster = FakeCluster(
            objects: EngineFixtures.objects,
            podScript: { pod in
                created.withLock { $0.append(pod) }
                return FakeCluster.PodScript()
            })
        let blueprint = try EngineFixtures.blueprint(
            """
            apiVersion: cr.kanister.io/v1alpha1
            kind: Blueprint
            metadata: {name: bp}
            actions:
              backup:
                phases:
                - func: KubeTask
                  name: task
                  args:
                    namespace: prod
                    image: tools:1
                    command: [true]
                    podLabels: {team: from-phase}
                    podAnnotations: {note: from-phase}
            """)
        var request = RunRequest(action: "backup", object: EngineFixtures.statefulSetTarget)
        request.podLabels = ["team": "from-run", "tier": "db"]
        request.podAnnotations = ["owner": "ops"]

        let record = try await EngineFixtures.runner(blueprint, cluster).run(request)

        #expect(record.state == .complete)
        let pod = try #require(created.withLock { $0.first })
        let labels = pod["metadata"]?["labels"]
        #expect(labels?["team"]?.stringValue == "from-phase")
        #expect(labels?["tier"]?.stringValue == "db")
        #expect(labels?["app.kubernetes.io/managed-by"]?.stringValue == "coffer")
        let annotations = pod["metadata"]?["annotations"]
        #expect(annotations?["owner"]?.stringValue == "ops")
        #expect(annotations?["note"]?.stringValue == "from-phase")
    }
}
