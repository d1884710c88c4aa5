/// A node of the parsed expression; `range` is in Unicode scalar offsets into the source.
public struct Expr: Sendable {
    public var kind: ExprKind
    public var range: Range<Int>
    /// Height of this subtree; the parser rejects trees taller than `Limits.maxDepth`.
    let depth: Int

    public init(_ kind: ExprKind, _ range: Range<Int>) {
        self.kind = kind
        self.range = range
        depth = 1 + kind.children.reduce(0) { max($0, $1.depth) }
    }
}

extension ExprKind {
    var children: [Expr] {
        switch self {
        case .literal, .ident: []
        case .select(let e, _): [e]
        case .index(let a, let b): [a, b]
        case .call(let t, _, let args): (t.map { [$0] } ?? []) + args
        case .list(let xs): xs
        case .map(let entries): entries.flatMap { [$0.key, $0.value] }
        case .unary(_, let e): [e]
        case .binary(_, let a, let b): [a, b]
        case .conditional(let a, let b, let c): [a, b, c]
        }
    }
}

public enum Literal: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
}

public enum UnaryOperator: String, Sendable {
    case not = "!"
    case negate = "-"
}

public enum BinaryOperator: String, Sendable, CaseIterable {
    case or = "||", and = "&&"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">=", `in` = "in"
    case add = "+", subtract = "-"
    case multiply = "*", divide = "/", remainder = "%"

    /// Higher binds tighter.
    var precedence: Int {
        switch self {
        case .or: 1
        case .and: 2
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .in: 3
        case .add, .subtract: 4
        case .multiply, .divide, .remainder: 5
        }
    }
}

/// Macros (`all`, `exists`, `map`, `has` …) stay calls in the tree so printing gives the source back.
public indirect enum ExprKind: Sendable {
    case literal(Literal)
    case ident(String)
    case select(Expr, field: String)
    case index(Expr, Expr)
    case call(target: Expr?, function: String, args: [Expr])
    case list([Expr])
    case map([(key: Expr, value: Expr)])
    case unary(UnaryOperator, Expr)
    case binary(BinaryOperator, Expr, Expr)
    case conditional(Expr, Expr, Expr)
}
