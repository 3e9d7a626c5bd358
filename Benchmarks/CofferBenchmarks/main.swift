import CofferCore
import CofferYAML

#if canImport(Glibc)
    import Glibc
#endif

// Usage: coffer-bench [yaml-file ...]
// Times loading, emitting and JSON round trips of each file (Kanister blueprints and CRDs are typical
// inputs), then loading a generated 10 MB document. Build with `-c release` for meaningful numbers.

/// The median duration of `body` over `runs` runs, in microseconds.
func medianMicroseconds(runs: Int, _ body: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    var samples: [Double] = []
    for _ in 0..<runs {
        let elapsed = try clock.measure(body)
        samples.append(Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12)
    }
    return samples.sorted()[runs / 2]
}

func report(_ name: String, bytes: Int, runs: Int, _ body: () throws -> Void) rethrows {
    let micros = try medianMicroseconds(runs: runs, body)
    let rounded = (micros * 10).rounded() / 10
    let megabytesPerSecond = (Double(bytes) / micros * 10).rounded() / 10
    print("\(name): \(bytes) bytes, median \(rounded) µs, \(megabytesPerSecond) MB/s")
}

func contents(of path: String) -> [UInt8]? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while case let count = fread(&chunk, 1, chunk.count, file), count > 0 { bytes += chunk[..<count] }
    return bytes
}

for path in CommandLine.arguments.dropFirst() {
    guard let bytes = contents(of: path) else {
        print("cannot read \(path)")
        continue
    }
    let runs = bytes.count < 100_000 ? 2_000 : 20
    try report("load \(path)", bytes: bytes.count, runs: runs) { _ = try YAMLLoader.load(bytes, file: path) }
    let values = try YAMLLoader.load(bytes, file: path).map(\.value)
    report("emit \(path)", bytes: bytes.count, runs: runs) { _ = YAMLEmitter.emit(documents: values) }
    let json = values.map { Array($0.jsonString().utf8) }
    try report("json \(path)", bytes: json.reduce(0) { $0 + $1.count }, runs: runs) {
        for document in json { _ = try Value(json: document) }
    }
}

var generated = "items:\n"
var index = 0
while generated.utf8.count < 10_000_000 {
    generated += "- name: item-\(index)\n  image: \"ghcr.io/kanisterio/kanister-tools:0.110.0\"\n"
    generated += "  replicas: \(index % 5)\n  enabled: yes\n  command: [bash, -c, 'echo \(index)']\n"
    generated += "  script: |\n    pg_dump --clean\n    echo done\n"
    index += 1
}
let generatedBytes = Array(generated.utf8)
try report("load generated", bytes: generatedBytes.count, runs: 3) {
    _ = try YAMLLoader.load(generatedBytes, file: "generated.yaml")
}
