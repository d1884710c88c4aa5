/// A CEL map that keeps insertion order, so printing is deterministic.
public struct MapValue: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var key: Value
        public var value: Value
    }

    public private(set) var entries: [Entry] = []

    public init() {}

    public init(_ pairs: [(Value, Value)]) {
        for (k, v) in pairs { self[k] = v }
    }

    /// Pairs whose keys the caller knows to be distinct (literal keys of a document being
    /// built), kept in order without the duplicate check.
    public init(uniqueKeys pairs: [(Value, Value)]) {
        entries = pairs.map { Entry(key: $0.0, value: $0.1) }
    }

    public var count: Int { entries.count }

    public subscript(key: Value) -> Value? {
        get {
            guard let i = index(of: key) else { return nil }
            return entries[i].value
        }
        set {
            if let i = index(of: key) {
                if let newValue { entries[i].value = newValue } else { entries.remove(at: i) }
            } else if let newValue {
                entries.append(Entry(key: key, value: newValue))
            }
        }
    }

    public subscript(string key: String) -> Value? {
        for e in entries {
            if case .string(let s) = e.key, s == key { return e.value }
        }
        return nil
    }

    /// Finds a key with CEL equality, so `1`, `1u` and `1.0` find the same entry.
    func index(of key: Value) -> Int? {
        for (i, e) in entries.enumerated() where celEquals(e.key, key) { return i }
        return nil
    }

    public static func == (a: MapValue, b: MapValue) -> Bool {
        guard a.count == b.count else { return false }
        for e in a.entries {
            guard let other = b[e.key], e.value == other else { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
    }
}
