/// Recursive-descent parser for the CEL subset, with CEL's precedence:
/// `?:` < `||` < `&&` < relations (`== != < <= > >= in`) < `+ -` < `* / %` < unary < member.
struct Parser {
    struct Failure: Error { var diagnostic: ExpressionDiagnostic }

    var tokens: [Token]
    var pos = 0
    var nesting = 0

    init(tokens: [Token]) { self.tokens = tokens }

    /// Parses a whole expression: the AST, or the diagnostics explaining why not.
    static func parse(_ source: String) -> Result<Expr, [ExpressionDiagnostic]> {
        let scalars = Array(source.unicodeScalars)
        guard scalars.count <= Limits.maxSourceLength else {
            return .failure([ExpressionDiagnostic(
                "expression is too long (\(scalars.count) characters, at most \(Limits.maxSourceLength))", 0..<scalars.count)])
        }
        var lexer = Lexer(scalars)
        let tokens = lexer.tokenize()
        if !lexer.diagnostics.isEmpty { return .failure(lexer.diagnostics) }
        var parser = Parser(tokens: tokens)
        do throws(Failure) {
            let e = try parser.expression()
            guard case .end = parser.current.kind else {
                throw parser.expected("an operator or end of expression")
            }
            return .success(e)
        } catch {
            return .failure([error.diagnostic])
        }
    }

    var current: Token { tokens[min(pos, tokens.count - 1)] }

    mutating func advance() -> Token {
        let t = current
        if pos < tokens.count - 1 { pos += 1 }
        return t
    }

    mutating func accept(_ p: String) -> Token? {
        guard current.isPunct(p) else { return nil }
        return advance()
    }

    mutating func expect(_ p: String) throws(Failure) -> Token {
        guard let t = accept(p) else { throw expected("'\(p)'") }
        return t
    }

    func expected(_ what: String) -> Failure {
        Failure(diagnostic: ExpressionDiagnostic("expected \(what) but found \(current.display)", current.range))
    }

    /// Says what counts: a flat chain of 100 `||` is as deep as 100 nested brackets.
    static let tooDeep = "expression is nested too deeply: more than \(Limits.maxDepth) levels of operators, calls and brackets "
        + "(each `||` or `&&` of a chain is one level; `x in [a, b, c]` is one for the whole list)"

    /// Builds a node, refusing trees taller than the limit so later passes never recurse too deep.
    func node(_ kind: ExprKind, _ range: Range<Int>) throws(Failure) -> Expr {
        let e = Expr(kind, range)
        guard e.depth <= Limits.maxDepth else {
            throw Failure(diagnostic: ExpressionDiagnostic(
                Self.tooDeep, range))
        }
        return e
    }

    mutating func enter() throws(Failure) {
        nesting += 1
        guard nesting <= Limits.maxDepth else {
            throw Failure(diagnostic: ExpressionDiagnostic(
                Self.tooDeep, current.range))
        }
    }

    mutating func leave() { nesting -= 1 }

    mutating func expression() throws(Failure) -> Expr {
        try enter()
        defer { leave() }
        let condition = try binary(minPrecedence: 1)
        guard accept("?") != nil else { return condition }
        let whenTrue = try binary(minPrecedence: 1)
        _ = try expect(":")
        let whenFalse = try expression()
        return try node(.conditional(condition, whenTrue, whenFalse), condition.range.lowerBound..<whenFalse.range.upperBound)
    }

    /// Precedence climbing; every binary operator of CEL is left-associative.
    mutating func binary(minPrecedence: Int) throws(Failure) -> Expr {
        var left = try unary()
        while let op = binaryOperator(), op.precedence >= minPrecedence {
            _ = advance()
            let right = try binary(minPrecedence: op.precedence + 1)
            left = try node(.binary(op, left, right), left.range.lowerBound..<right.range.upperBound)
        }
        return left
    }

    func binaryOperator() -> BinaryOperator? {
        switch current.kind {
        case .punct(let p): BinaryOperator(rawValue: p)
        case .ident("in"): .in
        default: nil
        }
    }
}
