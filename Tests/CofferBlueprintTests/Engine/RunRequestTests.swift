import CofferCore
import CofferYAML
import Testing

@testable import CofferBlueprint

@Suite struct RunRequestTests {
    @Test func anActionSetEntryBecomesARunRequest() throws {
        let document = try YAMLLoader.loadSingle(
            """
            apiVersion: cr.kanister.io/v1alpha1
            kind: ActionSet
            metadata: {name: backup-1}
            spec:
              actions:
              - name: backup
                blueprint: pg
                object: {kind: StatefulSet, name: db, namespace: prod}
                options: {mode: full}
                secrets:
                  creds: {name: db-creds, namespace: prod}
                artifacts:
                  previous: {keyValue: {id: "41"}}
                podLabels: {team: data}
            """, file: "as.yaml")
        let request = RunRequest(try ActionSet(document: document).actions[0])

        #expect(request.action == "backup")
        #expect(request.object == ObjectReference(kind: "StatefulSet", name: "db", namespace: "prod"))
        #expect(request.options == ["mode": "full"])
        #expect(request.secrets["creds"]?.name == "db-creds")
        #expect(request.artifactsIn["previous"]?.keyValue == ["id": "41"])
        #expect(request.podLabels == ["team": "data"])
    }
}
