/// Type-checks a syntax tree against the declarations and builds the evaluation tree in the
/// same walk: variables resolve to slots, constants fold, constant `in` lists become sets,
/// constant regexes compile. A nil type means an error was already reported below.
struct Compiler {
    let source: [Unicode.Scalar]
    let declarations: Declarations
    var diagnostics: [ExpressionDiagnostic] = []
    /// Comprehension variables in scope, innermost last.
    var scopes: [(name: String, local: Int, type: CELType)] = []
    var localCount = 0
    var referencedSlots: Set<Int> = []

    init(source: [Unicode.Scalar], declarations: Declarations) {
        self.source = source
        self.declarations = declarations
    }

    func text(_ r: Range<Int>) -> String {
        let lo = max(0, min(r.lowerBound, source.count)), hi = max(lo, min(r.upperBound, source.count))
        return String(String.UnicodeScalarView(source[lo..<hi]))
    }

    mutating func error(_ message: String, _ r: Range<Int>) {
        diagnostics.append(ExpressionDiagnostic(message, r))
    }

    mutating func compile(_ e: Expr) -> (Node, CELType?) {
        let t = text(e.range)
        switch e.kind {
        case .literal(let l):
            let (v, type) = Self.literal(l)
            return (ConstNode(v, e.range, t), type)
        case .ident(let name):
            return identifier(name, e.range, t)
        case .select(let target, let field):
            return select(target, field, e.range, t)
        case .index(let target, let index):
            return self.index(target, index, e.range, t)
        case .call(let target, let function, let args):
            return call(target, function, args, e)
        case .list(let items):
            var nodes: [Node] = [], types: [CELType?] = []
            for item in items {
                let (n, ty) = compile(item)
                nodes.append(n)
                types.append(ty)
            }
            let elem = types.contains { $0 == nil } ? nil : Self.join(types.compactMap { $0 })
            return (fold(ListNode(nodes, e.range, t), nodes), elem.map { .list($0) })
        case .map(let entries):
            var nodes: [(key: Node, value: Node)] = [], keys: [CELType] = [], values: [CELType] = []
            var failed = false
            for entry in entries {
                let (k, kt) = compile(entry.key)
                let (v, vt) = compile(entry.value)
                nodes.append((k, v))
                if let kt {
                    switch kt {
                    case .string, .int, .uint, .bool, .dyn: keys.append(kt)
                    default: error("map key must be string, int, uint or bool, found \(kt)", entry.key.range); failed = true
                    }
                } else { failed = true }
                if let vt { values.append(vt) } else { failed = true }
            }
            let node = fold(MapNode(nodes, e.range, t), nodes.flatMap { [$0.key, $0.value] })
            return (node, failed ? nil : .map(Self.join(keys), Self.join(values)))
        case .unary(let op, let operand):
            return unary(op, operand, e.range, t)
        case .binary(let op, let l, let r):
            return binary(op, l, r, e.range, t)
        case .conditional(let c, let a, let b):
            let (cn, ct) = compile(c)
            let (an, at) = compile(a)
            let (bn, bt) = compile(b)
            if let ct, ct != .bool, ct != .dyn { error("condition of '?:' must be bool, found \(ct)", c.range) }
            let type: CELType? = (at == nil || bt == nil || ct == nil) ? nil : Self.join([at!, bt!])
            if let k = cn.constant, case .bool(let b) = k { return (b ? an : bn, type) }
            return (ConditionalNode(cn, an, bn, e.range, t), type)
        }
    }

    static func literal(_ l: Literal) -> (Value, CELType) {
        switch l {
        case .null: (.null, .null)
        case .bool(let b): (.bool(b), .bool)
        case .int(let i): (.int(i), .int)
        case .uint(let u): (.uint(u), .uint)
        case .double(let d): (.double(d), .double)
        case .string(let s): (.string(s), .string)
        case .bytes(let b): (.bytes(b), .bytes)
        }
    }

    /// The common type of list elements or branches; `null` joins with anything, mixed types give `dyn`.
    static func join(_ types: [CELType]) -> CELType {
        let real = types.filter { $0 != .null }
        guard let first = real.first else { return types.isEmpty ? .dyn : .null }
        return real.allSatisfy { $0 == first } ? first : .dyn
    }

    private mutating func identifier(_ name: String, _ r: Range<Int>, _ t: String) -> (Node, CELType?) {
        if let local = scopes.last(where: { $0.name == name }) {
            return (LocalNode(local.local, r, t), local.type)
        }
        if let (slot, type) = declarations.lookup(name) {
            referencedSlots.insert(slot)
            return (SlotNode(slot, r, t), type)
        }
        let candidates = declarations.names + scopes.map(\.name)
        if let s = Suggestions.closest(to: name, in: candidates) {
            error("unknown name '\(name)' (did you mean '\(s)'?)", r)
        } else {
            error("unknown name '\(name)'", r)
        }
        return (ConstNode(.null, r, t), nil)
    }

    private mutating func select(_ target: Expr, _ field: String, _ r: Range<Int>, _ t: String) -> (Node, CELType?) {
        let (tn, tt) = compile(target)
        let node = SelectNode(tn, field, r, t)
        guard let tt else { return (node, nil) }
        return (node, fieldType(tt, field, target, r))
    }

    mutating func fieldType(_ tt: CELType, _ field: String, _ target: Expr, _ r: Range<Int>) -> CELType? {
        switch tt {
        case .dyn: return .dyn
        case .map(let k, let v):
            if k == .string || k == .dyn { return v }
            error("cannot select field '\(field)' of \(tt) (keys are not strings)", r)
        case .object(let o):
            if let ft = o.fields[field] { return ft }
            let hint = Suggestions.closest(to: field, in: Array(o.fields.keys)).map { " (did you mean '\($0)'?)" } ?? ""
            error("'\(o.name)' has no field '\(field)'\(hint)", r)
        default:
            error("cannot select field '\(field)' of \(tt) '\(text(target.range))'", r)
        }
        return nil
    }

    private mutating func index(_ target: Expr, _ index: Expr, _ r: Range<Int>, _ t: String) -> (Node, CELType?) {
        let (tn, tt) = compile(target)
        let (iN, it) = compile(index)
        let node = fold(IndexNode(tn, iN, r, t), [tn, iN])
        guard let tt, let it else { return (node, nil) }
        switch tt {
        case .dyn: return (node, .dyn)
        case .list(let e):
            guard it == .int || it == .uint || it == .dyn else {
                error("list index must be int, found \(it)", index.range)
                return (node, nil)
            }
            return (node, e)
        case .map(let k, let v):
            guard Types.comparableForEquality(k, it) else {
                error("map key must be \(k), found \(it)", index.range)
                return (node, nil)
            }
            return (node, v)
        default:
            error("cannot index \(tt) '\(text(target.range))'", r)
            return (node, nil)
        }
    }

    /// Evaluates a node whose children are all constants once, now.
    func fold(_ node: Node, _ children: [Node]) -> Node {
        guard children.allSatisfy({ $0.constant != nil }) else { return node }
        var env = Env(slots: [], locals: [])
        guard let v = try? node.eval(&env) else { return node }
        return ConstNode(v, node.range, node.text)
    }
}
