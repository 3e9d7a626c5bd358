import CofferCore
import Testing

@testable import CofferYAML

/// The value of the single document in `text`.
func loadValue(_ text: String) throws -> Value {
    try YAMLLoader.loadSingle(text, file: "test.yaml").value
}

/// The single document in `text`, with its source map.
func loadDocument(_ text: String) throws -> Document {
    try YAMLLoader.loadSingle(text, file: "test.yaml")
}

/// The error loading `text` throws; the test fails when `text` loads.
func loadError(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> YAMLError {
    try #require(throws: YAMLError.self, sourceLocation: sourceLocation) {
        try YAMLLoader.load(text, file: "test.yaml")
    }
}

/// `file:line:column` in the test file, for comparing positions.
func at(_ line: Int, _ column: Int, file: String = "test.yaml") -> SourcePosition {
    SourcePosition(file: file, line: line, column: column)
}

/// A path from keys and indexes: `path("a", 0, "b")` is `$.a[0].b`.
func path(_ components: Any...) -> ValuePath {
    ValuePath(
        components.map { component in
            if let index = component as? Int { return .index(index) }
            return .key("\(component)")
        })
}
