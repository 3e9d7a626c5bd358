import CofferCore
import CofferKubeAPI
import Foundation

// MARK: - Workload controllers: Deployment → ReplicaSet → Pods, StatefulSet → Pods, Job → Pod

extension APIServer {
    static let deploymentResource = GroupResource(group: "apps", resource: "deployments")
    static let replicaSetResource = GroupResource(group: "apps", resource: "replicasets")
    static let statefulSetResource = GroupResource(group: "apps", resource: "statefulsets")
    static let jobResource = GroupResource(group: "batch", resource: "jobs")
    static let claimResource = GroupResource(group: "", resource: "persistentvolumeclaims")
    private static let controllerUser = UserInfo(
        name: "system:serviceaccount:kube-system:controller", groups: ["system:masters"])

    /// Runs the controller for `type` after a change to `object`, synchronously: pods are simulated, so a
    /// workload's status can be settled at once.
    func controllers(_ type: ResourceType, _ object: Value, deleted: Bool) {
        guard !deleted, object.metadata["deletionTimestamp"] == nil else { return }
        switch type.groupResource {
        case Self.deploymentResource: reconcileDeployment(object)
        case Self.replicaSetResource: reconcileReplicaSet(object)
        case Self.statefulSetResource: reconcileStatefulSet(object)
        case Self.jobResource: reconcileJob(object)
        default: break
        }
    }

    /// A pod went away: its ReplicaSet or StatefulSet replaces it.
    func podRemoved(_ pod: Value) {
        guard let owner = Self.controllerReference(pod) else { return }
        let namespace = pod.string("metadata", "namespace") ?? ""
        let resource: GroupResource
        switch owner.kind {
        case "ReplicaSet": resource = Self.replicaSetResource
        case "StatefulSet": resource = Self.statefulSetResource
        default: return
        }
        if let stored = store.get(resource, ObjectKey(namespace: namespace, name: owner.name)),
            stored.value.metadata["deletionTimestamp"] == nil
        {
            controllers(catalog.resource(resource)!, stored.value, deleted: false)  // built-in, always served
        }
    }

    /// A pod's command ended: its Job records the outcome.
    func podFinished(_ pod: Value) {
        guard let owner = Self.controllerReference(pod), owner.kind == "Job" else { return }
        let namespace = pod.string("metadata", "namespace") ?? ""
        let succeeded = pod.string("status", "phase") == "Succeeded"
        let now = Self.timestamp()
        updateStatus(Self.jobResource, ObjectKey(namespace: namespace, name: owner.name)) { job in
            var status = job["status"]?.objectValue ?? ValueMap()
            let key = succeeded ? "succeeded" : "failed"
            status[key] = .int((status[key]?.intValue ?? 0) + 1)
            status["active"] = nil
            status["ready"] = .int(0)
            let conditionType = succeeded ? "Complete" : "Failed"
            var conditions: [Value] = []
            if succeeded {
                conditions.append([
                    "type": "SuccessCriteriaMet", "status": "True", "lastProbeTime": .string(now),
                    "lastTransitionTime": .string(now),
                ])
                status["completionTime"] = .string(now)
            } else {
                conditions.append([
                    "type": "FailureTarget", "status": "True", "reason": "BackoffLimitExceeded",
                    "message": "Job has reached the specified backoff limit", "lastProbeTime": .string(now),
                    "lastTransitionTime": .string(now),
                ])
            }
            var condition: ValueMap = ValueMap()
            condition["type"] = .string(conditionType)
            condition["status"] = "True"
            if !succeeded {
                condition["reason"] = "BackoffLimitExceeded"
                condition["message"] = "Job has reached the specified backoff limit"
            }
            condition["lastProbeTime"] = .string(now)
            condition["lastTransitionTime"] = .string(now)
            conditions.append(.object(condition))
            status["conditions"] = .array(conditions)
            return .object(status)
        }
    }

    static func controllerReference(_ object: Value) -> (kind: String, name: String, uid: String)? {
        for reference in object.metadata["ownerReferences"]?.arrayValue ?? []
        where reference["controller"]?.boolValue == true {
            if let kind = reference["kind"]?.stringValue, let name = reference["name"]?.stringValue,
                let uid = reference["uid"]?.stringValue
            {
                return (kind, name, uid)
            }
        }
        return nil
    }

    private static func ownerReference(_ owner: Value) -> Value {
        [
            "apiVersion": owner["apiVersion"] ?? "", "kind": owner["kind"] ?? "", "name": owner.metadata["name"] ?? "",
            "uid": owner.metadata["uid"] ?? "", "controller": true, "blockOwnerDeletion": true,
        ]
    }

