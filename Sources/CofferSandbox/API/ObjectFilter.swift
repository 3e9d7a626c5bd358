import CofferCore
import CofferKubeAPI

/// Which objects a list or watch returns: `labelSelector` and `fieldSelector`, parsed by CofferKubeAPI.
struct ObjectFilter: Sendable {
    var labels: LabelSelector?
    var fields: FieldSelector?
    var name: String?

    init(_ request: APIRequest) throws(APIError) {
        if let text = request.queryValue("labelSelector"), !text.isEmpty { labels = try LabelSelector(parsing: text) }
        if let text = request.queryValue("fieldSelector"), !text.isEmpty { fields = try FieldSelector(parsing: text) }
    }

    func matches(_ object: StoredObject) -> Bool {
        if let name, object.name != name { return false }
        if let labels, !labels.matches(object: object.value) { return false }
        if let fields, !fields.matches(object.value) { return false }
        return true
    }
}
