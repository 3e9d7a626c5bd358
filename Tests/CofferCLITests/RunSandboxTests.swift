import CofferTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// `coffer run` against the sandbox, end to end: real pods (run on this host), exec, watches, the catalog,
/// signals and resume. Time limits below are hang guards, never expectations.
@Suite(.serialized)
struct RunSandboxTests {
    /// A blueprint whose actions touch only ConfigMaps and pods in `default`; every deferPhase leaves a
    /// ConfigMap `deferred-ran` behind so tests can see it ran.
    static let blueprint = #"""
        apiVersion: cr.kanister.io/v1alpha1
        kind: Blueprint
        metadata:
          name: e2e
          annotations:
            coffer.dev/retry.retried.createRetried: attempts=3,backoff=100ms
            coffer.dev/timeout.slow.sleeper: 2s
        actions:
          backup:
            outputArtifacts:
              result:
                keyValue:
                  greeting: "{{ .Phases.greet.Output.greeting }}"
                  echoed: "{{ .Phases.execInPod.Output.echoed }}"
            phases:
            - func: KubeOps
              name: createConfigMap
              args:
                operation: create
                namespace: default
                spec: |
                  apiVersion: v1
                  kind: ConfigMap
                  metadata: {name: e2e-state, namespace: default}
                  data: {step: created}
            - func: KubeTask
              name: greet
              args:
                namespace: default
                image: busybox
                command: ["sh", "-c", "echo '###Phase-output###: {\"key\":\"greeting\",\"value\":\"hello\"}'"]
            - func: KubeOps
              name: createPod
              args:
                operation: create
                namespace: default
                spec: |
                  apiVersion: v1
                  kind: Pod
                  metadata: {name: e2e-pod, namespace: default}
                  spec:
                    containers: [{name: main, image: busybox, command: [sleep, "3600"]}]
            - func: KubeExec
              name: execInPod
              args:
                namespace: default
                pod: e2e-pod
                container: main
                command:
                - sh
                - -c
                - |-
                  echo '###Phase-output###: {"key":"echoed","value":"{{ .Phases.greet.Output.greeting }} from exec"}'
            - func: KubeOps
              name: patchConfigMap
              args:
                operation: patch
                objectReference: {apiVersion: v1, kind: ConfigMap, name: e2e-state, namespace: default}
                spec: |
                  data: {step: patched, greeting: "{{ .Phases.greet.Output.greeting }}"}
            - func: WaitV2
              name: waitPatched
              args:
                timeout: 1m
                conditions:
                  anyOf:
                  - objectReference: {apiVersion: v1, kind: ConfigMap, name: e2e-state, namespace: default}
                    condition: '{{ if eq .data.step "patched" }}true{{ else }}false{{ end }}'
            deferPhase:
              func: KubeOps
              name: markDeferred
              args: &markDeferred
                operation: create
                namespace: default
                spec: |
                  apiVersion: v1
                  kind: ConfigMap
                  metadata: {name: deferred-ran, namespace: default}
          fail:
            outputArtifacts:
              unreachable: {keyValue: {rendered: "only after success"}}
            phases:
            - func: KubeTask
              name: broken
              args:
                namespace: default
                image: busybox
                command: ["sh", "-c", "echo about to fail; exit 3"]
            deferPhase:
              func: KubeOps
              name: markDeferred
              args: *markDeferred
          block:
            outputArtifacts:
              unreachable: {keyValue: {value: "{{ .Phases.waitForever.Output.never }}"}}
            phases:
            - func: WaitV2
              name: waitForever
              args:
                timeout: 10m
                conditions:
                  anyOf:
                  - objectReference: {apiVersion: v1, kind: ConfigMap, name: never, namespace: default}
                    condition: "true"
            deferPhase:
              func: KubeOps
              name: markDeferred
              args: *markDeferred
          slow:
            phases:
            - func: KubeTask
              name: sleeper
              args:
                namespace: default
                image: busybox
                command: [sleep, "600"]
            deferPhase:
              func: KubeOps
              name: markDeferred
              args: *markDeferred
          restore:
            phases:
            - func: KubeOps
              name: restoreGreeting
              args:
                operation: create
                namespace: default
                spec: |
                  apiVersion: v1
                  kind: ConfigMap
                  metadata: {name: restored, namespace: default}
                  data: {greeting: "{{ .ArtifactsIn.result.KeyValue.greeting }}"}
          retried:
            phases:
            - func: KubeOps
              name: createRetried
              args:
                operation: create
                namespace: default
                spec: |
                  apiVersion: v1
                  kind: ConfigMap
                  metadata: {generateName: retried-, namespace: default}
                  data: {made: "yes"}
          count:
            phases:
            - func: KubeOps
              name: first
              args:
                operation: create
                namespace: default
                spec: |
                  apiVersion: v1
                  kind: ConfigMap
                  metadata: {name: counter, namespace: default}
                  data: {first: "1"}
            - func: KubeOps
              name: second
              args:
                operation: patch
                objectReference: {apiVersion: v1, kind: ConfigMap, name: counter, namespace: default}
                spec: |
                  data: {second: "1"}
            - func: WaitV2
              name: waitForGo
              args:
                timeout: 10m
                conditions:
                  anyOf:
                  - objectReference: {apiVersion: v1, kind: ConfigMap, name: counter, namespace: default}
                    condition: '{{ if eq .data.go "yes" }}true{{ else }}false{{ end }}'
            - func: KubeOps
              name: last
              args:
                operation: patch
                objectReference: {apiVersion: v1, kind: ConfigMap, name: counter, namespace: default}
                spec: |
                  data: {last: "1"}
          profiled:
            phases:
            - func: KubeOps
              name: recordInputs
              args:
                operation: create
                namespace: default
                spec: |
                  apiVersion: v1
                  kind: ConfigMap
                  metadata: {name: profiled, namespace: default}
                  data:
                    bucket: "{{ .Profile.Location.Bucket }}"
                    endpoint: "{{ .Profile.Location.Endpoint }}"
                    keyID: "{{ .Profile.Credential.KeyPair.ID }}"
                    mode: "{{ .ConfigMaps.settings.Data.mode }}"
                    user: "{{ .Secrets.app.Data.user | toString }}"
          resume:
            phases:
            - func: KubeOps
              name: markResumeAction
              args:
                operation: create
                namespace: default
                spec: |
                  apiVersion: v1
                  kind: ConfigMap
                  metadata: {name: resume-action-ran, namespace: default}
          talk:
            phases:
            - func: KubeTask
              name: chatter
              objects:
                creds: {kind: Secret, name: talk-creds, namespace: default}
              args:
                namespace: default
                image: busybox
                command:
                - sh
                - -c
                - |-
                  echo first line
                  echo "password is {{ index .Phases.chatter.Secrets.creds.Data "password" | toString }}"
                  printf 'no newline at the end'
            - func: KubeExec
              name: execTalk
              args:
                namespace: default
                pod: talk-pod
                container: talk-pod
                command: ["sh", "-c", "echo to stdout; echo to stderr >&2"]
        """#

    @Test func anActionRunsEveryPhaseAndPrintsTheRecordAsJSON() throws {
        let sandbox = try Sandbox()
        defer { sandbox.stop() }
        let result = try CofferProcess.run(sandbox.runArguments("backup", "-o", "json"))
        #expect(result.exitCode == 0, "\(result.stderr)")
        let record = try lastJSONLine(result.stdout)
        #expect(record["state"] as? String == "complete")
        #expect(record["object"] as? String == "namespace/default/default")
        let phases = try #require(record["phases"] as? [[String: Any]])
        #expect(phases.map { $0["state"] as? String } == Array(repeating: "complete", count: 6))
        #expect((phases[1]["output"] as? [String: String]) == ["greeting": "hello"])
        #expect((phases[3]["output"] as? [String: String]) == ["echoed": "hello from exec"])
        let artifacts = try #require(record["artifacts"] as? [String: [String: Any]])
        #expect(artifacts["result"]?["keyValue"] as? [String: String] == ["greeting": "hello", "echoed": "hello from exec"])
        #expect((record["deferPhase"] as? [String: Any])?["state"] as? String == "complete")

        let data = try sandbox.kubectl(["get", "configmap", "e2e-state", "-o", "jsonpath={.data.step}/{.data.greeting}"])
        #expect(data == "patched/hello")

        let listed = try CofferProcess.run(["runs", "list", "--catalog", sandbox.catalog])
        #expect(listed.exitCode == 0, "\(listed.stderr)")
        let row = try #require(listed.stdout.split(separator: "\n").dropFirst().first)
        #expect(row.split(separator: " ", omittingEmptySubsequences: true).prefix(5).map(String.init)
            == [record["id"] as? String ?? "", "backup", "e2e", "namespace/default/default", "complete"])
    }

    @Test func onATerminalTheBottomLineShowsThePhaseItsTimeAndWhatItWaitsFor() throws {
        let sandbox = try Sandbox()
        defer { sandbox.stop() }
        let run = try BackgroundCoffer.onTerminal(sandbox.runArguments("count"))
        let live = "\r\u{1B}[2KwaitForGo (WaitV2) "
        try run.waitForText(live)
        // The ticker redraws the line while the phase waits, counting seconds up from 0.
        try run.waitForText(live + "1s: waiting for ")
        _ = try sandbox.kubectl(["patch", "configmap", "counter", "--type=merge", "-p", #"{"data":{"go":"yes"}}"#])
        let (code, screen) = try run.waitForExit()

        #expect(code == 0, "\(screen)")
        let redraws = screen.components(separatedBy: live).dropFirst()
        #expect(redraws.contains { $0.hasPrefix("0s: waiting for ") && $0.contains("ConfigMap") })
        // Finished steps are plain lines that first clear the live line.
        #expect(screen.contains("\r\u{1B}[2Kphase waitForGo: complete"))
        #expect(screen.contains("\r\u{1B}[2Kphase last: complete"))
        #expect(screen.contains(": complete\r\n") || screen.contains(": complete\n"))
    }

    @Test func eventLinesPrecedeTheRecordWithJSONOutput() throws {
        let sandbox = try Sandbox()
        defer { sandbox.stop() }
        let result = try CofferProcess.run(sandbox.runArguments("backup", "-o", "json"))
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let events = try lines.dropLast().map { try jsonObject($0)["event"] as? String }
        #expect(events.first == "runStarted")
        #expect(events.last == "runFinished")
        #expect(events.contains("phaseWaiting"))
    }

    @Test func aFailingPhaseExitsOneAfterTheDeferPhaseRan() throws {
        let sandbox = try Sandbox()
        defer { sandbox.stop() }
        let result = try CofferProcess.run(sandbox.runArguments("fail", "-o", "json"))
        #expect(result.exitCode == 1, "\(result.stderr)")
        let record = try lastJSONLine(result.stdout)
        #expect(record["state"] as? String == "failed")
        #expect((record["error"] as? String)?.contains("exited with code 3") == true)
        #expect((record["deferPhase"] as? [String: Any])?["state"] as? String == "complete")
        // Output artifacts are rendered only when the whole action succeeded.
        #expect((record["artifacts"] as? [String: Any])?.isEmpty ?? true)
        #expect(try sandbox.kubectl(["get", "configmap", "deferred-ran", "-o", "name"]) == "configmap/deferred-ran\n")
    }

    @Test func aPhaseTimeoutStopsItsPodAndTheDeferPhaseStillRuns() throws {
        let sandbox = try Sandbox()
        defer { sandbox.stop() }
        let result = try CofferProcess.run(sandbox.runArguments("slow", "-o", "json"))
        #expect(result.exitCode == 1, "\(result.stderr)")
        let record = try lastJSONLine(result.stdout)
        let phase = try #require((record["phases"] as? [[String: Any]])?.first)
        #expect(phase["state"] as? String == "failed")
        #expect(phase["error"] as? String == #"phase "sleeper" (KubeTask): the phase timed out after 2s"#)
        #expect((record["deferPhase"] as? [String: Any])?["state"] as? String == "complete")
        #expect(try sandbox.kubectl(["get", "configmap", "deferred-ran", "-o", "name"]) == "configmap/deferred-ran\n")
        // The task's pod does not outlive its phase.
        #expect(!(try sandbox.kubectl(["get", "pods", "-o", "name"])).contains("kanister-job-"))
    }

    @Test func sigintDuringAWaitCancelsTheRunAfterItsDeferPhase() throws {
        let sandbox = try Sandbox()
        defer { sandbox.stop() }
        let run = try BackgroundCoffer(sandbox.runArguments("block", "-o", "json"))
        _ = try run.waitForLine(containing: #""event":"phaseWaiting""#)
        run.signal(SIGINT)
        let (code, stdout) = try run.waitForExit()
        #expect(code == 130)
        let record = try lastJSONLine(stdout)
        #expect(record["state"] as? String == "cancelled")
        #expect((record["deferPhase"] as? [String: Any])?["state"] as? String == "complete")
        #expect(try sandbox.kubectl(["get", "configmap", "deferred-ran", "-o", "name"]) == "configmap/deferred-ran\n")
    }

    @Test func resumeAfterKillNineSkipsCompletedPhases() throws {
        let sandbox = try Sandbox()
        defer { sandbox.stop() }
        let run = try BackgroundCoffer(sandbox.runArguments("count", "-o", "json"))
        let started = try jsonObject(try run.waitForLine(containing: #""event":"runStarted""#))
        let id = try #require(started["id"] as? String)
        _ = try run.waitForLine(containing: #""event":"phaseWaiting""#)
        run.signal(SIGKILL)
        _ = try run.waitForExit()

        _ = try sandbox.kubectl(["patch", "configmap", "counter", "--type=merge", "-p", #"{"data":{"go":"yes"}}"#])
        // `first` creates the ConfigMap: running it again would fail with AlreadyExists.
        let resumed = try CofferProcess.run(
            ["run", "resume", id, "--blueprint", sandbox.blueprintPath] + sandbox.commonArguments + ["-o", "json"])
        #expect(resumed.exitCode == 0, "\(resumed.stderr)")
        let lines = try resumed.stdout.split(separator: "\n").map { try jsonObject(String($0)) }
        let skipped = lines.filter { $0["event"] as? String == "phaseSkipped" }.compactMap { $0["phase"] as? String }
        #expect(skipped == ["first", "second"])
        #expect(lines.last?["state"] as? String == "complete")
        #expect(lines.last?["id"] as? String == id)
        #expect(try sandbox.kubectl(["get", "configmap", "counter", "-o", "jsonpath={.data}"])
            == #"{"first":"1","go":"yes","last":"1","second":"1"}"#)

        let described = try CofferProcess.run(["runs", "describe", id, "--catalog", sandbox.catalog, "-o", "json"])
        #expect(described.exitCode == 0, "\(described.stderr)")
        #expect(try jsonObject(described.stdout)["state"] as? String == "complete")
    }

    @Test func fromTakesTheInputArtifactsOfAnEarlierRun() throws {
        let sandbox = try Sandbox()
        defer { sandbox.stop() }
        let backup = try CofferProcess.run(sandbox.runArguments("backup", "-o", "json"))
        let id = try #require(try lastJSONLine(backup.stdout)["id"] as? String)
        let restore = try CofferProcess.run(sandbox.runArguments("restore", "--from", id, "--yes"))
        #expect(restore.exitCode == 0, "\(restore.stderr)")
        #expect(try sandbox.kubectl(["get", "configmap", "restored", "-o", "jsonpath={.data.greeting}"]) == "hello")
    }

    @Test func artifactsInReadsInputArtifactsFromAFile() throws {
        let sandbox = try Sandbox()
        defer { sandbox.stop() }
        let file = sandbox.directory.appendingPathComponent("artifacts.yaml")
        try Data("result: {keyValue: {greeting: bonjour}}\n".utf8).write(to: file)
        let restore = try CofferProcess.run(sandbox.runArguments("restore", "--artifacts-in", file.path, "--yes"))
        #expect(restore.exitCode == 0, "\(restore.stderr)")
        #expect(try sandbox.kubectl(["get", "configmap", "restored", "-o", "jsonpath={.data.greeting}"]) == "bonjour")
    }

    @Test func anActionSetFileRunsItsActions() throws {
        let sandbox = try Sandbox()
        defer { sandbox.stop() }
        let file = sandbox.directory.appendingPathComponent("actionset.yaml")
        try Data(
            """
            apiVersion: cr.kanister.io/v1alpha1
            kind: ActionSet
            metadata: {generateName: backup-, namespace: kanister}
            spec:
              actions:
              - name: backup
                blueprint: \(sandbox.blueprintPath)
                object: {kind: Namespace, name: default}
            """.utf8
        ).write(to: file)
        let result = try CofferProcess.run(["run", "-f", file.path] + sandbox.commonArguments + ["-o", "json"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let record = try lastJSONLine(result.stdout)
        #expect(record["state"] as? String == "complete")
        #expect(record["action"] as? String == "backup")
        #expect(try sandbox.kubectl(["get", "configmap", "e2e-state", "-o", "jsonpath={.data.step}"]) == "patched")
    }

    @Test func aServerDryRunStoresNothingAndSaysWhichPhasesItSkips() throws {
        let sandbox = try Sandbox()
        defer { sandbox.stop() }
        let result = try CofferProcess.run(sandbox.runArguments("block", "--dry-run", "server", "-o", "json"))
        #expect(result.exitCode == 0, "\(result.stderr)")
        let record = try lastJSONLine(result.stdout)
        #expect(record["state"] as? String == "complete")
        #expect((record["deferPhase"] as? [String: Any])?["state"] as? String == "complete")
        #expect(result.stderr.contains("dry run: phase waitForever (WaitV2) is skipped"))
        // Skipped phases output nothing, so no artifact is rendered from them.
        #expect((record["artifacts"] as? [String: Any])?.isEmpty ?? true)
        #expect(try sandbox.kubectl(["get", "configmaps", "-o", "name"]).contains("deferred-ran") == false)
    }

    @Test func aServerDryRunFailsOnTheFirstRequestTheClusterRejects() throws {
        let sandbox = try Sandbox()
        defer { sandbox.stop() }
        let result = try CofferProcess.run(sandbox.runArguments("count", "--dry-run", "server", "-o", "json"))
        // `second` patches the ConfigMap `first` only pretended to create.
        #expect(result.exitCode == 1, "\(result.stderr)")
        let phases = try #require(try lastJSONLine(result.stdout)["phases"] as? [[String: Any]])
        #expect(phases.map { $0["state"] as? String } == ["complete", "failed", "pending", "pending"])
    }

    @Test func runsLogsShowsWhatPhasesPrintedInOrderWithSecretsRedacted() throws {
        let sandbox = try Sandbox()
        defer { sandbox.stop() }
        _ = try sandbox.kubectl(["create", "secret", "generic", "talk-creds", "--from-literal=password=hunter2-sekret"])
        _ = try sandbox.kubectl(["run", "talk-pod", "--image=busybox", "--restart=Never", "--", "sleep", "3600"])
        _ = try sandbox.kubectl(["wait", "--for=condition=Ready", "pod/talk-pod", "--timeout=60s"])
        let run = try CofferProcess.run(sandbox.runArguments("talk", "-o", "json"))
        #expect(run.exitCode == 0, "\(run.stderr)")
        let id = try #require(try lastJSONLine(run.stdout)["id"] as? String)

        let logs = try CofferProcess.run(["runs", "logs", id, "--catalog", sandbox.catalog])
        #expect(logs.exitCode == 0, "\(logs.stderr)")
        let lines = logs.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("[chatter] first line"))
        #expect(lines.contains("[chatter] password is <redacted>"))
        #expect(lines.contains("[chatter] no newline at the end"))
        #expect(!logs.stdout.contains("hunter2-sekret"))
        #expect(lines.contains("[execTalk] to stdout"))
        #expect(lines.contains("[execTalk] to stderr"))
        // The engine's account frames each phase's output, in the order things happened.
        let started = try #require(lines.firstIndex(of: "[chatter] -- KubeTask started"))
        let first = try #require(lines.firstIndex(of: "[chatter] first line"))
        let finished = try #require(lines.firstIndex(of: "[chatter] -- phase complete"))
        let nextPhase = try #require(lines.firstIndex(of: "[execTalk] -- KubeExec started"))
        #expect(started < first && first < finished && finished < nextPhase)
        #expect(lines.last == "-- run complete")

        let onePhase = try CofferProcess.run(
            ["runs", "logs", id, "--phase", "execTalk", "--prefix", "-o", "json", "--catalog", sandbox.catalog])
        #expect(onePhase.exitCode == 0, "\(onePhase.stderr)")
        let objects = try onePhase.stdout.split(separator: "\n").map { try jsonObject(String($0)) }
        #expect(Set(objects.map { $0["phase"] as? String }) == ["execTalk"])
        let stderrLine = try #require(objects.first { $0["text"] as? String == "to stderr" })
        #expect(stderrLine["stream"] as? String == "stderr")
        #expect(stderrLine["source"] as? String == "talk-pod/talk-pod")

        let unknown = try CofferProcess.run(["runs", "logs", id, "--phase", "nope", "--catalog", sandbox.catalog])
        #expect(unknown.exitCode == 2)
        #expect(unknown.stderr.contains("no phase \"nope\""))
    }

    @Test func aProfileFileConfigMapsAndSecretsReachTheTemplates() throws {
        let sandbox = try Sandbox()
        defer { sandbox.stop() }
        _ = try sandbox.kubectl([
            "create", "secret", "generic", "s3-creds", "--from-literal=id=AKIAEXAMPLE", "--from-literal=key=wJalrXUtn",
        ])
        _ = try sandbox.kubectl(["create", "secret", "generic", "app-creds", "--from-literal=user=alice"])
        _ = try sandbox.kubectl(["create", "configmap", "settings", "--from-literal=mode=full"])
        let profile = sandbox.directory.appendingPathComponent("profile.yaml")
        try Data(
            """
            apiVersion: cr.kanister.io/v1alpha1
            kind: Profile
            metadata: {name: local-s3}
            location: {type: s3Compliant, bucket: backups, endpoint: "http://127.0.0.1:9000"}
            credential:
              type: keyPair
              keyPair: {idField: id, secretField: key, secret: {apiVersion: v1, kind: Secret, name: s3-creds}}
            """.utf8
        ).write(to: profile)

        let run = try CofferProcess.run(
            sandbox.runArguments(
                "profiled", "--profile", profile.path, "--config-maps", "settings=default/settings",
                "--secrets", "app=app-creds", "-o", "json"))

        #expect(run.exitCode == 0, "\(run.stderr)")
        #expect(
            try sandbox.kubectl(["get", "configmap", "profiled", "-o", "jsonpath={.data}"])
                == #"{"bucket":"backups","endpoint":"http://127.0.0.1:9000","keyID":"AKIAEXAMPLE","mode":"full","user":"alice"}"#
        )
        // The run records where the profile came from, never what its Secret holds.
        for suffix in ["", "-wal"] {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: sandbox.catalog + suffix))) ?? Data()
            #expect(bytes.range(of: Data("wJalrXUtn".utf8)) == nil)
        }
        #expect(FileManager.default.fileExists(atPath: sandbox.catalog))
    }

    @Test func aProfileInTheClusterIsFoundByName() throws {
        let sandbox = try Sandbox()
        defer { sandbox.stop() }
        let crd = sandbox.directory.appendingPathComponent("profiles-crd.yaml")
        try Data(
            """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: profiles.cr.kanister.io}
            spec:
              group: cr.kanister.io
              scope: Namespaced
              names: {kind: Profile, plural: profiles, singular: profile}
              versions:
              - name: v1alpha1
                served: true
                storage: true
                schema:
                  openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: s3-creds, namespace: default}
            stringData: {id: AKIAINCLUSTER, key: sekret-key}
            """.utf8
        ).write(to: crd)
        _ = try sandbox.kubectl(["apply", "-f", crd.path])
        let profile = sandbox.directory.appendingPathComponent("profile.yaml")
        try Data(
            """
            apiVersion: cr.kanister.io/v1alpha1
            kind: Profile
            metadata: {name: in-cluster, namespace: default}
            location: {type: s3Compliant, bucket: cluster-bucket}
            credential:
              type: keyPair
              keyPair: {idField: id, secretField: key, secret: {apiVersion: v1, kind: Secret, name: s3-creds, namespace: default}}
            """.utf8
        ).write(to: profile)
        _ = try sandbox.kubectl(["apply", "-f", profile.path])
        _ = try sandbox.kubectl(["create", "secret", "generic", "app-creds", "--from-literal=user=bob1"])
        _ = try sandbox.kubectl(["create", "configmap", "settings", "--from-literal=mode=incremental"])

        let run = try CofferProcess.run(
            sandbox.runArguments(
                "profiled", "--profile", "default/in-cluster", "--config-maps", "settings=settings",
                "--secrets", "app=default/app-creds"))

        #expect(run.exitCode == 0, "\(run.stderr)")
        #expect(
            try sandbox.kubectl(["get", "configmap", "profiled", "-o", "jsonpath={.data.bucket}/{.data.keyID}/{.data.mode}"])
                == "cluster-bucket/AKIAINCLUSTER/incremental")
    }

    @Test func aBadProfileFileIsAUsageErrorNamingTheFile() throws {
        let sandbox = try Sandbox()
        defer { sandbox.stop() }
        let profile = sandbox.directory.appendingPathComponent("not-a-profile.yaml")
        try Data("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n".utf8).write(to: profile)

        let run = try CofferProcess.run(sandbox.runArguments("profiled", "--profile", profile.path))

        #expect(run.exitCode == 2)
        #expect(run.stderr.contains("\(profile.path): expected a Kanister Profile"))
        #expect(try sandbox.kubectl(["get", "configmaps", "-o", "name"]).contains("profiled") == false)
    }

    @Test func anActionNamedResumeRunsWhenAnObjectIsGiven() throws {
        let sandbox = try Sandbox()
        defer { sandbox.stop() }
        let run = try CofferProcess.run(sandbox.runArguments("resume"))
        #expect(run.exitCode == 0, "\(run.stderr)")
        #expect(try sandbox.kubectl(["get", "configmap", "resume-action-ran", "-o", "name"]) == "configmap/resume-action-ran\n")

        let resumeWithoutID = try CofferProcess.run(["run", "resume"] + sandbox.commonArguments)
        #expect(resumeWithoutID.exitCode == 2)
        #expect(resumeWithoutID.stderr.contains("needs the RUN_ID"))
    }

    /// The sandbox fails the first two creates of ConfigMaps in `default`; the phase's third attempt succeeds.
    @Test func aRetriedPhaseSucceedsOnItsThirdAttemptWithFaultsInjected() throws {
        let sandbox = try Sandbox(faultRules: ["POST /api/v1/namespaces/default/configmaps 500 x2"])
        defer { sandbox.stop() }
        let result = try CofferProcess.run(sandbox.runArguments("retried", "-o", "json"))
        #expect(result.exitCode == 0, "\(result.stderr)")
        let lines = try result.stdout.split(separator: "\n").map { try jsonObject(String($0)) }
        let retries = lines.filter { $0["event"] as? String == "phaseRetrying" }
        #expect(retries.compactMap { $0["nextAttempt"] as? Int } == [2, 3])
        #expect(retries.allSatisfy { ($0["error"] as? String)?.contains("injected fault") == true })
        let record = try #require(lines.last)
        #expect(record["state"] as? String == "complete")
        let phases = try #require(record["phases"] as? [[String: Any]])
        #expect(phases.map { $0["state"] as? String } == ["complete"])
        #expect(phases.first?["attempts"] as? Int == 3)
        // generateName makes every successful create a new object: one object means one create got through.
        let created = try sandbox.kubectl(["get", "configmaps", "-o", "jsonpath={.items[*].metadata.name}"])
        #expect(created.split(separator: " ").filter { $0.hasPrefix("retried-") }.count == 1)
    }

    @Test func aPhaseFailingOnEveryAttemptFailsTheRunWithTheServersMessage() throws {
        let sandbox = try Sandbox(faultRules: ["POST /api/v1/namespaces/default/configmaps 500 x3"])
        defer { sandbox.stop() }
        let result = try CofferProcess.run(sandbox.runArguments("retried", "-o", "json"))
        #expect(result.exitCode == 1, "\(result.stderr)")
        let record = try lastJSONLine(result.stdout)
        #expect(record["state"] as? String == "failed")
        let phase = try #require((record["phases"] as? [[String: Any]])?.first)
        #expect(phase["state"] as? String == "failed")
        #expect(phase["attempts"] as? Int == 3)
        let error = try #require(phase["error"] as? String)
        #expect(error.contains(#"injected fault 3 of 3 from rule "POST /api/v1/namespaces/default/configmaps 500 x3""#))
        #expect(try sandbox.kubectl(["get", "configmaps", "-o", "name"]).contains("retried-") == false)
    }

    @Test func aRestoreWithoutATerminalNeedsYes() throws {
        let directory = try Fixtures.temporaryDirectory("coffer-run-restore")
        let file = directory.appendingPathComponent("bp.yaml")
        try Data(
            """
            apiVersion: cr.kanister.io/v1alpha1
            kind: Blueprint
            metadata: {name: bp}
            actions:
              restore:
                phases:
                - {func: KubeOps, name: a, args: {operation: delete, objectReference: {kind: ConfigMap, name: x}}}
            """.utf8
        ).write(to: file)
        let result = try CofferProcess.run([
            "run", "restore", "--blueprint", file.path, "--object", "namespace/default",
            "--kubeconfig", directory.appendingPathComponent("none").path,
        ])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("pass --yes"))
    }

    // MARK: - Helpers

    private func jsonObject(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], sourceLocation: sourceLocation)
    }

    private func lastJSONLine(_ stdout: String, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> [String: Any]
    {
        let line = try #require(stdout.split(separator: "\n").last, "no output", sourceLocation: sourceLocation)
        return try jsonObject(String(line), sourceLocation: sourceLocation)
    }
}

/// A sandbox started with `coffer sandbox up` in a temporary directory, with a test blueprint beside it.
struct Sandbox {
    let directory: URL
    var kubeconfig: String { directory.appendingPathComponent("kubeconfig").path }
    var catalog: String { directory.appendingPathComponent("catalog.sqlite").path }
    var blueprintPath: String { directory.appendingPathComponent("e2e.yaml").path }
    var commonArguments: [String] { ["--kubeconfig", kubeconfig, "--catalog", catalog] }

    /// - Parameter faultRules: `--fault-rule` values for the sandbox.
    init(
        blueprint: String = RunSandboxTests.blueprint, faultRules: [String] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        directory = try Fixtures.temporaryDirectory("coffer-run-e2e")
        let up = try CofferProcess.run(
            ["sandbox", "up", "--dir", directory.path] + faultRules.flatMap { ["--fault-rule", $0] })
        try #require(up.exitCode == 0, "sandbox up failed: \(up.stderr)", sourceLocation: sourceLocation)
        try Data(blueprint.utf8).write(to: URL(fileURLWithPath: blueprintPath))
    }

    func runArguments(_ action: String, _ extra: String...) -> [String] {
        ["run", action, "--blueprint", blueprintPath, "--object", "namespace/default"] + commonArguments + extra
    }

    func stop() {
        _ = try? CofferProcess.run(["sandbox", "down", "--dir", directory.path])
    }

    /// kubectl's stdout; fails the test when kubectl fails or is not installed.
    func kubectl(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .map { "\($0)/kubectl" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(path, "kubectl is not on PATH"))
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["KUBECONFIG"] = kubeconfig
        environment["KUBECACHEDIR"] = directory.appendingPathComponent("kubecache").path
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(
            process.terminationStatus == 0, "kubectl \(arguments): \(String(decoding: err, as: UTF8.self))",
            sourceLocation: sourceLocation)
        return String(decoding: out, as: UTF8.self)
    }
}

/// `coffer` running in the background, so a test can act on its output while it runs and signal it.
final class BackgroundCoffer: @unchecked Sendable {
    // @unchecked: `stdout` and `finished` are only touched under `lock`; `process` is used from the test's thread.
    private let process = Process()
    private let lock = NSCondition()
    private var stdout = Data()
    private var finished = false
    /// The hang guard: how long any wait below may take before the test fails instead of hanging.
    private static let hangGuard: TimeInterval = 120

    convenience init(_ arguments: [String]) throws {
        try self.init(executable: CofferProcess.executable, arguments)
    }

    /// Runs coffer with a terminal for stdin, stdout and stderr (through util-linux `script`), so it shows
    /// what a user at a terminal sees; the terminal's output is read as stdout.
    static func onTerminal(_ arguments: [String]) throws -> BackgroundCoffer {
        let command = ([CofferProcess.executable.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        return try BackgroundCoffer(
            executable: URL(fileURLWithPath: "/usr/bin/script"), ["--quiet", "--return", "--command", command, "/dev/null"])
    }

    private init(executable: URL, _ arguments: [String]) throws {
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        DispatchQueue.global().async { [self] in
            let handle = output.fileHandleForReading
            while true {
                let chunk = handle.availableData
                lock.lock()
                if chunk.isEmpty { finished = true } else { stdout.append(chunk) }
                lock.broadcast()
                lock.unlock()
                if chunk.isEmpty { return }
            }
        }
    }

    /// The first complete stdout line containing `text`.
    func waitForLine(containing text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let limit = Date().addingTimeInterval(Self.hangGuard)
        lock.lock()
        defer { lock.unlock() }
        while true {
            let lines = String(decoding: stdout, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            if let line = lines.dropLast().first(where: { $0.contains(text) }) { return String(line) }
            if finished || !lock.wait(until: limit) {
                Issue.record("no line containing \(text) in: \(String(decoding: stdout, as: UTF8.self))",
                    sourceLocation: sourceLocation)
                throw CancellationError()
            }
        }
    }

    /// Returns once `text` appears anywhere in stdout, lines finished or not.
    func waitForText(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let limit = Date().addingTimeInterval(Self.hangGuard)
        lock.lock()
        defer { lock.unlock() }
        while !String(decoding: stdout, as: UTF8.self).contains(text) {
            if finished || !lock.wait(until: limit) {
                Issue.record("no \(text) in: \(String(decoding: stdout, as: UTF8.self))", sourceLocation: sourceLocation)
                throw CancellationError()
            }
        }
    }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// The exit code (or terminating signal's number) and everything printed on stdout.
    func waitForExit(sourceLocation: SourceLocation = #_sourceLocation) throws -> (Int32, String) {
        let limit = Date().addingTimeInterval(Self.hangGuard)
        lock.lock()
        while !finished {
            if !lock.wait(until: limit) {
                lock.unlock()
                process.terminate()
                Issue.record("coffer did not exit", sourceLocation: sourceLocation)
                throw CancellationError()
            }
        }
        let text = String(decoding: stdout, as: UTF8.self)
        lock.unlock()
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }
}