    /// The objects of `resource` in `namespace` whose controller is `owner`.
    private func owned(_ resource: GroupResource, namespace: String, by owner: Value) -> [StoredObject] {
        let uid = owner.string("metadata", "uid")
        return store.list(resource, namespace: namespace).objects.filter {
            Self.controllerReference($0.value)?.uid == uid && $0.value.metadata["deletionTimestamp"] == nil
        }
    }

    private func createObject(_ resource: GroupResource, namespace: String, _ object: Value) {
        guard let type = catalog.resource(resource) else { return }
        let request = APIRequest(
            method: "POST", target: "/", headers: [("content-type", "application/json")],
            body: Array(object.jsonString().utf8), user: Self.controllerUser)
        _ = try? create(request, Target(type: type, namespace: namespace))
    }

    private func deleteObject(_ resource: GroupResource, namespace: String, name: String) {
        guard let type = catalog.resource(resource) else { return }
        let request = APIRequest(method: "DELETE", target: "/", user: Self.controllerUser)
        _ = try? delete(request, Target(type: type, namespace: namespace), name: name)
    }

    private func updateStatus(_ resource: GroupResource, _ key: ObjectKey, _ change: (Value) -> Value) {
        _ = try? store.mutate(resource, key) { stored throws(APIError) in
            guard var next = stored?.value else { return .keep }
            next.set("status", to: change(next))
            return next == stored?.value ? .keep : .put(next)
        }
    }

    private func podFromTemplate(_ template: Value?, name: String?, generateName: String?, owner: Value) -> Value {
        var pod: Value = ["apiVersion": "v1", "kind": "Pod"]
        pod.set("metadata", to: template?["metadata"] ?? [:])
        if let name { pod.setMetadata("name", .string(name)) }
        if let generateName { pod.setMetadata("generateName", .string(generateName)) }
        pod.setMetadata("ownerReferences", [Self.ownerReference(owner)])
        pod.set("spec", to: template?["spec"] ?? [:])
        return pod
    }

    private func readyCount(_ pods: [StoredObject]) -> Int64 {
        Int64(pods.filter { $0.value.string("status", "phase") == "Running" }.count)
    }

    // MARK: Deployment

    private func reconcileDeployment(_ deployment: Value) {
        let namespace = deployment.string("metadata", "namespace") ?? ""
        let name = deployment.string("metadata", "name") ?? ""
        let replicas = deployment["spec"]?["replicas"]?.intValue ?? 1
        let template = deployment["spec"]?["template"] ?? [:]
        let hash = Self.templateHash(template)
        let replicaSetName = "\(name)-\(hash)"
        for old in owned(Self.replicaSetResource, namespace: namespace, by: deployment) where old.name != replicaSetName
        {
            deleteObject(Self.replicaSetResource, namespace: namespace, name: old.name)
        }
        let key = ObjectKey(namespace: namespace, name: replicaSetName)
        if let existing = store.get(Self.replicaSetResource, key) {
            if existing.value["spec"]?["replicas"]?.intValue != replicas {
                _ = try? store.mutate(Self.replicaSetResource, key) { stored throws(APIError) in
                    guard var next = stored?.value else { return .keep }
                    next.set("spec", "replicas", to: .int(replicas))
                    return .put(next)
                }
                if let updated = store.get(Self.replicaSetResource, key) { reconcileReplicaSet(updated.value) }
            }
        } else {
            var labels = template["metadata"]?["labels"]?.objectValue ?? ValueMap()
            labels["pod-template-hash"] = .string(hash)
            var podTemplate = template
            podTemplate.set("metadata", "labels", to: .object(labels))
            var selector = deployment["spec"]?["selector"] ?? [:]
            selector.set("matchLabels", "pod-template-hash", to: .string(hash))
            let replicaSet: Value = [
                "apiVersion": "apps/v1", "kind": "ReplicaSet",
                "metadata": [
                    "name": .string(replicaSetName), "namespace": .string(namespace), "labels": .object(labels),
                    "ownerReferences": [Self.ownerReference(deployment)],
                ],
                "spec": ["replicas": .int(replicas), "selector": selector, "template": podTemplate],
            ]
            createObject(Self.replicaSetResource, namespace: namespace, replicaSet)
        }
        let pods = owned(Self.replicaSetResource, namespace: namespace, by: deployment).flatMap {
            owned(Self.podResource, namespace: namespace, by: $0.value)
        }
        let ready = readyCount(pods)
        let now = Self.timestamp()
        updateStatus(Self.deploymentResource, ObjectKey(namespace: namespace, name: name)) { current in
            [
                "observedGeneration": current.metadata["generation"] ?? 1, "replicas": .int(Int64(pods.count)),
                "updatedReplicas": .int(Int64(pods.count)), "readyReplicas": .int(ready),
                "availableReplicas": .int(ready),
                "conditions": [
                    [
                        "type": "Available", "status": ready >= replicas ? "True" : "False",
                        "reason": "MinimumReplicasAvailable", "lastUpdateTime": .string(now),
                        "lastTransitionTime": .string(now),
                    ],
                    [
                        "type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable",
                        "message": .string("ReplicaSet \"\(replicaSetName)\" has successfully progressed."),
                        "lastUpdateTime": .string(now), "lastTransitionTime": .string(now),
                    ],
                ],
            ]
        }
    }

