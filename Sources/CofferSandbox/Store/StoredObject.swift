import CofferCore
import CofferKubeAPI

/// One stored version of an object: its value and the JSON the server answers with.
///
/// Serialised once, when written, so a GET copies bytes instead of encoding the value again.
final class StoredObject: Sendable {
    let value: Value
    let json: [UInt8]
    let resourceVersion: Int64

    init(value: Value, resourceVersion: Int64) {
        self.value = value
        self.json = Array(value.jsonString().utf8)
        self.resourceVersion = resourceVersion
    }

    var metadata: ValueMap { value["metadata"]?.objectValue ?? ValueMap() }
    var labels: ValueMap { metadata["labels"]?.objectValue ?? ValueMap() }
    var name: String { metadata["name"]?.stringValue ?? "" }
    var namespace: String { metadata["namespace"]?.stringValue ?? "" }
}
