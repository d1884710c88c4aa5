/// `== != < <= > >=` and `in`.
final class CompareNode: Node, @unchecked Sendable {
    let op: BinaryOperator
    let left: Node, right: Node
    init(_ op: BinaryOperator, _ left: Node, _ right: Node, _ range: Range<Int>, _ text: String) {
        self.op = op
        self.left = left
        self.right = right
        super.init(range, text)
    }

    override func eval(_ env: inout Env) throws(EvaluationError) -> Value { .bool(try evalBool(&env)) }

    override func evalBool(_ env: inout Env) throws(EvaluationError) -> Bool {
        let a = try left.eval(&env)
        let b = try right.eval(&env)
        switch op {
        case .equal: return celEquals(a, b)
        case .notEqual: return !celEquals(a, b)
        default: break
        }
        // the common case first: a double field against a double constant
        if case .double(let x) = a, case .double(let y) = b {
            switch op {
            case .less: return x < y
            case .lessEqual: return x <= y
            case .greater: return x > y
            default: return x >= y
            }
        }
        guard let order = celOrder(a, b) else { throw noOverload(op.rawValue, a, left, b, right) }
        guard let o = order else { return false }
        switch op {
        case .less: return o < 0
        case .lessEqual: return o <= 0
        case .greater: return o > 0
        default: return o >= 0
        }
    }
}

/// `x in list` and `x in map` (key membership).
final class InNode: Node, @unchecked Sendable {
    let element: Node, container: Node
    init(_ element: Node, _ container: Node, _ range: Range<Int>, _ text: String) {
        self.element = element
        self.container = container
        super.init(range, text)
    }

    override func eval(_ env: inout Env) throws(EvaluationError) -> Value { .bool(try evalBool(&env)) }

    override func evalBool(_ env: inout Env) throws(EvaluationError) -> Bool {
        let x = try element.eval(&env)
        let c = try container.eval(&env)
        let found: Bool
        switch c {
        case .list(let items): found = items.contains { celEquals($0, x) }
        case .map(let m): found = m.index(of: x) != nil
        default: throw noOverload("in", x, element, c, container)
        }
        if !found, case .null = x, element.isVariable { throw element.fail("\(element.text) is not set (null)") }
        return found
    }
}

/// `x in ['a', 'b', …]` with a constant list of strings: compiled to a set.
final class InStringsNode: Node, @unchecked Sendable {
    let element: Node
    let small: [String]
    let set: Set<String>
    init(_ element: Node, _ strings: [String], _ range: Range<Int>, _ text: String) {
        self.element = element
        small = strings.count <= 8 ? strings : []
        set = strings.count <= 8 ? [] : Set(strings)
        super.init(range, text)
    }

    override func eval(_ env: inout Env) throws(EvaluationError) -> Value { .bool(try evalBool(&env)) }

    override func evalBool(_ env: inout Env) throws(EvaluationError) -> Bool {
        let x = try element.eval(&env)
        guard case .string(let s) = x else {
            if case .null = x, element.isVariable { throw element.fail("\(element.text) is not set (null)") }
            return false
        }
        if set.isEmpty {
            for candidate in small where stringEquals(candidate, s) { return true }
            return false
        }
        guard let i = set.firstIndex(of: s) else { return false }
        return stringEquals(set[i], s)
    }
}
