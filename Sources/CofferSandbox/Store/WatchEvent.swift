/// One change to one object, as watchers receive it.
struct WatchEvent: Sendable {
    enum Kind: String, Sendable {
        case added = "ADDED"
        case modified = "MODIFIED"
        case deleted = "DELETED"
    }

    var kind: Kind
    var resource: GroupResource
    var key: ObjectKey
    /// The object after the change; for a deletion, the last state with the deletion's resourceVersion.
    var object: StoredObject

    var resourceVersion: Int64 { object.resourceVersion }

    /// The event as one line of a watch stream: `{"type":"ADDED","object":{...}}` and a newline.
    var line: [UInt8] {
        var bytes = Array(#"{"type":""#.utf8)
        bytes += kind.rawValue.utf8
        bytes += Array(#"","object":"#.utf8)
        bytes += object.json
        bytes += Array("}\n".utf8)
        return bytes
    }
}
