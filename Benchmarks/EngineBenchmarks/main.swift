// coffer-engine-bench: the engine's cost for a 5-phase KubeOps/WaitV2 action against the sandbox, compared with
// the same five steps done by a bash script of kubectl calls, in one run.
//
//   swift build -c release --product coffer && swift build -c release --product coffer-sandbox
//   swift run -c release coffer-engine-bench [--runs N]
//
// Drives the sibling `coffer` binary (same directory as this executable) as a user would: `coffer sandbox up`,
// then alternating timed runs of `coffer run bench` and the kubectl script, then `coffer sandbox down`.
// Targets (from the issue): Coffer's median wall time at most 0.25x the script's; Coffer's peak RSS under 40 MB.
import Foundation

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

struct Arguments {
    var runs = 10

    init(_ arguments: [String]) {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--runs": runs = iterator.next().flatMap(Int.init).map { max(1, $0) } ?? runs
            default:
                print("usage: coffer-engine-bench [--runs N]")
                exit(2)
            }
        }
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    var description: String
}

/// What one finished child cost: wall time and its own peak resident set (from `wait4`, so kubectl's memory
/// never mixes into Coffer's as it would with `RUSAGE_CHILDREN`).
struct ChildResult {
    var status: Int32
    var seconds: Double
    var peakKilobytes: Int
}

func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

/// Runs `arguments` (PATH-searched) with stdout and stderr sent to `log`, and waits for it.
func spawn(_ arguments: [String], environment: [String: String], log: String) throws -> ChildResult {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)

    let argv = arguments.map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for string in argv + envp { free(string) } }

    let start = monotonicSeconds()
    var pid: pid_t = 0
    let spawned = posix_spawnp(&pid, arguments[0], &actions, nil, argv, envp)
    guard spawned == 0 else {
        throw BenchFailure(description: "cannot start \(arguments[0]): \(String(cString: strerror(spawned)))")
    }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 {
        guard errno == EINTR else { throw BenchFailure(description: "wait4 failed for \(arguments[0])") }
    }
    let seconds = monotonicSeconds() - start
    // WIFEXITED/WEXITSTATUS are macros Swift cannot import: low 7 bits are the signal, the next 8 the exit code.
    let exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return ChildResult(status: exitCode, seconds: seconds, peakKilobytes: Int(usage.ru_maxrss))
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// Five phases: create ConfigMap `name`, merge-patch in `step: "true"`, wait until the object shows it,
/// patch again, delete.
func blueprint(name: String) -> String {
    """
    apiVersion: cr.kanister.io/v1alpha1
    kind: Blueprint
    metadata: {name: engine-bench}
    actions:
      bench:
        phases:
        - func: KubeOps
          name: create
          args:
            operation: create
            namespace: default
            spec: |
              apiVersion: v1
              kind: ConfigMap
              metadata: {name: \(name), namespace: default}
              data: {created: "true"}
        - func: KubeOps
          name: patchStep
          args:
            operation: patch
            patchType: merge
            objectReference: {apiVersion: v1, kind: ConfigMap, name: \(name), namespace: default}
            spec: |
              data: {step: "true"}
        - func: WaitV2
          name: waitStep
          args:
            timeout: 1m
            conditions:
              anyOf:
              - objectReference: {apiVersion: v1, kind: ConfigMap, name: \(name), namespace: default}
                condition: '{{ if .data }}{{ index .data "step" }}{{ end }}'
        - func: KubeOps
          name: patchDone
          args:
            operation: patch
            patchType: merge
            objectReference: {apiVersion: v1, kind: ConfigMap, name: \(name), namespace: default}
            spec: |
              data: {done: "true"}
        - func: KubeOps
          name: delete
          args:
            operation: delete
            objectReference: {apiVersion: v1, kind: ConfigMap, name: \(name), namespace: default}

    """
}

/// The same five steps as kubectl calls; `$1` is the ConfigMap's name.
let kubectlScript = """
    #!/bin/bash
    set -euo pipefail
    name="$1"
    kubectl create configmap "$name" -n default --from-literal=created=true
    kubectl patch configmap "$name" -n default --type merge -p '{"data":{"step":"true"}}'
    kubectl wait configmap "$name" -n default --for=jsonpath='{.data.step}'=true --timeout=60s
    kubectl patch configmap "$name" -n default --type merge -p '{"data":{"done":"true"}}'
    kubectl delete configmap "$name" -n default

    """

func logTail(_ path: String) -> String {
    let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    return text.split(separator: "\n").suffix(5).joined(separator: "\n")
}

