/// Field selection, `has()`, indexing, and list and map construction.
final class SelectNode: Node, @unchecked Sendable {
    let target: Node
    let field: String
    init(_ target: Node, _ field: String, _ range: Range<Int>, _ text: String) {
        self.target = target
        self.field = field
        super.init(range, text)
    }
    override var isVariable: Bool { true }

    override func eval(_ env: inout Env) throws(EvaluationError) -> Value {
        let t = try target.eval(&env)
        switch t {
        case .map(let m):
            guard let v = m[string: field] else { throw fail("no such key '\(field)' in '\(target.text)'") }
            return v
        case .object(let o):
            return o.fields[field] ?? .null
        default:
            throw target.mustBe("a map or object to select '\(field)'", t)
        }
    }
}

final class HasNode: Node, @unchecked Sendable {
    let target: Node
    let field: String
    init(_ target: Node, _ field: String, _ range: Range<Int>, _ text: String) {
        self.target = target
        self.field = field
        super.init(range, text)
    }
    override func eval(_ env: inout Env) throws(EvaluationError) -> Value { .bool(try evalBool(&env)) }
    override func evalBool(_ env: inout Env) throws(EvaluationError) -> Bool {
        let t = try target.eval(&env)
        switch t {
        case .map(let m): return m[string: field] != nil
        case .object(let o): return !(o.fields[field]?.isNull ?? true)
        default: throw target.mustBe("a map or object for has()", t)
        }
    }
}

final class IndexNode: Node, @unchecked Sendable {
    let target: Node, index: Node
    init(_ target: Node, _ index: Node, _ range: Range<Int>, _ text: String) {
        self.target = target
        self.index = index
        super.init(range, text)
    }
    override var isVariable: Bool { true }

    override func eval(_ env: inout Env) throws(EvaluationError) -> Value {
        let t = try target.eval(&env)
        let i = try index.eval(&env)
        switch t {
        case .list(let items):
            let position: Int64
            switch i {
            case .int(let v): position = v
            case .uint(let v): position = v > UInt64(Int64.max) ? -1 : Int64(v)
            case .double(let d) where d.rounded(.towardZero) == d && abs(d) < 1e18: position = Int64(d)
            default: throw index.mustBe("an int index", i)
            }
            guard position >= 0, position < items.count else {
                throw fail("index \(position) out of range in '\(text)' (size \(items.count))")
            }
            return items[Int(position)]
        case .map(let m):
            guard let v = m[i] else { throw fail("no such key \(JSONPrinter.print(i)) in '\(target.text)'") }
            return v
        default:
            throw target.mustBe("a list or map to index", t)
        }
    }
}

final class ListNode: Node, @unchecked Sendable {
    let items: [Node]
    init(_ items: [Node], _ range: Range<Int>, _ text: String) {
        self.items = items
        super.init(range, text)
    }
    override func eval(_ env: inout Env) throws(EvaluationError) -> Value {
        var out: [Value] = []
        out.reserveCapacity(items.count)
        for item in items { out.append(try item.eval(&env)) }
        return .list(out)
    }
}

final class MapNode: Node, @unchecked Sendable {
    let entries: [(key: Node, value: Node)]
    init(_ entries: [(key: Node, value: Node)], _ range: Range<Int>, _ text: String) {
        self.entries = entries
        super.init(range, text)
    }
    override func eval(_ env: inout Env) throws(EvaluationError) -> Value {
        var m = MapValue()
        for e in entries {
            let k = try e.key.eval(&env)
            switch k {
            case .string, .int, .uint, .bool: break
            default: throw e.key.mustBe("a string, int, uint or bool map key", k)
            }
            guard m[k] == nil else { throw e.key.fail("duplicate map key \(JSONPrinter.print(k)) in '\(text)'") }
            m[k] = try e.value.eval(&env)
        }
        return .map(m)
    }
}
