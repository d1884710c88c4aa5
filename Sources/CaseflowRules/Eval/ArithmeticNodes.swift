/// `+ - * / %` and unary `-`.
final class ArithmeticNode: Node, @unchecked Sendable {
    let op: BinaryOperator
    let left: Node, right: Node
    init(_ op: BinaryOperator, _ left: Node, _ right: Node, _ range: Range<Int>, _ text: String) {
        self.op = op
        self.left = left
        self.right = right
        super.init(range, text)
    }

    override func eval(_ env: inout Env) throws(EvaluationError) -> Value {
        let a = try left.eval(&env)
        let b = try right.eval(&env)
        do throws(ArithmeticFailure) {
            return try Arithmetic.apply(op, a, b)
        } catch {
            switch error {
            case .noOverload: throw noOverload(op.rawValue, a, left, b, right)
            case .overflow:
                if case .timestamp = a { throw fail("result out of range (overflow) in '\(text)'") }
                if case .duration = a { throw fail("result out of range (overflow) in '\(text)'") }
                throw fail("\(a.typeName) overflow in '\(text)'")
            case .divisionByZero: throw fail("division by zero in '\(text)'")
            case .moduloByZero: throw fail("modulo by zero in '\(text)'")
            case .tooLarge: throw failAtLimit("result of '\(text)' is too large")
            }
        }
    }
}

final class NegateNode: Node, @unchecked Sendable {
    let operand: Node
    init(_ operand: Node, _ range: Range<Int>, _ text: String) {
        self.operand = operand
        super.init(range, text)
    }

    override func eval(_ env: inout Env) throws(EvaluationError) -> Value {
        let v = try operand.eval(&env)
        do throws(ArithmeticFailure) {
            return try Arithmetic.negate(v)
        } catch {
            if case .overflow = error { throw fail("\(v.typeName) overflow in '\(text)'") }
            throw operand.mustBe("a number", v)
        }
    }
}
