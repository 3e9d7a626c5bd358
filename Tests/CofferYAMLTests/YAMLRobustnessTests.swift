import CofferCore
import Testing

@testable import CofferYAML

/// Hostile or huge input ends in a value or a `YAMLError`: never a crash, a hang or a stack overflow.
@Suite struct YAMLRobustnessTests {
    @Test func tenMegabyteFileLoadsInSeconds() throws {
        var text = "items:\n"
        var index = 0
        while text.utf8.count < 10_000_000 {
            text += """
                - name: item-\(index)
                  image: "ghcr.io/kanisterio/kanister-tools:0.110.\(index % 7)"
                  replicas: \(index % 5)
                  ratio: \(index).5
                  enabled: yes
                  command: [bash, -o, errexit, -c, 'echo \(index) > /tmp/out']
                  script: |
                    pg_dump --clean --if-exists {{ .Object.metadata.name }}
                    echo done

                """
            index += 1
        }
        let document = try YAMLLoader.loadSingle(text, file: "big.yaml")
        #expect(document.value["items"]?.arrayValue?.count == index)
        #expect(document.value["items"]?.arrayValue?.last?["enabled"] == true)
    }

    @Test func tenMegabyteScalarLoads() throws {
        let line = String(repeating: "x", count: 99) + "\n"
        let text = "data: |\n" + String(repeating: "  " + line, count: 100_000)
        let value = try loadValue(text)
        #expect(value["data"]?.stringValue?.utf8.count == 10_000_000)
    }

    static let deepDocuments: [(String, String, Int)] = [
        ("flow sequences", String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000), 1001),
        ("flow mappings", String(repeating: "{a: ", count: 10_000) + "1" + String(repeating: "}", count: 10_000), 4001),
        ("block sequences", String(repeating: "- ", count: 10_000) + "x\n", 2001),
        ("unclosed flow", String(repeating: "[", count: 10_000), 1001),
    ]

    @Test(arguments: deepDocuments)
    func tenThousandLevelsAreTooDeep(style: String, text: String, column: Int) throws {
        let error = try loadError(text)
        #expect(error.code == .tooDeep, "\(style)")
        #expect(error.position == at(1, column), "\(style)")
    }

    @Test func deepBlockMappingsAreTooDeep() throws {
        var text = ""
        for level in 0..<1_500 { text += String(repeating: " ", count: level) + "a:\n" }
        let error = try loadError(text)
        #expect(error.code == .tooDeep)
        #expect(error.position == at(1001, 1001))
        #expect(error.description == "test.yaml:1001:1001: collections nest deeper than 1000 levels")
    }

    @Test func nestingUpToTheLimitLoadsAndCanBeWalked() throws {
        let depth = YAMLLoader.maximumDepth
        let text = String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)
        let value = try loadValue(text)
        // Equality and release of the value recurse; the limit keeps them within any thread's stack.
        #expect(value == value)
        var levels = 0
        var current = value
        while case .array(let items) = current, let first = items.first {
            current = first
            levels += 1
        }
        #expect(levels == depth)
    }

    @Test func aliasCannotCarryAValuePastTheDepthLimit() throws {
        let half = 600
        let nested = String(repeating: "[", count: half) + "1" + String(repeating: "]", count: half)
        let text =
            "a: &deep \(nested)\nb: " + String(repeating: "[", count: half) + "*deep"
            + String(repeating: "]", count: half)
        let error = try loadError(text)
        #expect(error.code == .tooDeep)
        #expect(error.position == at(2, 4 + half))
    }

    @Test func billionLaughsStopsWithAnAliasExpansionError() throws {
        let text = """
            a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
            b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
            c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
            d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
            e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
            f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
            g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
            h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
            i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
            """
        let error = try loadError(text)
        #expect(error.code == .aliasExpansion)
        #expect(error.description == "test.yaml:6:8: aliases expand to more than 100000 nodes")
    }

    @Test func modestAliasUseIsAllowed() throws {
        var text = "base: &base {a: 1, b: [1, 2, 3], c: {d: e}}\nuses:\n"
        for _ in 0..<1_000 { text += "- *base\n" }
        let value = try loadValue(text)
        #expect(value["uses"]?.arrayValue?.count == 1_000)
    }

    @Test func everyTruncationOfABlueprintEndsInAValueOrAnError() {
        let text = """
            apiVersion: cr.kanister.io/v1alpha1
            kind: Blueprint
            metadata: {name: "demo", labels: {app: 'x'}}
            base: &base
              image: busybox
            actions:
              backup:
                phases:
                - func: KubeTask
                  args:
                    <<: *base
                    command:
                      - bash
                      - -c
                      - |
                        echo "{{ .Object.metadata.name }}"
                        exit 0
                    folded: >-
                      a
                      b
            """
        let bytes = Array(text.utf8)
        for length in 0...bytes.count {
            do {
                _ = try YAMLLoader.load(Array(bytes[..<length]), file: "cut.yaml")
            } catch let error as YAMLError {
                #expect(error.position.line >= 1 && error.position.column >= 1)
            } catch {
                Issue.record("unexpected error type \(error)")
            }
        }
    }

    @Test func randomBytesEndInAValueOrAnError() {
        var generator = SplitMix64(seed: 0xC0FFEE)
        let alphabet = Array("ab:- \n\t[]{},&*!|>'\"#%@`?~0x1.\\".utf8) + [0x00, 0x80, 0xC3, 0xE2, 0xFF]
        for round in 0..<500 {
            let length = Int(generator.next() % 300)
            let bytes = (0..<length).map { _ in
                round.isMultiple(of: 2)
                    ? UInt8(truncatingIfNeeded: generator.next())
                    : alphabet[Int(generator.next() % UInt64(alphabet.count))]
            }
            do {
                _ = try YAMLLoader.load(bytes, file: "random.yaml")
            } catch is YAMLError {
                // Expected for most inputs.
            } catch {
                Issue.record("unexpected error type \(error)")
            }
        }
    }
}

/// A small deterministic generator, so random inputs are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
