/// The macros `all`, `exists`, `exists_one`, `map` and `filter` over a list (elements)
/// or a map (keys). The loop variable lives in a local slot.
final class ComprehensionNode: Node, @unchecked Sendable {
    enum Kind { case all, exists, existsOne, map, filter }

    let kind: Kind
    let range_: Node
    let local: Int
    let predicate: Node?
    let transform: Node?

    init(_ kind: Kind, over range_: Node, local: Int, predicate: Node?, transform: Node?, _ range: Range<Int>, _ text: String) {
        self.kind = kind
        self.range_ = range_
        self.local = local
        self.predicate = predicate
        self.transform = transform
        super.init(range, text)
    }

    override func eval(_ env: inout Env) throws(EvaluationError) -> Value {
        let source = try range_.eval(&env)
        let items: [Value]
        switch source {
        case .list(let l): items = l
        case .map(let m): items = m.entries.map(\.key)
        default: throw range_.mustBe("a list or map", source)
        }
        var firstError: EvaluationError?
        var count = 0
        var out: [Value] = []
        for item in items {
            env.steps += 1
            guard env.steps <= Limits.maxIterations else {
                throw failAtLimit("too many iterations in '\(text)' (at most \(Limits.maxIterations) per evaluation)")
            }
            env.locals[local] = item
            switch kind {
            case .all, .exists:
                do throws(EvaluationError) {
                    let ok = try predicate?.evalBool(&env) ?? false
                    if kind == .all, !ok { return .bool(false) }
                    if kind == .exists, ok { return .bool(true) }
                } catch {
                    firstError = firstError ?? error
                }
            case .existsOne:
                if try predicate?.evalBool(&env) ?? false { count += 1 }
            case .map:
                if let predicate, try !predicate.evalBool(&env) { continue }
                out.append(try transform?.eval(&env) ?? .null)
            case .filter:
                if try predicate?.evalBool(&env) ?? false { out.append(item) }
            }
        }
        if let firstError { throw firstError }
        switch kind {
        case .all: return .bool(true)
        case .exists: return .bool(false)
        case .existsOne: return .bool(count == 1)
        case .map, .filter: return .list(out)
        }
    }
}
