/// Unary operators, member access (`.f`, `.f(…)`, `[i]`) and primary expressions.
extension Parser {
    mutating func unary() throws(Failure) -> Expr {
        try enter()
        defer { leave() }
        if let op = accept("!") {
            let operand = try unary()
            return try node(.unary(.not, operand), op.range.lowerBound..<operand.range.upperBound)
        }
        if let op = accept("-") {
            if let literal = negativeLiteral(after: op) { return literal }
            let operand = try unary()
            return try node(.unary(.negate, operand), op.range.lowerBound..<operand.range.upperBound)
        }
        return try member()
    }

    /// `-5` and `-9223372036854775808` are literals, as in CEL, unless a member access follows.
    private mutating func negativeLiteral(after op: Token) -> Expr? {
        let number = current
        let following = tokens[min(pos + 1, tokens.count - 1)]
        guard !following.isPunct("."), !following.isPunct("[") else { return nil }
        let range = op.range.lowerBound..<number.range.upperBound
        switch number.kind {
        case .int(let v):
            _ = advance()
            return Expr(.literal(.int(-v)), range)
        case .bigInt(let v) where v == UInt64(Int64.max) + 1:
            _ = advance()
            return Expr(.literal(.int(Int64.min)), range)
        case .double(let v):
            _ = advance()
            return Expr(.literal(.double(-v)), range)
        default:
            return nil
        }
    }

    mutating func member() throws(Failure) -> Expr {
        var e = try primary()
        while true {
            if accept(".") != nil {
                guard case .ident(let name) = current.kind else { throw expected("a field name after '.'") }
                let nameToken = advance()
                if accept("(") != nil {
                    let (args, close) = try arguments(closing: ")")
                    e = try node(.call(target: e, function: name, args: args), e.range.lowerBound..<close.range.upperBound)
                } else {
                    e = try node(.select(e, field: name), e.range.lowerBound..<nameToken.range.upperBound)
                }
            } else if accept("[") != nil {
                let index = try expression()
                let close = try expect("]")
                e = try node(.index(e, index), e.range.lowerBound..<close.range.upperBound)
            } else {
                return e
            }
        }
    }

    mutating func primary() throws(Failure) -> Expr {
        let t = current
        switch t.kind {
        case .int(let v): _ = advance(); return Expr(.literal(.int(v)), t.range)
        case .uint(let v): _ = advance(); return Expr(.literal(.uint(v)), t.range)
        case .double(let v): _ = advance(); return Expr(.literal(.double(v)), t.range)
        case .string(let v): _ = advance(); return Expr(.literal(.string(v)), t.range)
        case .bytes(let v): _ = advance(); return Expr(.literal(.bytes(v)), t.range)
        case .bigInt:
            throw Failure(diagnostic: ExpressionDiagnostic("integer literal out of range for int (at most 9223372036854775807)", t.range))
        case .ident(let name):
            return try identifier(name, t)
        case .punct("("):
            _ = advance()
            var inner = try expression()
            let close = try expect(")")
            // The parentheses belong to the expression's text: an error in `(a + 1) / b` quotes
            // all of it, not `a + 1) / b`.
            inner.range = t.range.lowerBound..<close.range.upperBound
            return inner
        case .punct("["):
            _ = advance()
            let (items, close) = try arguments(closing: "]")
            return try node(.list(items), t.range.lowerBound..<close.range.upperBound)
        case .punct("{"):
            _ = advance()
            return try mapLiteral(open: t)
        default:
            throw expected("an expression")
        }
    }

    private mutating func identifier(_ name: String, _ t: Token) throws(Failure) -> Expr {
        switch name {
        case "true": _ = advance(); return Expr(.literal(.bool(true)), t.range)
        case "false": _ = advance(); return Expr(.literal(.bool(false)), t.range)
        case "null": _ = advance(); return Expr(.literal(.null), t.range)
        case "in": throw expected("an expression")
        default: break
        }
        if Lexer.reserved.contains(name) {
            throw Failure(diagnostic: ExpressionDiagnostic("'\(name)' is a reserved word and cannot be used as a name", t.range))
        }
        _ = advance()
        guard accept("(") != nil else { return Expr(.ident(name), t.range) }
        let (args, close) = try arguments(closing: ")")
        return try node(.call(target: nil, function: name, args: args), t.range.lowerBound..<close.range.upperBound)
    }

    /// A comma-separated list up to `closing`; a trailing comma is allowed except in calls.
    private mutating func arguments(closing: String) throws(Failure) -> ([Expr], Token) {
        var items: [Expr] = []
        while true {
            if let close = accept(closing) { return (items, close) }
            items.append(try expression())
            if let close = accept(closing) { return (items, close) }
            guard accept(",") != nil else { throw expected("',' or '\(closing)'") }
            if closing == ")", current.isPunct(")") { throw expected("an expression") }
        }
    }

    private mutating func mapLiteral(open: Token) throws(Failure) -> Expr {
        var entries: [(key: Expr, value: Expr)] = []
        while true {
            if let close = accept("}") {
                return try node(.map(entries), open.range.lowerBound..<close.range.upperBound)
            }
            let key = try expression()
            _ = try expect(":")
            let value = try expression()
            entries.append((key, value))
            if let close = accept("}") {
                return try node(.map(entries), open.range.lowerBound..<close.range.upperBound)
            }
            guard accept(",") != nil else { throw expected("',' or '}'") }
        }
    }
}