func benchmark(_ arguments: Arguments) throws {
    let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
    let coffer = URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("coffer").path
    // `coffer sandbox up` starts the sibling `coffer-sandbox` as its server.
    for product in ["coffer", "coffer-sandbox"] {
        let path = URL(fileURLWithPath: coffer).deletingLastPathComponent().appendingPathComponent(product).path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw BenchFailure(
                description: "\(path) not found: build it first with `swift build -c release --product \(product)`")
        }
    }
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("coffer-engine-bench-\(getpid())").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }

    let kubeconfig = "\(directory)/kubeconfig"
    let catalog = "\(directory)/catalog.sqlite"
    let script = "\(directory)/steps.sh"
    let log = "\(directory)/child.log"
    var environment = ProcessInfo.processInfo.environment
    environment["KUBECONFIG"] = kubeconfig
    environment["KUBECACHEDIR"] = "\(directory)/kube-cache"
    try kubectlScript.write(toFile: script, atomically: true, encoding: .utf8)

    func check(_ result: ChildResult, _ what: String) throws {
        guard result.status == 0 else {
            throw BenchFailure(description: "\(what) exited \(result.status):\n\(logTail(log))")
        }
    }

    try check(
        spawn([coffer, "sandbox", "up", "--dir", directory], environment: environment, log: log), "coffer sandbox up")
    defer {
        _ = try? spawn([coffer, "sandbox", "down", "--dir", directory], environment: environment, log: log)
    }

    func cofferRun(_ index: Int) throws -> ChildResult {
        let file = "\(directory)/blueprint-\(index).yaml"
        try blueprint(name: "bench-\(index)").write(toFile: file, atomically: true, encoding: .utf8)
        let result = try spawn(
            [
                coffer, "run", "bench", "--blueprint", file, "--object", "namespace/default",
                "--kubeconfig", kubeconfig, "--catalog", catalog, "-o", "json",
            ], environment: environment, log: log)
        try check(result, "coffer run bench (bench-\(index))")
        return result
    }
    func scriptRun(_ index: Int) throws -> ChildResult {
        let result = try spawn(["/bin/bash", script, "kubectl-\(index)"], environment: environment, log: log)
        try check(result, "kubectl script (kubectl-\(index))")
        return result
    }

    // Untimed: validate the blueprint, warm kubectl's discovery cache, and one run of each.
    try blueprint(name: "bench-0").write(toFile: "\(directory)/blueprint-0.yaml", atomically: true, encoding: .utf8)
    try check(
        spawn(
            [coffer, "blueprint", "validate", "\(directory)/blueprint-0.yaml"], environment: environment, log: log),
        "coffer blueprint validate")
    try check(spawn(["kubectl", "get", "ns"], environment: environment, log: log), "kubectl get ns")
    _ = try cofferRun(0)
    _ = try scriptRun(0)

    var cofferResults: [ChildResult] = []
    var scriptResults: [ChildResult] = []
    for index in 1...arguments.runs {
        // Alternate the order, so drift in the machine's load hits both alike.
        if index % 2 == 1 {
            cofferResults.append(try cofferRun(index))
            scriptResults.append(try scriptRun(index))
        } else {
            scriptResults.append(try scriptRun(index))
            cofferResults.append(try cofferRun(index))
        }
    }

    let cofferMedian = median(cofferResults.map(\.seconds))
    let scriptMedian = median(scriptResults.map(\.seconds))
    let ratio = cofferMedian / scriptMedian
    let peak = Double(cofferResults.map(\.peakKilobytes).max() ?? 0) / 1024
    let peakMedian = median(cofferResults.map { Double($0.peakKilobytes) / 1024 })
    var load = [Double](repeating: 0, count: 3)
    _ = getloadavg(&load, 3)

    func ms(_ seconds: Double) -> String { String(format: "%.1f ms", seconds * 1000) }
    func verdict(_ met: Bool) -> String { met ? "met" : "MISSED" }
    print(
        "coffer-engine-bench: 5 phases (create, patch, wait, patch, delete) on the sandbox, "
            + "\(arguments.runs) runs each")
    print(String(format: "load average: %.2f %.2f %.2f", load[0], load[1], load[2]))
    print(
        "coffer run:     median \(ms(cofferMedian))  (min \(ms(cofferResults.map(\.seconds).min() ?? 0)), "
            + "max \(ms(cofferResults.map(\.seconds).max() ?? 0)))")
    print(
        "kubectl script: median \(ms(scriptMedian))  (min \(ms(scriptResults.map(\.seconds).min() ?? 0)), "
            + "max \(ms(scriptResults.map(\.seconds).max() ?? 0)))")
    print(String(format: "ratio coffer/kubectl: %.3fx", ratio) + "  (target <= 0.25x: \(verdict(ratio <= 0.25)))")
    print(
        String(format: "coffer peak RSS: %.1f MB max, %.1f MB median", peak, peakMedian)
            + "  (target < 40 MB: \(verdict(peak < 40)))")
}

do {
    try benchmark(Arguments(Array(CommandLine.arguments.dropFirst())))
} catch {
    FileHandle.standardError.write(Data("coffer-engine-bench: \(error)\n".utf8))
    exit(1)
}
