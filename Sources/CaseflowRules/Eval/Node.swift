/// A compiled expression node. Nodes are immutable after compilation.
class Node: @unchecked Sendable {
    let range: Range<Int>
    /// The source of this sub-expression, for messages.
    let text: String

    init(_ range: Range<Int>, _ text: String) {
        self.range = range
        self.text = text
    }

    func eval(_ env: inout Env) throws(EvaluationError) -> Value { .null }

    func evalBool(_ env: inout Env) throws(EvaluationError) -> Bool {
        let v = try eval(&env)
        if case .bool(let b) = v { return b }
        throw mustBe("bool", v)
    }

    /// The value when it is known at compile time.
    var constant: Value? { nil }

    /// Whether a null here is an unset field the user should hear about by name.
    var isVariable: Bool { false }

    func fail(_ message: String) -> EvaluationError { EvaluationError(message, range) }

    /// The evaluation stopped at one of `Limits`.
    func failAtLimit(_ message: String) -> EvaluationError { EvaluationError(message, range, hitLimit: true) }

    /// `budget is not set (null)` for variables, otherwise `'x' must be T, found U`.
    func mustBe(_ expected: String, _ v: Value) -> EvaluationError {
        if case .null = v, isVariable { return fail("\(text) is not set (null)") }
        return fail("'\(text)' must be \(expected), found \(v.typeName)\(shown(v))")
    }

    /// The error for an operator whose operands do not fit.
    func noOverload(_ op: String, _ a: Value, _ l: Node, _ b: Value, _ r: Node) -> EvaluationError {
        if case .null = a, l.isVariable { return l.fail("\(l.text) is not set (null)") }
        if case .null = b, r.isVariable { return r.fail("\(r.text) is not set (null)") }
        return fail("operator '\(op)' cannot be applied to \(a.typeName) and \(b.typeName) in '\(text)'")
    }
}

/// ` (value)` for short scalar values, so messages show what was found.
func shown(_ v: Value) -> String {
    switch v {
    case .int, .uint, .double, .bool: " (\(JSONPrinter.print(v)))"
    case .string(let s) where s.unicodeScalars.count <= 40: " (\(ExprPrinter.quoted(s)))"
    default: ""
    }
}

final class ConstNode: Node, @unchecked Sendable {
    let value: Value
    init(_ value: Value, _ range: Range<Int>, _ text: String) {
        self.value = value
        super.init(range, text)
    }
    override func eval(_ env: inout Env) throws(EvaluationError) -> Value { value }
    override var constant: Value? { value }
}

final class SlotNode: Node, @unchecked Sendable {
    let slot: Int
    init(_ slot: Int, _ range: Range<Int>, _ text: String) {
        self.slot = slot
        super.init(range, text)
    }
    override func eval(_ env: inout Env) throws(EvaluationError) -> Value { env.slots[slot] }
    override var isVariable: Bool { true }
}

final class LocalNode: Node, @unchecked Sendable {
    let index: Int
    init(_ index: Int, _ range: Range<Int>, _ text: String) {
        self.index = index
        super.init(range, text)
    }
    override func eval(_ env: inout Env) throws(EvaluationError) -> Value { env.locals[index] }
    override var isVariable: Bool { true }
}