    /// A stable 10-character hash of a pod template, as the pod-template-hash label.
    static func templateHash(_ template: Value) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in template.jsonString(sortedKeys: true).utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        return String((0..<10).map { index in alphabet[Int((hash >> (index * 6)) % UInt64(alphabet.count))] })
    }

    // MARK: ReplicaSet

    private func reconcileReplicaSet(_ replicaSet: Value) {
        let namespace = replicaSet.string("metadata", "namespace") ?? ""
        let name = replicaSet.string("metadata", "name") ?? ""
        let replicas = Int(replicaSet["spec"]?["replicas"]?.intValue ?? 1)
        var pods = owned(Self.podResource, namespace: namespace, by: replicaSet)
        if pods.count < replicas {
            for _ in pods.count..<replicas {
                createObject(
                    Self.podResource, namespace: namespace,
                    podFromTemplate(
                        replicaSet["spec"]?["template"], name: nil, generateName: "\(name)-", owner: replicaSet))
            }
        } else if pods.count > replicas {
            for pod in pods.suffix(pods.count - replicas) {
                deleteObject(Self.podResource, namespace: namespace, name: pod.name)
            }
        }
        pods = owned(Self.podResource, namespace: namespace, by: replicaSet)
        let ready = readyCount(pods)
        updateStatus(Self.replicaSetResource, ObjectKey(namespace: namespace, name: name)) { current in
            [
                "observedGeneration": current.metadata["generation"] ?? 1, "replicas": .int(Int64(pods.count)),
                "fullyLabeledReplicas": .int(Int64(pods.count)), "readyReplicas": .int(ready),
                "availableReplicas": .int(ready),
            ]
        }
    }

    // MARK: StatefulSet

    private func reconcileStatefulSet(_ statefulSet: Value) {
        let namespace = statefulSet.string("metadata", "namespace") ?? ""
        let name = statefulSet.string("metadata", "name") ?? ""
        let replicas = Int(statefulSet["spec"]?["replicas"]?.intValue ?? 1)
        let existing = owned(Self.podResource, namespace: namespace, by: statefulSet)
        let existingNames = Set(existing.map(\.name))
        for ordinal in 0..<replicas {
            for template in statefulSet["spec"]?["volumeClaimTemplates"]?.arrayValue ?? [] {
                guard let claim = template.string("metadata", "name") else { continue }
                let claimName = "\(claim)-\(name)-\(ordinal)"
                guard store.get(Self.claimResource, ObjectKey(namespace: namespace, name: claimName)) == nil else {
                    continue
                }
                var pvc: Value = ["apiVersion": "v1", "kind": "PersistentVolumeClaim"]
                pvc.set("metadata", to: template["metadata"] ?? [:])
                pvc.setMetadata("name", .string(claimName))
                pvc.setMetadata("namespace", .string(namespace))
                pvc.set("spec", to: template["spec"] ?? [:])
                createObject(Self.claimResource, namespace: namespace, pvc)
            }
        }
        for ordinal in 0..<replicas where !existingNames.contains("\(name)-\(ordinal)") {
            var pod = podFromTemplate(
                statefulSet["spec"]?["template"], name: "\(name)-\(ordinal)", generateName: nil, owner: statefulSet)
            pod.set("metadata", "labels", "statefulset.kubernetes.io/pod-name", to: .string("\(name)-\(ordinal)"))
            pod.set("metadata", "labels", "apps.kubernetes.io/pod-index", to: .string(String(ordinal)))
            pod.set("spec", "hostname", to: .string("\(name)-\(ordinal)"))
            var volumes = pod["spec"]?["volumes"]?.arrayValue ?? []
            for template in statefulSet["spec"]?["volumeClaimTemplates"]?.arrayValue ?? [] {
                guard let claim = template.string("metadata", "name") else { continue }
                volumes.removeAll { $0["name"]?.stringValue == claim }
                volumes.append([
                    "name": .string(claim),
                    "persistentVolumeClaim": ["claimName": .string("\(claim)-\(name)-\(ordinal)")],
                ])
            }
            if !volumes.isEmpty { pod.set("spec", "volumes", to: .array(volumes)) }
            createObject(Self.podResource, namespace: namespace, pod)
        }
        for pod in existing.sorted(by: { Self.ordinal($0.name) > Self.ordinal($1.name) })
        where Self.ordinal(pod.name) >= replicas {
            deleteObject(Self.podResource, namespace: namespace, name: pod.name)
        }
        let pods = owned(Self.podResource, namespace: namespace, by: statefulSet)
        let ready = readyCount(pods)
        let revision = "\(name)-\(Self.templateHash(statefulSet["spec"]?["template"] ?? [:]))"
        updateStatus(Self.statefulSetResource, ObjectKey(namespace: namespace, name: name)) { current in
            [
                "observedGeneration": current.metadata["generation"] ?? 1, "replicas": .int(Int64(pods.count)),
                "readyReplicas": .int(ready), "currentReplicas": .int(Int64(pods.count)),
                "updatedReplicas": .int(Int64(pods.count)), "availableReplicas": .int(ready),
                "currentRevision": .string(revision), "updateRevision": .string(revision), "collisionCount": 0,
            ]
        }
    }

    private static func ordinal(_ podName: String) -> Int {
        Int(podName.split(separator: "-").last ?? "") ?? -1
    }

    // MARK: Job

    private func reconcileJob(_ job: Value) {
        let namespace = job.string("metadata", "namespace") ?? ""
        let name = job.string("metadata", "name") ?? ""
        let status = job["status"]
        guard status?["succeeded"] == nil, status?["failed"] == nil,
            owned(Self.podResource, namespace: namespace, by: job).isEmpty
        else { return }
        var pod = podFromTemplate(job["spec"]?["template"], name: nil, generateName: "\(name)-", owner: job)
        pod.set("metadata", "labels", "job-name", to: .string(name))
        pod.set("metadata", "labels", "batch.kubernetes.io/job-name", to: .string(name))
        pod.set("metadata", "labels", "controller-uid", to: job.metadata["uid"])
        let now = Self.timestamp()
        updateStatus(Self.jobResource, ObjectKey(namespace: namespace, name: name)) { _ in
            ["active": 1, "ready": 0, "startTime": .string(now)]
        }
        createObject(Self.podResource, namespace: namespace, pod)
    }
}

