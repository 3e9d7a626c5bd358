import CofferCore
import CofferKubeAPI

extension Value {
    /// Sets (or, with nil, removes) the value at `keys`, creating objects on the way.
    mutating func set(_ keys: ArraySlice<String>, _ newValue: Value?) {
        guard let first = keys.first else {
            self = newValue ?? .null
            return
        }
        var map = objectValue ?? ValueMap()
        if keys.count == 1 {
            map[first] = newValue
        } else {
            var child = map[first] ?? .object(ValueMap())
            child.set(keys.dropFirst(), newValue)
            map[first] = child
        }
        self = .object(map)
    }

    mutating func set(_ keys: String..., to newValue: Value?) { set(keys[...], newValue) }

    mutating func setMetadata(_ key: String, _ newValue: Value?) { set(["metadata", key][...], newValue) }

    func string(_ keys: String...) -> String? {
        var current: Value? = self
        for key in keys { current = current?[key] }
        return current?.stringValue
    }

    var metadata: ValueMap { self["metadata"]?.objectValue ?? ValueMap() }
}
