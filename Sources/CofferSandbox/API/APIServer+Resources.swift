import CofferCore
import CofferKubeAPI
import Foundation

// MARK: - Reads

extension APIServer {
    func get(_ request: APIRequest, _ target: Target, name: String) throws(APIError) -> APIResponse {
        let key = ObjectKey(namespace: target.namespace ?? "", name: name)
        guard let object = store.get(target.type.groupResource, key) else {
            throw APIError.notFound(target.type.groupResource, name)
        }
        if target.subresource == "scale" {
            return .json(200, Array(scale(of: object.value, target.type).jsonString().utf8))
        }
        if target.subresource == nil, TableConverter.wanted(request) {
            let table = tableConverter(request, target.type).table(
                [object.value], resourceVersion: String(object.resourceVersion))
            return .json(200, Array(table.jsonString().utf8))
        }
        return .json(200, object.json)
    }

    func list(_ request: APIRequest, _ target: Target) throws(APIError) -> APIResponse {
        let filter = try ObjectFilter(request)
        let (all, resourceVersion) = store.list(target.type.groupResource, namespace: target.namespace)
        var objects = all.filter(filter.matches)
        // Chunking: `limit` caps a page; `continue` names the last object sent (objects are in key order).
        var continueToken: String?
        if let token = request.queryValue("continue"), !token.isEmpty {
            guard let data = Data(base64Encoded: token), let after = String(data: data, encoding: .utf8),
                case let parts = after.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false),
                parts.count == 2
            else {
                throw APIError.badRequest("continue key is not valid: illegal base64 data at input byte 0")
            }
            let last = ObjectKey(namespace: String(parts[0]), name: String(parts[1]))
            objects.removeAll { ObjectKey(namespace: $0.namespace, name: $0.name) <= last }
        }
        if let limit = request.queryValue("limit").flatMap(Int.init), limit > 0, objects.count > limit {
            objects = Array(objects.prefix(limit))
            if let last = objects.last {
                continueToken = Data("\(last.namespace)/\(last.name)".utf8).base64EncodedString()
            }
        }
        if TableConverter.wanted(request) {
            var table = tableConverter(request, target.type).table(
                objects.map(\.value), resourceVersion: String(resourceVersion))
            if let continueToken { table.set("metadata", "continue", to: .string(continueToken)) }
            return .json(200, Array(table.jsonString().utf8))
        }
        var bytes = Array(#"{"kind":""#.utf8)
        bytes += target.type.listKind.utf8
        bytes += Array(#"","apiVersion":""#.utf8)
        bytes += target.type.groupVersion.utf8
        bytes += Array(#"","metadata":{"resourceVersion":""#.utf8)
        bytes += String(resourceVersion).utf8
        if let continueToken {
            bytes += Array(#"","continue":""#.utf8)
            bytes += continueToken.utf8
        }
        bytes += Array(#""},"items":["#.utf8)
        for (index, object) in objects.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes += object.json
        }
        bytes += Array("]}".utf8)
        return .json(200, bytes)
    }

    func tableConverter(_ request: APIRequest, _ type: ResourceType) -> TableConverter {
        let crd =
            type.isCustom
            ? store.get(Self.crdResource, ObjectKey(namespace: "", name: "\(type.plural).\(type.group)"))?.value : nil
        return TableConverter(type: type, crd: crd, includeObject: request.queryValue("includeObject"))
    }

    func watch(_ request: APIRequest, _ target: Target) throws(APIError) -> APIResponse {
        let filter = try ObjectFilter(request)
        var resourceVersion: Int64?
        if let text = request.queryValue("resourceVersion"), !text.isEmpty {
            guard let number = Int64(text) else { throw APIError.badRequest("invalid resourceVersion \"\(text)\"") }
            resourceVersion = number
        }
        var filterWithName = filter
        if let name = target.name { filterWithName.name = name }
        let finalFilter = filterWithName
        var plan = WatchPlan(
            resource: target.type.groupResource, namespace: target.namespace, resourceVersion: resourceVersion,
            timeoutSeconds: request.queryValue("timeoutSeconds").flatMap { Int64($0) },
            filter: { finalFilter.matches($0) })
        plan.bookmarks = request.queryValue("allowWatchBookmarks") == "true"
        plan.initialEventsEnd = request.queryValue("sendInitialEvents") == "true"
        if plan.initialEventsEnd { plan.resourceVersion = nil }
        plan.kind = target.type.kind
        plan.apiVersion = target.type.groupVersion
        if TableConverter.wanted(request) {
            let converter = tableConverter(request, target.type)
            plan.line = { converter.eventLine($0) }
        }
        return .watch(plan)
    }
}

// MARK: - Writes

extension APIServer {
    func create(_ request: APIRequest, _ target: Target) throws(APIError) -> APIResponse {
        var object = try decodeBody(request)
        guard object.objectValue != nil else { throw APIError.badRequest("the request body is not an object") }
        let type = target.type
        if type.plural == "selfsubjectaccessreviews" || type.plural == "selfsubjectreviews" {
            return .json(201, Array(review(object, type: type, user: request.user).jsonString().utf8))
        }
        if object["apiVersion"] == nil { object.set("apiVersion", to: .string(type.groupVersion)) }
        if object["kind"] == nil { object.set("kind", to: .string(type.kind)) }
        var name = object.string("metadata", "name") ?? ""
        if name.isEmpty, let prefix = object.string("metadata", "generateName"), !prefix.isEmpty {
            name = prefix + Self.randomSuffix()
            object.setMetadata("name", .string(name))
        }
        let namespace = try resolveNamespace(object, target)
        if type.namespaced { object.setMetadata("namespace", .string(namespace)) }
        let metadataErrors = ObjectMetaValidation.validate(
            object["metadata"], namespaced: type.namespaced,
            nameRule: type.isCustom ? .dnsSubdomain : .forBuiltin(group: type.group, resource: type.plural))
        if !metadataErrors.isEmpty {
            throw APIError.invalid(
                kind: type.kind, group: type.group, name: object.string("metadata", "name") ?? "",
                causes: metadataErrors)
        }
        for field in ["uid", "resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds"] {
            object.setMetadata(field, nil)
        }
        if type.namespaced {
            guard let ns = store.get(Self.namespaceResource, ObjectKey(namespace: "", name: namespace)) else {
                throw APIError.notFound(Self.namespaceResource, namespace)
            }
            if ns.value.string("status", "phase") == "Terminating" {
                throw APIError(
                    code: 403, reason: .forbidden,
                    message: "\(type.plural) \"\(name)\" is forbidden: unable to create new content in namespace "
                        + "\(namespace) because it is being terminated")
            }
        }
        Self.stampNew(&object, tracksGeneration: Self.tracksGeneration(type))
        let warnings = try admitCustomResource(&object, type, request, isPatch: false)
        try admitCreate(&object, type)
        if request.query["dryRun"] != nil { return .json(201, Array(object.jsonString().utf8), headers: warnings) }
        let key = ObjectKey(namespace: type.namespaced ? namespace : "", name: name)
        let result = try store.mutate(type.groupResource, key) { current throws(APIError) in
            if current != nil { throw APIError.alreadyExists(type.groupResource, name) }
            return .put(object)
        }
        guard let stored = result?.object else { throw APIError.internalError("create did not commit") }
        afterCommit(type, stored.value, deleted: false)
        return .json(201, stored.json, headers: warnings)
    }

    func update(_ request: APIRequest, _ target: Target, name: String) throws(APIError) -> APIResponse {
        let body = try decodeBody(request)
        let bodyName = body.string("metadata", "name") ?? name
        guard bodyName == name else {
            throw APIError.badRequest(
                "the name of the object (\(bodyName)) does not match the name on the URL (\(name))")
        }
        let wanted = body.string("metadata", "resourceVersion") ?? ""
        if target.subresource == "scale" {
            return try writeScale(target, name: name, scale: body, precondition: wanted)
        }
        return try write(request, target, name: name) { current throws(APIError) in
            if !wanted.isEmpty, wanted != current.string("metadata", "resourceVersion") {
                throw APIError.conflict(target.type.groupResource, name)
            }
            return body
        }
    }

    func patch(_ request: APIRequest, _ target: Target, name: String) throws(APIError) -> APIResponse {
        let contentType =
            (request.header("content-type") ?? "").split(separator: ";").first.map {
                String($0).trimmingCharacters(in: .whitespaces)
            } ?? ""
        let kind = try Patcher.Kind(contentType: contentType, type: target.type)
        let patchValue: Value
        if kind == .apply {
            patchValue = try decodeBody(request)
            if request.queryValue("fieldManager")?.isEmpty != false {
                throw APIError.badRequest("PATCH with apply must specify fieldManager")
            }
        } else {
            do {
                patchValue = try Value(json: request.body, file: "<patch>")
            } catch {
                throw APIError.badRequest("error decoding patch: \(error)")
            }
        }
        let key = ObjectKey(namespace: target.namespace ?? "", name: name)
        if kind == .apply, target.subresource == nil, store.get(target.type.groupResource, key) == nil {
            // Server-side apply creates what does not exist yet.
            var createRequest = request
            createRequest.method = "POST"
            createRequest.body = Array(patchValue.jsonString().utf8)
            createRequest.headers = [("content-type", "application/json")]
            var object = patchValue
            if object.string("metadata", "name") == nil { object.setMetadata("name", .string(name)) }
            createRequest.body = Array(object.jsonString().utf8)
            do {
                return try create(createRequest, Target(type: target.type, namespace: target.namespace))
            } catch  where error.reason == .alreadyExists {
                // Lost a race with another creator: apply as a patch below.
            }
        }
        if target.subresource == "scale" {
            guard let current = store.get(target.type.groupResource, key) else {
                throw APIError.notFound(target.type.groupResource, name)
            }
            let patched = try Patcher.apply(
                kind, patchValue, to: scale(of: current.value, target.type), type: target.type)
            return try writeScale(target, name: name, scale: patched, precondition: "")
        }
        return try write(request, target, name: name) { current throws(APIError) in
            let patched = try Patcher.apply(kind, patchValue, to: current, type: target.type)
            if let wanted = patchValue.string("metadata", "resourceVersion"), !wanted.isEmpty,
                wanted != current.string("metadata", "resourceVersion")
            {
                throw APIError.conflict(target.type.groupResource, name)
            }
            return patched
        }
    }

    /// Commits `change(current)` as the new object, keeping what clients may not change.
    func write(_ request: APIRequest, _ target: Target, name: String, change: (Value) throws(APIError) -> Value)
        throws(APIError) -> APIResponse
    {
        let type = target.type
        let key = ObjectKey(namespace: target.namespace ?? "", name: name)
        let dryRun = request.query["dryRun"] != nil
        let isPatch = request.method == "PATCH"
        var dryRunResult: Value?
        var warnings: [(name: String, value: String)] = []
        let result = try store.mutate(type.groupResource, key) { stored throws(APIError) in
            guard let stored else { throw APIError.notFound(type.groupResource, name) }
            let current = stored.value
            var next = try change(current)
            if target.subresource == "status" {
                var onlyStatus = current
                onlyStatus.set("status", to: next["status"])
                next = onlyStatus
            } else if type.hasStatus {
                next.set("status", to: current["status"])
            }
            for field in [
                "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "name",
                "namespace", "generation",
            ] {
                next.setMetadata(field, current.metadata[field])
            }
            next.set("apiVersion", to: current["apiVersion"])
            next.set("kind", to: current["kind"])
            next.setMetadata("resourceVersion", current.metadata["resourceVersion"])
            if Self.tracksGeneration(type), Self.specChanged(current, next) {
                next.setMetadata("generation", .int((current.metadata["generation"]?.intValue ?? 0) + 1))
            }
            if target.subresource == nil { warnings = try admitCustomResource(&next, type, request, isPatch: isPatch) }
            try admitUpdate(&next, old: current, type)
            if next == current { return .keep }
            if dryRun {
                dryRunResult = next
                return .keep
            }
            if next.metadata["deletionTimestamp"] != nil,
                (next.metadata["finalizers"]?.arrayValue ?? []).isEmpty
            {
                return .remove
            }
            return .put(next)
        }
        if let dryRunResult { return .json(200, Array(dryRunResult.jsonString().utf8), headers: warnings) }
        guard let (stored, kind) = result else {
            guard let current = store.get(type.groupResource, key) else {
                throw APIError.notFound(type.groupResource, name)
            }
            return .json(200, current.json, headers: warnings)
        }
        afterCommit(type, stored.value, deleted: kind == .deleted)
        if kind == .deleted { collectGarbage(owner: stored.value, policy: "Background") }
        return .json(200, stored.json, headers: warnings)
    }

    /// Whether anything but metadata and status changed: what bumps `metadata.generation`.
    static func specChanged(_ old: Value, _ new: Value) -> Bool {
        var old = old
        var new = new
        for field in ["metadata", "status"] {
            old.set(field, to: nil)
            new.set(field, to: nil)
        }
        return old != new
    }

    func delete(_ request: APIRequest, _ target: Target, name: String) throws(APIError) -> APIResponse {
        let type = target.type
        let key = ObjectKey(namespace: target.namespace ?? "", name: name)
        var options = Value.object(ValueMap())
        if !request.body.isEmpty, let value = try? Value(json: request.body) { options = value }
        let policy =
            request.queryValue("propagationPolicy") ?? options["propagationPolicy"]?.stringValue
            ?? "Background"
        if let wanted = options["preconditions"]?["resourceVersion"]?.stringValue,
            store.get(type.groupResource, key)?.value.string("metadata", "resourceVersion") != wanted
        {
            throw APIError.conflict(type.groupResource, name)
        }
        if request.query["dryRun"] != nil {
            guard let current = store.get(type.groupResource, key) else {
                throw APIError.notFound(type.groupResource, name)
            }
            return .json(200, current.json)
        }
        if type.groupResource == Self.namespaceResource { return try deleteNamespace(name) }
        if policy == "Foreground", let current = store.get(type.groupResource, key) {
            collectGarbage(owner: current.value, policy: "Foreground")
        }
        let result = try store.mutate(type.groupResource, key) { stored throws(APIError) in
            guard let stored else { throw APIError.notFound(type.groupResource, name) }
            let finalizers = stored.value.metadata["finalizers"]?.arrayValue ?? []
            if finalizers.isEmpty { return .remove }
            if stored.value.metadata["deletionTimestamp"] != nil { return .keep }
            var next = stored.value
            next.setMetadata("deletionTimestamp", .string(Self.timestamp()))
            next.setMetadata("deletionGracePeriodSeconds", .int(0))
            return .put(next)
        }
        guard let (stored, kind) = result else {
            return .json(200, store.get(type.groupResource, key)?.json ?? [])
        }
        if kind == .deleted {
            afterCommit(type, stored.value, deleted: true)
            collectGarbage(owner: stored.value, policy: policy)
        }
        return .json(200, stored.json)
    }

    func deleteCollection(_ request: APIRequest, _ target: Target) throws(APIError) -> APIResponse {
        let filter = try ObjectFilter(request)
        let (objects, _) = store.list(target.type.groupResource, namespace: target.namespace)
        var deleted: [Value] = []
        for object in objects where filter.matches(object) {
            var one = target
            one.namespace = object.namespace.isEmpty ? nil : object.namespace
            var single = request
            single.query["labelSelector"] = nil
            single.query["fieldSelector"] = nil
            if (try? delete(single, one, name: object.name)) != nil { deleted.append(object.value) }
        }
        let list: Value = [
            "kind": .string(target.type.listKind), "apiVersion": .string(target.type.groupVersion),
            "metadata": ["resourceVersion": .string(String(store.resourceVersion))], "items": .array(deleted),
        ]
        return .json(200, Array(list.jsonString().utf8))
    }

    /// Marks the namespace Terminating, deletes everything in it, then the namespace itself.
    private func deleteNamespace(_ name: String) throws(APIError) -> APIResponse {
        let key = ObjectKey(namespace: "", name: name)
        guard
            let marked = try store.mutate(
                Self.namespaceResource, key,
                { stored throws(APIError) in
                    guard var next = stored?.value else { throw APIError.notFound(Self.namespaceResource, name) }
                    if next.metadata["deletionTimestamp"] != nil { return .keep }
                    next.setMetadata("deletionTimestamp", .string(Self.timestamp()))
                    next.set("status", "phase", to: "Terminating")
                    return .put(next)
                })
        else {
            return .json(200, store.get(Self.namespaceResource, key)?.json ?? [])
        }
        for (_, types) in catalog.groupVersions {
            for type in types where type.namespaced {
                for object in store.list(type.groupResource, namespace: name).objects {
                    _ = try? store.mutate(type.groupResource, ObjectKey(namespace: name, name: object.name)) {
                        _ throws(APIError) in .remove
                    }
                }
            }
        }
        _ = try? store.mutate(Self.namespaceResource, key) { _ throws(APIError) in .remove }
        return .json(200, marked.object.json)
    }

    /// Deletes (or, for `Orphan`, releases) the objects `owner` owns, following ownerReferences.
    func collectGarbage(owner: Value, policy: String) {
        guard let uid = owner.string("metadata", "uid") else { return }
        let namespace = owner.string("metadata", "namespace")
        for (_, types) in catalog.groupVersions {
            for type in types {
                for object in store.list(type.groupResource, namespace: type.namespaced ? namespace : nil).objects {
                    let references = object.value.metadata["ownerReferences"]?.arrayValue ?? []
                    guard references.contains(where: { $0["uid"]?.stringValue == uid }) else { continue }
                    let key = ObjectKey(namespace: object.namespace, name: object.name)
                    if policy == "Orphan" {
                        _ = try? store.mutate(type.groupResource, key) { stored throws(APIError) in
                            guard var next = stored?.value else { return .keep }
                            let kept = references.filter { $0["uid"]?.stringValue != uid }
                            next.setMetadata("ownerReferences", kept.isEmpty ? Optional<Value>.none : .array(kept))
                            return .put(next)
                        }
                    } else {
                        let removed = try? store.mutate(type.groupResource, key) { _ throws(APIError) in .remove }
                        if type.groupResource == Self.podResource {
                            runtime.stop(namespace: object.namespace, pod: object.name)
                        }
                        if let removed { collectGarbage(owner: removed.object.value, policy: policy) }
                    }
                }
            }
        }
    }

    private func resolveNamespace(_ object: Value, _ target: Target) throws(APIError) -> String {
        guard target.type.namespaced else { return "" }
        let fromBody = object.string("metadata", "namespace")
        let fromPath = target.namespace
        if let fromBody, let fromPath, !fromBody.isEmpty, fromBody != fromPath {
            throw APIError.badRequest(
                "the namespace of the provided object does not match the namespace sent on the request")
        }
        return fromPath ?? (fromBody.flatMap { $0.isEmpty ? nil : $0 } ?? "default")
    }

    static func randomSuffix() -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        return String((0..<5).map { _ in alphabet.randomElement()! })  // the alphabet is not empty
    }
}
