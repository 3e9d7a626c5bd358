import CofferCore
import CofferTemplate
import CofferYAML
import Testing

@testable import CofferBlueprint

/// Template errors point at the failing character in the YAML file, whatever the scalar's style.
@Suite struct TemplateErrorPositionTests {
    /// A blueprint with one KubeTask phase whose arguments are `args`, indented to their place under
    /// `args:` (by eight spaces, from line 11).
    static func blueprint(args: String) -> String {
        let indented = args.split(separator: "\n", omittingEmptySubsequences: false).map { "        " + $0 }
        return """
            apiVersion: cr.kanister.io/v1alpha1
            kind: Blueprint
            metadata:
              name: positions
            actions:
              backup:
                phases:
                - func: KubeTask
                  name: dump
                  args:
            \(indented.joined(separator: "\n"))
            """
    }

    /// The one template diagnostic for the blueprint with `args`.
    func templateDiagnostic(args: String, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> BlueprintDiagnostic
    {
        let document = try YAMLLoader.loadSingle(Self.blueprint(args: args), file: "bp.yaml")
        let found = BlueprintValidator().validate(document).filter { $0.code == .template }
        #expect(found.count == 1, sourceLocation: sourceLocation)
        return try #require(found.first, sourceLocation: sourceLocation)
    }

    func at(_ line: Int, _ column: Int) -> SourcePosition {
        SourcePosition(file: "bp.yaml", line: line, column: column)
    }

    @Test func errorOnTheThirdLineOfALiteralBlock() throws {
        let diagnostic = try templateDiagnostic(
            args: """
                image: busybox
                namespace: default
                command:
                - sh
                - -c
                - |
                  set -o errexit
                  echo starting
                  echo {{ .Object.name | nosuchfunc }}
                """)
        // `          echo {{ .Object.name | nosuchfunc }}`: the error names the function, column 34.
        #expect(diagnostic.position == at(19, 34))
        #expect(diagnostic.message.contains("\"nosuchfunc\" not defined"))
    }

    @Test func errorInASingleQuotedScalar() throws {
        let diagnostic = try templateDiagnostic(
            args: """
                image: busybox
                namespace: '{{ .Object.name | nosuchfunc }}'
                """)
        // `        namespace: '{{ .Object.name | nosuchfunc }}'`
        #expect(diagnostic.position == at(12, 39))
    }

    @Test func errorInADoubleQuotedScalar() throws {
        let diagnostic = try templateDiagnostic(
            args: """
                image: busybox
                namespace: "ns-{{ .Object.name | nosuchfunc }}"
                """)
        // `        namespace: "ns-{{ .Object.name | nosuchfunc }}"`
        #expect(diagnostic.position == at(12, 42))
    }

    @Test func errorInAMapKey() throws {
        let diagnostic = try templateDiagnostic(
            args: """
                image: busybox
                namespace: default
                podOverride:
                  "{{ .Object.name | nosuchfunc }}": x
                """)
        // `          "{{ .Object.name | nosuchfunc }}": x`
        #expect(diagnostic.position == at(14, 30))
    }

    @Test func renderErrorOnALaterLineOfALiteralBlock() throws {
        let text = Self.blueprint(
            args: """
                image: busybox
                command:
                - |
                  echo one
                  echo {{ .Object.missing }}
                """)
        let document = try YAMLLoader.loadSingle(text, file: "bp.yaml")
        let path = ValuePath.root.appending("actions").appending("backup").appending("phases").appending(index: 0)
            .appending("args").appending("command").appending(index: 0)
        let renderer = BlueprintRenderer(sourceMap: document.sourceMap)
        let data = TemplateValue.map(["Object": .map(["name": .string("x")])])
        let error = try #require(throws: BlueprintError.self) {
            try renderer.render(try #require(document.value[path: path]?.stringValue), at: path, with: data)
        }
        #expect(error.code == .template)
        // `          echo {{ .Object.missing }}`: the error is at the missing field, `.missing`.
        #expect(error.position == at(15, 26))
    }
}
