/// The names in scope of an expression and their types; each name gets a slot index
/// that `Activation` uses at run time.
public struct Declarations: Sendable {
    public private(set) var names: [String] = []
    public private(set) var types: [CELType] = []
    private var slots: [String: Int] = [:]

    public init() {}

    public var count: Int { names.count }

    /// Declares `name` (or re-types it) and returns its slot index.
    @discardableResult
    public mutating func declare(_ name: String, _ type: CELType) -> Int {
        if let slot = slots[name] {
            types[slot] = type
            return slot
        }
        names.append(name)
        types.append(type)
        slots[name] = names.count - 1
        return names.count - 1
    }

    public func slot(of name: String) -> Int? { slots[name] }

    public func lookup(_ name: String) -> (slot: Int, type: CELType)? {
        guard let slot = slots[name] else { return nil }
        return (slot, types[slot])
    }
}
