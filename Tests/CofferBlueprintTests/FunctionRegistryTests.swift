import Testing

@testable import CofferBlueprint

@Suite struct FunctionRegistryTests {
    let registry = FunctionRegistry.builtin

    @Test func namesAreUnique() {
        let names = FunctionRegistry.builtin.functions.map { $0.name }
        #expect(Set(names).count == names.count)
    }

    @Test func builtinListIsWrittenSorted() {
        // The registry sorts anyway; keeping the source list sorted keeps merges of new functions clean.
        #expect(registry.names == registry.names.sorted())
        #expect(registry.names.count == 36)
    }

    /// Every function named in ref/kanister.md.
    static let documented = [
        "KubeExec", "KubeExecAll", "KubeTask", "MultiContainerRun", "KubeOps", "ScaleWorkload", "Wait", "WaitV2",
        "PrepareData", "BackupData", "BackupDataAll", "RestoreData", "RestoreDataAll", "DeleteData", "DeleteDataAll",
        "CopyVolumeData", "BackupDataStats", "CheckRepository", "LocationDelete", "CreateCSISnapshot",
        "CreateCSISnapshotStatic", "RestoreCSISnapshot", "DeleteCSISnapshot", "DeleteCSISnapshotContent",
        "CreateRDSSnapshot", "DeleteRDSSnapshot", "ExportRDSSnapshotToLocation", "RestoreRDSSnapshot",
    ]

    @Test(arguments: documented)
    func everyDocumentedFunctionIsRegistered(name: String) {
        #expect(registry.function(named: name)?.name == name)
    }

    @Test func exactlyTheEngineFunctionsAreExecutable() {
        let executable = registry.functions.filter { $0.executable }.map { $0.name }
        #expect(
            executable == [
                "KubeExec", "KubeExecAll", "KubeOps", "KubeTask", "MultiContainerRun", "PrepareData", "ScaleWorkload",
                "Wait", "WaitV2",
            ])
    }

    @Test func onlyTheWaitFunctionsRenderTheirOwnArguments() {
        #expect(registry.functions.filter { $0.rendersOwnArguments }.map { $0.name } == ["Wait", "WaitV2"])
    }

    @Test func lookupIsCaseSensitiveAsInKanister() {
        #expect(registry.function(named: "kubetask") == nil)
    }

    /// The argument keys the 38 upstream blueprints pass to each function (collected from the files).
    static let upstreamUsage: [(String, [String])] = [
        ("BackupData", ["backupArtifactPrefix", "container", "includePath", "namespace", "pod"]),
        ("BackupDataAll", ["backupArtifactPrefix", "container", "includePath", "namespace", "pods"]),
        ("CopyVolumeData", ["dataArtifactPrefix", "namespace", "volume"]),
        ("CreateCSISnapshot", ["namespace", "pvc", "snapshotClass"]),
        ("CreateRDSSnapshot", ["credentialsSecret", "credentialsSource", "dbEngine", "instanceID", "region"]),
        ("DeleteCSISnapshot", ["name", "namespace"]),
        ("DeleteData", ["backupArtifactPrefix", "backupID", "namespace"]),
        ("DeleteDataAll", ["backupArtifactPrefix", "backupInfo", "namespace", "reclaimSpace"]),
        ("DeleteRDSSnapshot", ["credentialsSecret", "credentialsSource", "dbEngine", "region", "snapshotID"]),
        (
            "ExportRDSSnapshotToLocation",
            [
                "backupArtifactPrefix", "credentialsSecret", "credentialsSource", "databases", "dbEngine",
                "dbSubnetGroup",
                "instanceID", "namespace", "password", "region", "securityGroupID", "snapshotID", "username",
            ]
        ),
        ("KubeExec", ["command", "container", "namespace", "pod"]),
        ("KubeExecAll", ["command", "containers", "namespace", "pods"]),
        ("KubeOps", ["namespace", "objectReference", "operation", "spec"]),
        ("KubeTask", ["command", "image", "namespace", "podOverride"]),
        ("LocationDelete", ["artifact"]),
        ("PrepareData", ["command", "image", "namespace", "volumes"]),
        (
            "RestoreCSISnapshot",
            ["accessModes", "name", "namespace", "pvc", "restoreSize", "storageClass", "volumeMode"]
        ),
        (
            "RestoreData",
            ["backupArtifactPrefix", "backupIdentifier", "backupTag", "image", "namespace", "pod", "volumes"]
        ),
        ("RestoreDataAll", ["backupArtifactPrefix", "backupInfo", "image", "namespace", "pods", "restorePath"]),
        (
            "RestoreRDSSnapshot",
            [
                "backupArtifactPrefix", "backupID", "credentialsSecret", "credentialsSource", "dbEngine",
                "dbSubnetGroup",
                "instanceID", "namespace", "password", "region", "securityGroupID", "snapshotID", "username",
            ]
        ),
        ("ScaleWorkload", ["kind", "name", "namespace", "replicas"]),
        ("Wait", ["conditions", "timeout"]),
        ("WaitV2", ["conditions", "timeout"]),
    ]

    @Test(arguments: upstreamUsage)
    func acceptsEveryArgumentUpstreamBlueprintsPass(function name: String, keys: [String]) throws {
        let function = try #require(registry.function(named: name))
        let accepted = Set(function.arguments.map(\.name))
        #expect(keys.filter { !accepted.contains($0) } == [])
    }

    @Test func declaresArgumentsOnce() {
        for function in registry.functions {
            let names = function.arguments.map(\.name)
            #expect(Set(names).count == names.count, "\(function.name) declares an argument twice")
        }
    }

    @Test func executableFunctionThrowsForUnsupportedAndUnknownNames() throws {
        #expect(try registry.executableFunction(named: "KubeTask").name == "KubeTask")
        let unsupported = try #require(throws: BlueprintError.self) {
            try registry.executableFunction(named: "BackupData")
        }
        #expect(unsupported.code == .unsupportedFunction)
        #expect(unsupported.message == #"function "BackupData" is not supported by Coffer yet"#)
        let unknown = try #require(throws: BlueprintError.self) { try registry.executableFunction(named: "Nope") }
        #expect(unknown.code == .unknownFunction)
    }

    @Test func exactlyTheExecutableFunctionsCanRun() {
        let runnable = FunctionRegistry.builtin.functions.filter { $0 is any ExecutableFunction.Type }.map { $0.name }
        let executable = FunctionRegistry.builtin.functions.filter { $0.executable }.map { $0.name }
        #expect(runnable == executable)
        #expect(runnable == [
            "KubeExec", "KubeExecAll", "KubeOps", "KubeTask", "MultiContainerRun", "PrepareData", "ScaleWorkload", "Wait",
            "WaitV2",
        ])
    }
}
