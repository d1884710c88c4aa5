/// Functions, methods and macros (`has`, `all`, `exists`, `exists_one`, `map`, `filter`).
extension Compiler {
    mutating func call(_ target: Expr?, _ function: String, _ args: [Expr], _ e: Expr) -> (Node, CELType?) {
        let t = text(e.range)
        if target == nil, function == "has" { return has(args, e, t) }
        if let target, ["all", "exists", "exists_one", "map", "filter"].contains(function) {
            return macro(target, function, args, e, t)
        }
        guard let builtin = Builtin(rawValue: function) else {
            let known = Builtin.allCases.map(\.rawValue) + ["has", "all", "exists", "exists_one", "map", "filter"]
            let hint = Suggestions.closest(to: function, in: known).map { " (did you mean '\($0)'?)" } ?? ""
            error("unknown function '\(function)'\(hint)", e.range)
            return (ConstNode(.null, e.range, t), nil)
        }
        let all = (target.map { [$0] } ?? []) + args
        var nodes: [Node] = [], types: [CELType?] = []
        for a in all {
            let (n, ty) = compile(a)
            nodes.append(n)
            types.append(ty)
        }
        guard let resultType = signature(builtin, isMethod: target != nil, all, types, e) else {
            return (CallNode(builtin, nodes, e.range, t), nil)
        }
        if builtin == .matches, nodes.count == 2, case .string(let pattern)? = nodes[1].constant {
            do throws(RegexParser.Failure) {
                let regex = try CompiledRegex(pattern: pattern)
                if nodes[0].constant == nil { return (MatchesNode(nodes[0], regex, e.range, t), .bool) }
            } catch {
                self.error("invalid regular expression: \(error.message)", all[1].range)
                return (CallNode(builtin, nodes, e.range, t), nil)
            }
        }
        let node = CallNode(builtin, nodes, e.range, t)
        if nodes.allSatisfy({ $0.constant != nil }), builtin != .type {
            var env = Env(slots: [], locals: [])
            do throws(EvaluationError) {
                return (ConstNode(try node.eval(&env), e.range, t), resultType)
            } catch {
                // a constant conversion that can never work is a load error, not a run-time one
                if [.timestamp, .duration, .int, .uint, .double, .bool].contains(builtin) {
                    self.error(error.message, e.range)
                    return (node, nil)
                }
            }
        }
        return (node, resultType)
    }

    /// Checks argument count and types; returns the result type.
    private mutating func signature(_ f: Builtin, isMethod: Bool, _ args: [Expr], _ types: [CELType?], _ e: Expr) -> CELType? {
        let expectedCount: Int
        switch f {
        case .contains, .startsWith, .endsWith, .matches: expectedCount = 2
        default: expectedCount = 1
        }
        let shownCount = isMethod ? expectedCount - 1 : expectedCount
        guard args.count == expectedCount else {
            error("'\(f.rawValue)' takes \(shownCount) argument\(shownCount == 1 ? "" : "s"), found \(isMethod ? args.count - 1 : args.count)", e.range)
            return nil
        }
        if [.contains, .startsWith, .endsWith].contains(f), !isMethod {
            error("'\(f.rawValue)' is a method: write s.\(f.rawValue)(x)", e.range)
            return nil
        }
        let globalOnly: [Builtin] = [.int, .uint, .double, .string, .bool, .bytes, .timestamp, .duration, .dyn, .type]
        if isMethod, globalOnly.contains(f) {
            error("'\(f.rawValue)' is a function: write \(f.rawValue)(x)", e.range)
            return nil
        }
        guard types.allSatisfy({ $0 != nil }) else { return nil }
        let ts = types.compactMap { $0 }
        func need(_ i: Int, _ allowed: [CELType], _ what: String) -> Bool {
            if ts[i] == .dyn || allowed.contains(ts[i]) { return true }
            if case .list = ts[i], allowed.contains(.list(.dyn)) { return true }
            if case .map = ts[i], allowed.contains(.map(.dyn, .dyn)) { return true }
            let role = isMethod && i == 0 ? "receiver" : "argument"
            error("'\(f.rawValue)' needs \(what) as \(role), found \(ts[i])", args[i].range)
            return false
        }
        switch f {
        case .size:
            return need(0, [.string, .bytes, .list(.dyn), .map(.dyn, .dyn)], "a string, bytes, list or map") ? .int : nil
        case .contains, .startsWith, .endsWith, .matches:
            return need(0, [.string], "a string") && need(1, [.string], "a string") ? .bool : nil
        case .int: return need(0, [.int, .uint, .double, .string, .timestamp], "a number, string or timestamp") ? .int : nil
        case .uint: return need(0, [.int, .uint, .double, .string], "a number or string") ? .uint : nil
        case .double: return need(0, [.int, .uint, .double, .string], "a number or string") ? .double : nil
        case .string:
            return need(0, [.int, .uint, .double, .string, .bool, .bytes, .timestamp, .duration], "a scalar") ? .string : nil
        case .bool: return need(0, [.bool, .string], "a bool or string") ? .bool : nil
        case .bytes: return need(0, [.bytes, .string], "a string") ? .bytes : nil
        case .timestamp: return need(0, [.timestamp, .string, .int], "an RFC 3339 string") ? .timestamp : nil
        case .duration: return need(0, [.duration, .string], "a duration string like \"1h30m\"") ? .duration : nil
        case .dyn: return .dyn
        case .type: return .type
        default:
            guard isMethod else {
                error("'\(f.rawValue)' is a method: write t.\(f.rawValue)()", e.range)
                return nil
            }
            return need(0, [.timestamp], "a timestamp") ? .int : nil
        }
    }

