/// Type rules and node choice for unary and binary operators.
extension Compiler {
    mutating func unary(_ op: UnaryOperator, _ operand: Expr, _ r: Range<Int>, _ t: String) -> (Node, CELType?) {
        let (n, type) = compile(operand)
        switch op {
        case .not:
            if let type, type != .bool, type != .dyn { error("operator '!' needs bool, found \(type)", operand.range) }
            return (fold(NotNode(n, r, t), [n]), type == nil ? nil : .bool)
        case .negate:
            guard let type else { return (NegateNode(n, r, t), nil) }
            switch type {
            case .int, .double, .duration, .dyn: return (fold(NegateNode(n, r, t), [n]), type)
            default:
                error("operator '-' cannot be applied to \(type)", r)
                return (NegateNode(n, r, t), nil)
            }
        }
    }

    mutating func binary(_ op: BinaryOperator, _ l: Expr, _ rhs: Expr, _ r: Range<Int>, _ t: String) -> (Node, CELType?) {
        let (ln, lt) = compile(l)
        let (rn, rt) = compile(rhs)
        switch op {
        case .and, .or:
            for (e, ty) in [(l, lt), (rhs, rt)] {
                if let ty, ty != .bool, ty != .dyn { error("operator '\(op.rawValue)' needs bool operands, found \(ty)", e.range) }
            }
            let node: Node = op == .and ? AndNode(ln, rn, r, t) : OrNode(ln, rn, r, t)
            return (foldLogic(op, node, ln, rn), lt == nil || rt == nil ? nil : .bool)
        case .equal, .notEqual:
            if let lt, let rt, !Types.comparableForEquality(lt, rt) {
                error("operator '\(op.rawValue)' cannot compare \(lt) and \(rt)", r)
            }
            return (fold(CompareNode(op, ln, rn, r, t), [ln, rn]), .bool)
        case .less, .lessEqual, .greater, .greaterEqual:
            if let lt, let rt, !Types.orderable(lt, rt) {
                error("operator '\(op.rawValue)' cannot compare \(lt) and \(rt)", r)
            }
            return (fold(CompareNode(op, ln, rn, r, t), [ln, rn]), .bool)
        case .in:
            return (inNode(ln, lt, rn, rt, rhs, r, t), .bool)
        case .add, .subtract, .multiply, .divide, .remainder:
            let node = fold(ArithmeticNode(op, ln, rn, r, t), [ln, rn])
            guard let lt, let rt else { return (node, nil) }
            guard let result = Types.arithmetic(op, lt, rt) else {
                var hint = ""
                if (lt == .double && rt == .int) || (lt == .int && rt == .double) {
                    hint = " (write a double like 2.0, or convert with double())"
                }
                error("operator '\(op.rawValue)' cannot be applied to \(lt) and \(rt)\(hint)", r)
                return (node, nil)
            }
            return (node, result)
        }
    }

    /// `true || x` is true even when x fails, so a constant side that decides replaces the node.
    private func foldLogic(_ op: BinaryOperator, _ node: Node, _ l: Node, _ r: Node) -> Node {
        let decider: Bool = op == .or
        for side in [l, r] {
            if case .bool(let b)? = side.constant, b == decider { return ConstNode(.bool(b), node.range, node.text) }
        }
        return fold(node, [l, r])
    }

    private mutating func inNode(_ ln: Node, _ lt: CELType?, _ rn: Node, _ rt: CELType?, _ rhs: Expr,
                                 _ r: Range<Int>, _ t: String) -> Node {
        if let lt, let rt {
            switch rt {
            case .list(let e), .map(let e, _):
                if !Types.comparableForEquality(lt, e) { error("'in' cannot look for \(lt) in \(rt)", r) }
            case .dyn: break
            default: error("'in' needs a list or map on the right, found \(rt)", rhs.range)
            }
        }
        if case .list(let items)? = rn.constant, ln.constant == nil {
            var strings: [String] = []
            for item in items {
                guard case .string(let s) = item else { return InNode(ln, rn, r, t) }
                strings.append(s)
            }
            return InStringsNode(ln, strings, r, t)
        }
        return fold(InNode(ln, rn, r, t), [ln, rn])
    }
}
