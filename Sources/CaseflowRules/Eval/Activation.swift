/// The values of the declared variables, by slot index (see `Declarations.declare`).
/// A slot left `.null` means the field is not set.
public struct Activation: Sendable {
    public var values: [Value]

    public init(_ values: [Value]) { self.values = values }

    /// All slots of `declarations` unset.
    public init(_ declarations: Declarations) {
        values = Array(repeating: .null, count: declarations.count)
    }

    /// Slots filled by name; names not declared are ignored.
    public init(_ declarations: Declarations, _ byName: [String: Value]) {
        self.init(declarations)
        for (name, value) in byName {
            if let slot = declarations.slot(of: name) { values[slot] = value }
        }
    }

    public subscript(slot: Int) -> Value {
        get { values[slot] }
        set { values[slot] = newValue }
    }
}

/// Evaluation state: the variables, comprehension locals and the step budget.
struct Env {
    let slots: [Value]
    var locals: [Value]
    var steps = 0
}