    private mutating func has(_ args: [Expr], _ e: Expr, _ t: String) -> (Node, CELType?) {
        guard args.count == 1, case .select(let target, let field) = args[0].kind else {
            error("has() needs a field selection like has(m.field)", e.range)
            return (ConstNode(.null, e.range, t), nil)
        }
        let (tn, tt) = compile(target)
        let node = HasNode(tn, field, e.range, t)
        guard let tt else { return (node, nil) }
        return (node, fieldType(tt, field, target, args[0].range) == nil ? nil : .bool)
    }

    private mutating func macro(_ target: Expr, _ name: String, _ args: [Expr], _ e: Expr, _ t: String) -> (Node, CELType?) {
        let counts = name == "map" ? [2, 3] : [2]
        guard counts.contains(args.count) else {
            error("'\(name)' takes \(name == "map" ? "2 or 3" : "2") arguments, found \(args.count)", e.range)
            return (ConstNode(.null, e.range, t), nil)
        }
        guard case .ident(let variable) = args[0].kind else {
            error("the first argument of '\(name)' must be a variable name", args[0].range)
            return (ConstNode(.null, e.range, t), nil)
        }
        let (rangeNode, rangeType) = compile(target)
        var elementType: CELType? = nil
        if let rangeType {
            switch rangeType {
            case .list(let el): elementType = el
            case .map(let k, _): elementType = k
            case .dyn: elementType = .dyn
            default: error("'\(name)' needs a list or map, found \(rangeType)", target.range)
            }
        }
        let local = localCount
        localCount += 1
        scopes.append((variable, local, elementType ?? .dyn))
        defer { scopes.removeLast() }
        var predicate: Node? = nil, transform: Node? = nil
        var ok = elementType != nil
        if name != "map" || args.count == 3 {
            let (p, pt) = compile(args[1])
            predicate = p
            if let pt, pt != .bool, pt != .dyn { error("predicate of '\(name)' must be bool, found \(pt)", args[1].range) }
            ok = ok && pt != nil
        }
        var resultType: CELType = .bool
        if name == "map" {
            let (tr, tt) = compile(args[args.count - 1])
            transform = tr
            ok = ok && tt != nil
            resultType = .list(tt ?? .dyn)
        } else if name == "filter" {
            resultType = .list(elementType ?? .dyn)
        }
        let kind: ComprehensionNode.Kind = switch name {
        case "all": .all
        case "exists": .exists
        case "exists_one": .existsOne
        case "map": .map
        default: .filter
        }
        let node = ComprehensionNode(kind, over: rangeNode, local: local, predicate: predicate, transform: transform, e.range, t)
        return (node, ok ? resultType : nil)
    }
}
