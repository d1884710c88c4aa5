/// `!`, `&&`, `||` and `?:`. `&&` and `||` absorb an error when the other side decides.
final class NotNode: Node, @unchecked Sendable {
    let operand: Node
    init(_ operand: Node, _ range: Range<Int>, _ text: String) {
        self.operand = operand
        super.init(range, text)
    }
    override func eval(_ env: inout Env) throws(EvaluationError) -> Value { .bool(try evalBool(&env)) }
    override func evalBool(_ env: inout Env) throws(EvaluationError) -> Bool { !(try operand.evalBool(&env)) }
}

final class AndNode: Node, @unchecked Sendable {
    let left: Node, right: Node
    init(_ left: Node, _ right: Node, _ range: Range<Int>, _ text: String) {
        self.left = left
        self.right = right
        super.init(range, text)
    }
    override func eval(_ env: inout Env) throws(EvaluationError) -> Value { .bool(try evalBool(&env)) }
    override func evalBool(_ env: inout Env) throws(EvaluationError) -> Bool {
        var leftError: EvaluationError?
        do throws(EvaluationError) {
            if try !left.evalBool(&env) { return false }
        } catch {
            leftError = error
        }
        let r: Bool
        do throws(EvaluationError) {
            r = try right.evalBool(&env)
        } catch {
            throw leftError ?? error
        }
        if !r { return false }
        if let leftError { throw leftError }
        return true
    }
}

final class OrNode: Node, @unchecked Sendable {
    let left: Node, right: Node
    init(_ left: Node, _ right: Node, _ range: Range<Int>, _ text: String) {
        self.left = left
        self.right = right
        super.init(range, text)
    }
    override func eval(_ env: inout Env) throws(EvaluationError) -> Value { .bool(try evalBool(&env)) }
    override func evalBool(_ env: inout Env) throws(EvaluationError) -> Bool {
        var leftError: EvaluationError?
        do throws(EvaluationError) {
            if try left.evalBool(&env) { return true }
        } catch {
            leftError = error
        }
        let r: Bool
        do throws(EvaluationError) {
            r = try right.evalBool(&env)
        } catch {
            throw leftError ?? error
        }
        if r { return true }
        if let leftError { throw leftError }
        return false
    }
}

final class ConditionalNode: Node, @unchecked Sendable {
    let condition: Node, whenTrue: Node, whenFalse: Node
    init(_ c: Node, _ t: Node, _ f: Node, _ range: Range<Int>, _ text: String) {
        condition = c
        whenTrue = t
        whenFalse = f
        super.init(range, text)
    }
    override func eval(_ env: inout Env) throws(EvaluationError) -> Value {
        try condition.evalBool(&env) ? try whenTrue.eval(&env) : try whenFalse.eval(&env)
    }
    override func evalBool(_ env: inout Env) throws(EvaluationError) -> Bool {
        try condition.evalBool(&env) ? try whenTrue.evalBool(&env) : try whenFalse.evalBool(&env)
    }
}
