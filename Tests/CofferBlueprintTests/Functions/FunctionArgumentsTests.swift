import Testing

@testable import CofferBlueprint

/// Each function's required and optional argument keys, as Kanister's `RequiredArgs()` and
/// `Arguments()` declare them (pkg/function, 0.119), plus keys Kanister reads but forgot to list
/// (`podOverride` of DeleteData/DeleteDataAll/CopyVolumeData/BackupDataStats/CheckRepository/
/// DescribeBackups, `image` of the RDS functions) and the shared RDS credential keys of rds_utils.go.
@Suite struct FunctionArgumentsTests {
    struct Expectation: Sendable, CustomTestStringConvertible {
        var name: String
        var required: [String]
        var optional: [String]
        var testDescription: String { name }
    }

    static let pod = ["podOverride", "podAnnotations", "podLabels"]
    static let rds = ["credentialsSource", "credentialsSecret", "region"]

    static let expectations: [Expectation] = [
        .init(name: "KubeExec", required: ["namespace", "pod", "command"], optional: ["container"]),
        .init(name: "KubeExecAll", required: ["namespace", "pods", "containers", "command"], optional: []),
        .init(name: "KubeTask", required: ["image", "command"], optional: ["namespace"] + pod),
        .init(
            name: "MultiContainerRun",
            required: ["backgroundImage", "backgroundCommand", "outputImage", "outputCommand"],
            optional: [
                "namespace", "initImage", "initCommand", "sharedVolumeMedium", "sharedVolumeSizeLimit",
                "sharedVolumeDir",
            ] + pod),
        // `patchType` is Coffer's: it picks merge, JSON, strategic or apply patches.
        .init(name: "KubeOps", required: ["operation"], optional: ["spec", "namespace", "objectReference", "patchType"]),
        .init(name: "ScaleWorkload", required: ["replicas"], optional: ["namespace", "name", "kind", "waitForReady"]),
        .init(name: "Wait", required: ["timeout", "conditions"], optional: []),
        .init(name: "WaitV2", required: ["timeout", "conditions"], optional: []),
        .init(
            name: "PrepareData", required: ["namespace", "image", "command"],
            optional: ["volumes", "serviceaccount"] + pod + ["failOnError"]),
        .init(
            name: "BackupData", required: ["namespace", "pod", "container", "includePath", "backupArtifactPrefix"],
            optional: ["encryptionKey", "insecureTLS"]),
        .init(
            name: "BackupDataAll", required: ["namespace", "container", "includePath", "backupArtifactPrefix"],
            optional: ["pods", "encryptionKey", "insecureTLS"]),
        .init(
            name: "RestoreData", required: ["namespace", "image", "backupArtifactPrefix"],
            optional: [
                "restorePath", "encryptionKey", "pod", "volumes", "backupTag", "backupIdentifier", "insecureTLS",
            ] + pod),
        .init(
            name: "RestoreDataAll", required: ["namespace", "image", "backupArtifactPrefix", "backupInfo"],
            optional: ["restorePath", "encryptionKey", "pods", "insecureTLS"] + pod),
        .init(
            name: "DeleteData", required: ["namespace", "backupArtifactPrefix"],
            optional: ["backupID", "backupTag", "encryptionKey", "reclaimSpace", "insecureTLS"] + pod),
        .init(
            name: "DeleteDataAll", required: ["namespace", "backupArtifactPrefix", "backupInfo"],
            optional: ["encryptionKey", "reclaimSpace", "insecureTLS"] + pod),
        .init(
            name: "CopyVolumeData", required: ["namespace", "volume", "dataArtifactPrefix"],
            optional: ["encryptionKey", "insecureTLS"] + pod),
        .init(
            name: "BackupDataStats", required: ["namespace", "backupArtifactPrefix", "backupID"],
            optional: ["statsMode", "encryptionKey"] + pod),
        .init(
            name: "CheckRepository", required: ["backupArtifactPrefix"],
            optional: ["encryptionKey", "insecureTLS"] + pod),
        .init(name: "LocationDelete", required: ["artifact"], optional: []),
        .init(
            name: "CreateCSISnapshot", required: ["pvc", "namespace", "snapshotClass"], optional: ["name", "labels"]),
        .init(
            name: "CreateCSISnapshotStatic",
            required: ["name", "namespace", "driver", "snapshotHandle", "snapshotClass"],
            optional: []),
        .init(
            name: "RestoreCSISnapshot", required: ["name", "pvc", "namespace", "storageClass", "restoreSize"],
            optional: ["accessModes", "volumeMode", "labels"]),
        .init(name: "DeleteCSISnapshot", required: ["name", "namespace"], optional: []),
        .init(name: "DeleteCSISnapshotContent", required: ["name"], optional: []),
        .init(name: "CreateRDSSnapshot", required: ["instanceID"], optional: ["dbEngine"] + rds),
        .init(name: "DeleteRDSSnapshot", required: ["snapshotID"], optional: ["dbEngine"] + rds),
        .init(
            name: "ExportRDSSnapshotToLocation", required: ["namespace", "instanceID", "snapshotID", "dbEngine"],
            optional: [
                "username", "password", "backupArtifactPrefix", "databases", "securityGroupID", "dbSubnetGroup",
                "image",
                "podAnnotations", "podLabels",
            ] + rds),
        .init(
            name: "RestoreRDSSnapshot", required: ["instanceID"],
            optional: [
                "snapshotID", "dbEngine", "backupArtifactPrefix", "backupID", "username", "password", "namespace",
                "securityGroupID", "dbSubnetGroup", "image", "podAnnotations", "podLabels",
            ] + rds),
        .init(name: "CreateVolumeSnapshot", required: ["namespace"], optional: ["pvcs", "skipWait"]),
        .init(name: "CreateVolumeFromSnapshot", required: ["namespace", "snapshots"], optional: ["pvcNames"]),
        .init(name: "DeleteVolumeSnapshot", required: ["namespace", "snapshots"], optional: []),
        .init(name: "WaitForSnapshotCompletion", required: ["snapshots"], optional: []),
        .init(
            name: "DescribeBackups", required: ["backupArtifactPrefix"],
            optional: ["encryptionKey", "insecureTLS"] + pod),
        .init(
            name: "BackupDataUsingKopiaServer", required: ["namespace", "pod", "container", "includePath"],
            optional: ["snapshotTags", "repositoryServerUserHostname"]),
        .init(
            name: "RestoreDataUsingKopiaServer", required: ["namespace", "image", "backupIdentifier", "restorePath"],
            optional: ["pod", "volumes", "repositoryServerUserHostname"] + pod),
        .init(
            name: "DeleteDataUsingKopiaServer", required: ["namespace", "image", "backupID"],
            optional: ["repositoryServerUserHostname", "podAnnotations", "podLabels"]),
    ]

    @Test func everyRegisteredFunctionHasAnExpectation() {
        #expect(Set(Self.expectations.map(\.name)) == Set(FunctionRegistry.builtin.names))
    }

    @Test(arguments: expectations)
    func declaresKanistersArguments(_ expected: Expectation) throws {
        let function = try #require(FunctionRegistry.builtin.function(named: expected.name))
        #expect(function.requiredArguments == expected.required)
        #expect(function.arguments.filter { $0.requirement == .optional }.map(\.name) == expected.optional)
    }
}
