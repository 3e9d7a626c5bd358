import ArgumentParser
import CofferBlueprint
import CofferCore
import CofferKube
import CofferYAML

extension Coffer {
    /// `coffer cluster`: what Coffer sees of the cluster it is pointed at.
    struct ClusterCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cluster",
            abstract: "Inspect the cluster the kubeconfig points at.",
            subcommands: [Check.self])
    }
}

// MARK: - check

extension Coffer.ClusterCommand {
    /// `coffer cluster check [--blueprint FILE]`.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the context, server version and identity, and whether a blueprint's phases are allowed.",
            discussion: """
                With --blueprint, asks the API server (SelfSubjectAccessReview) whether the identity may perform \
                every verb on every resource the blueprint's phases use, and lists what is missing before \
                anything runs. Namespaces given as templates are checked in --namespace. Exits 1 when a \
                permission is missing.
                """)

        @Option(
            help: "A blueprint whose phases' permissions to check.",
            completion: .file(extensions: ["yaml", "yml", "json"]))
        var blueprint: String?

        @Option(help: "Check only this action of the blueprint.")
        var action: String?

        @OptionGroup var kube: KubeOptions
        @OptionGroup var blueprints: BlueprintSearchOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if action != nil && blueprint == nil { throw ValidationError("--action needs --blueprint") }
        }

        func run() async throws {
            let connection = try kube.connection()
            let parsedBlueprint = try blueprint.map { path throws(CommandFailure) in try blueprints.load(path) }
            let client = KubeClient(connection: connection)
            let report: Report
            do {
                report = try await Self.check(client: client, blueprint: parsedBlueprint, action: action)
            } catch let error as KubeError {
                throw CommandFailure.invalidInput("error: \(error.description)")
            }
            switch output.format {
            case .table: printTable(report)
            case .json, .yaml: print(OutputOptions.machineText(report.value, as: output.format), terminator: "")
            }
            if report.checks.contains(where: { !$0.allowed }) { throw CommandFailure(message: "", exitCode: 1) }
        }

        // MARK: - Checking

        struct Check: Sendable {
            var attributes: ResourceAttributes
            var allowed: Bool
            var neededBy: [String]
        }

        struct Report: Sendable {
            var context: String?
            var server: String
            var serverVersion: String
            var user: Value
            var blueprint: String?
            var checks: [Check]

            var username: String { user["username"]?.stringValue ?? "(unknown)" }

            var value: Value {
                var map = ValueMap()
                map["context"] = context.map { .string($0) } ?? .null
                map["server"] = .string(server)
                map["serverVersion"] = .string(serverVersion)
                map["user"] = user
                if let blueprint {
                    map["blueprint"] = .string(blueprint)
                    map["checks"] = .array(
                        checks.map { check in
                            var entry = ValueMap()
                            entry["verb"] = .string(check.attributes.verb)
                            entry["group"] = .string(check.attributes.group)
                            entry["resource"] = .string(check.attributes.resource)
                            if let subresource = check.attributes.subresource {
                                entry["subresource"] = .string(subresource)
                            }
                            if let namespace = check.attributes.namespace { entry["namespace"] = .string(namespace) }
                            entry["allowed"] = .bool(check.allowed)
                            entry["neededBy"] = .array(check.neededBy.map { .string($0) })
                            return .object(entry)
                        })
                    map["missing"] = .int(Int64(checks.filter { !$0.allowed }.count))
                }
                return .object(map)
            }
        }

        static func check(client: KubeClient, blueprint: Blueprint?, action: String?) async throws -> Report {
            let version = try await client.serverVersion()
            let user = try await client.selfSubjectReview()
            var report = Report(
                context: client.connection.contextName, server: client.connection.server,
                serverVersion: version["gitVersion"]?.stringValue ?? "unknown", user: user, blueprint: blueprint?.name,
                checks: [])
            guard let blueprint else { return report }
            if let action, blueprint.action(named: action) == nil {
                throw CommandFailure.invalidInput("error: blueprint \"\(blueprint.name)\" has no action \"\(action)\"")
            }
            var attributes: [(ResourceAttributes, [String])] = []
            for (need, users) in BlueprintPermissions.needs(of: blueprint, action: action) {
                let namespace = need.clusterScoped ? nil : (need.namespace ?? client.defaultNamespace)
                switch need.target {
                case .resource(let group, let resource, let subresource):
                    attributes.append(
                        (
                            ResourceAttributes(
                                verb: need.verb, group: group, resource: resource, subresource: subresource,
                                namespace: namespace), users
                        ))
                case .kind(let apiVersion, let kind):
                    let group = apiVersion.contains("/") ? String(apiVersion.split(separator: "/")[0]) : ""
                    let info = try await client.resolve(group.isEmpty ? kind : "\(kind).\(group)")
                    attributes.append(
                        (
                            ResourceAttributes(
                                verb: need.verb, group: info.gvr.group, resource: info.gvr.resource,
                                namespace: info.namespaced ? namespace : nil), users
                        ))
                }
            }
            report.checks = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
                for (index, (item, _)) in attributes.enumerated() {
                    group.addTask { (index, try await client.accessReview(item).allowed) }
                }
                var allowed = [Bool](repeating: false, count: attributes.count)
                for try await (index, answer) in group { allowed[index] = answer }
                return attributes.enumerated().map { index, item in
                    Check(attributes: item.0, allowed: allowed[index], neededBy: item.1)
                }
            }
            return report
        }

        private func printTable(_ report: Report) {
            print("context:  \(report.context ?? "(in-cluster)")")
            print("server:   \(report.server) (\(report.serverVersion))")
            let groups = (report.user["groups"]?.arrayValue ?? []).compactMap(\.stringValue)
            print("identity: \(report.username)\(groups.isEmpty ? "" : " (groups: \(groups.joined(separator: ", ")))")")
            guard let name = report.blueprint else { return }
            let missing = report.checks.filter { !$0.allowed }
            print("blueprint \(name): \(report.checks.count) permissions checked, \(missing.count) missing")
            for check in missing {
                print("missing: \(check.attributes.description), needed by \(check.neededBy.joined(separator: ", "))")
            }
        }
    }
}