// MARK: - CronJob

extension APIServer {
    static let cronJobResource = GroupResource(group: "batch", resource: "cronjobs")

    /// Creates the Jobs that unsuspended CronJobs were due to start by `now`: one per CronJob, for its latest
    /// missed time (as `concurrencyPolicy: Allow` with a short `startingDeadlineSeconds` would).
    func runCronJobs(now: Date = Date()) {
        for cronJob in store.list(Self.cronJobResource, namespace: nil).objects {
            let value = cronJob.value
            guard value["spec"]?["suspend"]?.boolValue != true, value.metadata["deletionTimestamp"] == nil,
                let schedule = value.string("spec", "schedule").flatMap(CronSchedule.init)
            else { continue }
            let since =
                (value.string("status", "lastScheduleTime") ?? value.string("metadata", "creationTimestamp"))
                .flatMap { ISO8601DateFormatter().date(from: $0) } ?? now
            guard let due = schedule.latest(after: since, until: now) else { continue }
            let name = "\(cronJob.name)-\(Int(due.timeIntervalSince1970 / 60))"
            var job: Value = ["apiVersion": "batch/v1", "kind": "Job"]
            job.set("metadata", to: value["spec"]?["jobTemplate"]?["metadata"] ?? [:])
            job.setMetadata("name", .string(name))
            job.setMetadata("namespace", .string(cronJob.namespace))
            job.setMetadata(
                "ownerReferences",
                [
                    [
                        "apiVersion": "batch/v1", "kind": "CronJob", "name": .string(cronJob.name),
                        "uid": value.metadata["uid"] ?? "", "controller": true, "blockOwnerDeletion": true,
                    ]
                ])
            job.set("spec", to: value["spec"]?["jobTemplate"]?["spec"] ?? [:])
            let stamp = Self.timestamp(due)
            _ = try? store.mutate(Self.cronJobResource, ObjectKey(namespace: cronJob.namespace, name: cronJob.name)) {
                stored throws(APIError) in
                guard var next = stored?.value else { return .keep }
                next.set("status", "lastScheduleTime", to: .string(stamp))
                return .put(next)
            }
            guard let type = catalog.resource(Self.jobResource) else { continue }
            let request = APIRequest(
                method: "POST", target: "/", headers: [("content-type", "application/json")],
                body: Array(job.jsonString().utf8),
                user: UserInfo(name: "system:serviceaccount:kube-system:cronjob-controller", groups: ["system:masters"])
            )
            _ = try? create(request, Target(type: type, namespace: cronJob.namespace))
        }
    }
}
