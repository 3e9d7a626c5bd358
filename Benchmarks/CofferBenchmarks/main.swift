// coffer-bench: how fast Coffer reads, checks and renders blueprints.
//
//   swift run -c release coffer-bench [--blueprints DIR] [--seconds S] [YAML-FILE ...]
//
// Reports, for the upstream Kanister blueprints: YAML parse + full validation time per file and in
// total (target: all files under 50 ms together), and template render throughput over every templated
// argument they contain (target: at least 200,000 args per second). Extra YAML files given on the
// command line (CRDs, say) get load/emit/JSON timings, and a generated 10 MB document shows scaling.
import CofferBlueprint
import CofferCore
import CofferTemplate
import CofferYAML
import Foundation

struct Arguments {
    var blueprints: String
    var seconds = 0.5
    var extraFiles: [String] = []

    init(_ arguments: [String]) {
        let beside = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/peers/kanister-blueprints")
        blueprints = beside.path
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--blueprints": blueprints = iterator.next() ?? blueprints
            case "--seconds": seconds = iterator.next().flatMap(Double.init) ?? seconds
            case "-h", "--help":
                print("usage: coffer-bench [--blueprints DIR] [--seconds S] [YAML-FILE ...]")
                exit(0)
            default: extraFiles.append(argument)
            }
        }
    }
}

/// Runs `body` repeatedly for about `seconds` (at least 5 times) and returns the median in seconds.
func median(seconds: Double, _ body: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    var samples: [Double] = []
    let deadline = clock.now.advanced(by: .milliseconds(Int(seconds * 1000)))
    repeat {
        let elapsed = try clock.measure(body)
        samples.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    } while clock.now < deadline || samples.count < 5
    return samples.sorted()[samples.count / 2]
}

func formatted(_ seconds: Double) -> String {
    if seconds < 1e-3 { return String(format: "%.1f µs", seconds * 1e6) }
    if seconds < 1 { return String(format: "%.2f ms", seconds * 1e3) }
    return String(format: "%.2f s", seconds)
}

func blueprintFiles(in directory: String) -> [URL] {
    let enumerator = FileManager.default.enumerator(at: URL(fileURLWithPath: directory), includingPropertiesForKeys: nil)
    var files: [URL] = []
    while let url = enumerator?.nextObject() as? URL {
        guard ["yaml", "yml"].contains(url.pathExtension), let text = try? String(contentsOf: url, encoding: .utf8),
            text.range(of: #"(?m)^kind:\s*Blueprint\s*$"#, options: .regularExpression) != nil
        else { continue }
        files.append(url)
    }
    return files.sorted { $0.path < $1.path }
}

let arguments = Arguments(Array(CommandLine.arguments.dropFirst()))
let files = blueprintFiles(in: arguments.blueprints)
guard !files.isEmpty else {
    FileHandle.standardError.write(Data("coffer-bench: no blueprints under \(arguments.blueprints)\n".utf8))
    exit(1)
}

// MARK: - Parse + validate

print("== parse + validate (YAML load, schema, functions, templates, references), median per file")
let validator = DocumentFileValidator()
var total = 0.0
var contents: [(name: String, bytes: [UInt8])] = []
for url in files {
    let bytes = try [UInt8](Data(contentsOf: url))
    contents.append((url.lastPathComponent, bytes))
    let report = validator.validate(bytes, file: url.path)
    guard report.isValid else {
        print("  \(url.lastPathComponent): INVALID: \(report.diagnostics.first.map(\.description) ?? "")")
        continue
    }
    let time = median(seconds: arguments.seconds / 4) { _ = validator.validate(bytes, file: url.path) }
    total += time
    print("  \(url.lastPathComponent.padding(toLength: 48, withPad: " ", startingAt: 0)) \(String(format: "%6d", bytes.count)) B  \(formatted(time))")
}
let together = median(seconds: arguments.seconds * 2) {
    for (name, bytes) in contents { _ = validator.validate(bytes, file: name) }
}
print("  sum of medians: \(formatted(total)); all \(files.count) files in one pass: \(formatted(together)) (target < 50 ms)")

// MARK: - Render throughput

struct RenderJob {
    var text: String
    var data: TemplateValue
    var template: Template
}
let time = try GoTime.parse(layout: GoTime.rfc3339NanoLayout, "2026-01-02T03:04:05Z")
var jobs: [RenderJob] = []
func templatedStrings(_ value: Value, skipConditions: Bool, key: String? = nil) -> [String] {
    switch value {
    case .string(let text): return text.contains("{{") && !(skipConditions && key == "condition") ? [text] : []
    case .array(let elements): return elements.flatMap { templatedStrings($0, skipConditions: skipConditions) }
    case .object(let map):
        return map.flatMap { entry in
            (entry.key.contains("{{") ? [entry.key] : []) + templatedStrings(entry.value, skipConditions: skipConditions, key: entry.key)
        }
    case .null, .bool, .int, .double: return []
    }
}
for (name, bytes) in contents {
    let document = try YAMLLoader.loadSingle(bytes, file: name)
    let blueprint = try Blueprint(document: document)
    for action in blueprint.actions {
        let data = try blueprint.offlineTemplateData(OfflineRenderRequest(action: action.name, time: time))
        for phase in action.allPhases {
            for text in templatedStrings(.object(phase.args), skipConditions: phase.function == "WaitV2") {
                let template = try Template.parse(text, name: "arg")
                // Only args that render with the synthetic data count; the walk test checks they all do.
                guard (try? template.render(data)) != nil else { continue }
                jobs.append(RenderJob(text: text, data: data, template: template))
            }
        }
    }
}
let context = FunctionContext(now: { time })
let parseAndRender = median(seconds: arguments.seconds * 2) {
    for job in jobs { _ = try? Template.parse(job.text, name: "arg").render(job.data, context: context) }
}
let cache = TemplateCache()
let cached = median(seconds: arguments.seconds * 2) {
    for job in jobs { _ = try? cache.template(for: job.text).render(job.data, context: context) }
}
print("== template rendering over the upstream blueprints' \(jobs.count) templated args")
print(String(format: "  as a run renders (each template parsed once per blueprint load): %.0f args/s (target ≥ 200,000)", Double(jobs.count) / cached))
print(String(format: "  parse + render every time (cold): %.0f args/s", Double(jobs.count) / parseAndRender))

// MARK: - YAML scaling

for path in arguments.extraFiles {
    guard let data = FileManager.default.contents(atPath: path) else { continue }
    let bytes = [UInt8](data)
    let load = median(seconds: arguments.seconds) { _ = try? YAMLLoader.load(bytes, file: path) }
    print("== \(path): \(bytes.count) bytes, YAML load \(formatted(load))")
}
var large = "items:\n"
var index = 0
while large.utf8.count < 10 * 1024 * 1024 {
    large += "- name: item-\(index)\n  labels: {app: coffer, tier: \"\(index % 7)\"}\n  command: [sh, -c, \"echo \(index)\"]\n"
    index += 1
}
let largeBytes = Array(large.utf8)
let largeLoad = median(seconds: arguments.seconds) { _ = try? YAMLLoader.load(largeBytes, file: "large.yaml") }
print("== generated 10 MB YAML: load \(formatted(largeLoad))")
