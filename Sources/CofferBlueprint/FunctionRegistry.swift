public import CofferCore

/// The functions phases may call, by name.
public struct FunctionRegistry: Sendable {
    /// Every function Kanister registers in `pkg/function`, sorted by name.
    ///
    /// Coffer runs the ones marked ``BlueprintFunction/executable``; the rest validate, so upstream
    /// blueprints load, and fail as not supported when run.
    public static let builtin = FunctionRegistry([
        BackupData.self,
        BackupDataAll.self,
        BackupDataStats.self,
        BackupDataUsingKopiaServer.self,
        CheckRepository.self,
        CopyVolumeData.self,
        CreateCSISnapshot.self,
        CreateCSISnapshotStatic.self,
        CreateRDSSnapshot.self,
        CreateVolumeFromSnapshot.self,
        CreateVolumeSnapshot.self,
        DeleteCSISnapshot.self,
        DeleteCSISnapshotContent.self,
        DeleteData.self,
        DeleteDataAll.self,
        DeleteDataUsingKopiaServer.self,
        DeleteRDSSnapshot.self,
        DeleteVolumeSnapshot.self,
        DescribeBackups.self,
        ExportRDSSnapshotToLocation.self,
        KubeExec.self,
        KubeExecAll.self,
        KubeOps.self,
        KubeTask.self,
        LocationDelete.self,
        MultiContainerRun.self,
        PrepareData.self,
        RestoreCSISnapshot.self,
        RestoreData.self,
        RestoreDataAll.self,
        RestoreDataUsingKopiaServer.self,
        RestoreRDSSnapshot.self,
        ScaleWorkload.self,
        Wait.self,
        WaitForSnapshotCompletion.self,
        WaitV2.self,
    ])

    /// The registered functions, sorted by name.
    public let functions: [any BlueprintFunction.Type]
    private let byName: [String: any BlueprintFunction.Type]

    /// A registry of `functions`; when two share a name, the later one wins.
    public init(_ functions: [any BlueprintFunction.Type]) {
        var byName: [String: any BlueprintFunction.Type] = [:]
        for function in functions { byName[function.name] = function }
        self.byName = byName
        self.functions = byName.values.sorted { $0.name < $1.name }
    }

    /// The function registered as `name` (case-sensitive, as in Kanister).
    public func function(named name: String) -> (any BlueprintFunction.Type)? {
        byName[name]
    }

    /// The registered names, sorted.
    public var names: [String] { functions.map { $0.name } }

    /// The function named `name`, if Coffer can run it.
    ///
    /// - Throws: ``BlueprintError`` with code ``BlueprintError/Code/unknownFunction`` or
    ///   ``BlueprintError/Code/unsupportedFunction``, at `position`.
    public func executableFunction(named name: String, at position: SourcePosition? = nil) throws
        -> any BlueprintFunction.Type
    {
        guard let function = byName[name] else {
            throw BlueprintError(.unknownFunction, "unknown function \"\(name)\"", position: position)
        }
        guard function.executable else {
            throw BlueprintError(
                .unsupportedFunction, "function \"\(name)\" is not supported by Coffer yet", position: position)
        }
        return function
    }
}
