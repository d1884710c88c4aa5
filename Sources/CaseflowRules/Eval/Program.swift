/// A compiled expression: checked once, evaluated many times without re-parsing.
public struct Program: Sendable {
    /// One reference for the whole program: the engine copies programs as it walks branches,
    /// targets and rules, and a copy of five fields retained and released each of them.
    final class Storage: Sendable {
        let source: String
        let expression: Expr
        let resultType: CELType
        let referencedSlots: [Int]
        let root: Node
        let localCount: Int
        let slotCount: Int

        init(source: String, expression: Expr, resultType: CELType, referencedSlots: [Int], root: Node, localCount: Int, slotCount: Int) {
            self.source = source
            self.expression = expression
            self.resultType = resultType
            self.referencedSlots = referencedSlots
            self.root = root
            self.localCount = localCount
            self.slotCount = slotCount
        }
    }

    let storage: Storage

    public var source: String { storage.source }
    /// The parsed tree, for printing and tooling.
    public var expression: Expr { storage.expression }
    /// The static type of the result.
    public var resultType: CELType { storage.resultType }
    /// Slots of the declared variables the expression reads, ascending.
    public var referencedSlots: [Int] { storage.referencedSlots }
    var root: Node { storage.root }
    var localCount: Int { storage.localCount }
    var slotCount: Int { storage.slotCount }

    init(source: String, expression: Expr, resultType: CELType, referencedSlots: [Int], root: Node, localCount: Int, slotCount: Int) {
        storage = Storage(source: source, expression: expression, resultType: resultType, referencedSlots: referencedSlots,
                          root: root, localCount: localCount, slotCount: slotCount)
    }

    /// Parses and type-checks `source`. With `expecting: .bool` a non-bool result is
    /// reported as `condition must be bool, found T`.
    public static func compile(_ source: String, _ declarations: Declarations, expecting: CELType? = nil) -> Result<Program, [ExpressionDiagnostic]> {
        let expr: Expr
        switch Parser.parse(source) {
        case .success(let e): expr = e
        case .failure(let d): return .failure(d)
        }
        var compiler = Compiler(source: Array(source.unicodeScalars), declarations: declarations)
        let (root, type) = compiler.compile(expr)
        if let expecting, let type, !Self.accepts(expecting, type) {
            let what = expecting == .bool ? "condition" : "expression"
            compiler.error("\(what) must be \(expecting), found \(type)", expr.range)
        }
        guard compiler.diagnostics.isEmpty, let type else {
            return .failure(compiler.diagnostics)
        }
        return .success(Program(source: source, expression: expr, resultType: type,
                                referencedSlots: compiler.referencedSlots.sorted(), root: root,
                                localCount: compiler.localCount, slotCount: declarations.count))
    }

    private static func accepts(_ expected: CELType, _ actual: CELType) -> Bool {
        if expected == actual || expected == .dyn || actual == .dyn || actual == .null { return true }
        return expected == .double && actual == .int
    }

    /// The value when the expression does not depend on any variable.
    public var constantValue: Value? { root.constant }

    public func evaluate(_ activation: Activation) -> Result<Value, EvaluationError> {
        guard activation.values.count >= slotCount else { return .failure(shortActivation(activation)) }
        var env = Env(slots: activation.values, locals: localCount == 0 ? [] : Array(repeating: .null, count: localCount))
        do throws(EvaluationError) {
            return .success(try root.eval(&env))
        } catch {
            return .failure(error)
        }
    }

    /// For conditions: a non-bool result is an error naming the expression.
    public func evaluateBool(_ activation: Activation) -> Result<Bool, EvaluationError> {
        guard activation.values.count >= slotCount else { return .failure(shortActivation(activation)) }
        var env = Env(slots: activation.values, locals: localCount == 0 ? [] : Array(repeating: .null, count: localCount))
        do throws(EvaluationError) {
            return .success(try root.evalBool(&env))
        } catch {
            return .failure(error)
        }
    }

    private func shortActivation(_ a: Activation) -> EvaluationError {
        EvaluationError("activation has \(a.values.count) values but \(slotCount) variables are declared", 0..<0)
    }
}

/// Parses and type-checks an expression; see `Program.compile`.
public func compile(_ source: String, _ declarations: Declarations, expecting: CELType? = nil) -> Result<Program, [ExpressionDiagnostic]> {
    Program.compile(source, declarations, expecting: expecting)
}
