@testable import CaseflowRules

/// Variables shared by the expression tables.
enum Fixture {
    static let declarations: Declarations = {
        var d = Declarations()
        d.declare("budget", .double)
        d.declare("potential", .string)
        d.declare("intent", .int)
        d.declare("tags", .list(.string))
        d.declare("scores", .map(.string, .int))
        d.declare("unset", .double)
        d.declare("nobody", .string)
        d.declare("case", .object(.caseObject))
        d.declare("now", .timestamp)
        d.declare("count", .uint)
        d.declare("anything", .dyn)
        d.declare("big", .int)
        d.declare("nums", .list(.int))
        d.declare("waiting", .bool)
        return d
    }()

    static let activation: Activation = {
        let ts = CELTimestamp(rfc3339: "2026-03-01T09:30:00Z")!
        return Activation(declarations, [
            "budget": .double(250_000),
            "potential": "medium",
            "intent": 7,
            "tags": ["vip", "north"],
            "scores": .stringMap([("a", 1), ("b", 2)]),
            "case": .object(ObjectValue(typeName: "case", fields: [
                "id": "c-1", "stage": "proposal", "opened_by": "alice", "workflow": "service-sales",
                "opened_at": .timestamp(ts),
            ])),
            "now": .timestamp(ts),
            "count": .uint(3),
            "anything": "text",
            "big": .int(Int64.max),
            "nums": [1, 2, 3, 4],
            "waiting": false,
        ])
    }()
}

/// A syntax tree printed with every node explicit and no positions, for comparing trees.
func dump(_ e: Expr) -> String {
    switch e.kind {
    case .literal(let l): return "\(l)"
    case .ident(let n): return "id(\(n))"
    case .select(let t, let f): return "sel(\(dump(t)),\(f))"
    case .index(let t, let i): return "idx(\(dump(t)),\(dump(i)))"
    case .call(let t, let f, let args): return "call(\(t.map(dump) ?? "-"),\(f),[\(args.map(dump).joined(separator: ","))])"
    case .list(let xs): return "list[\(xs.map(dump).joined(separator: ","))]"
    case .map(let es): return "map{\(es.map { dump($0.key) + ":" + dump($0.value) }.joined(separator: ","))}"
    case .unary(let op, let x): return "\(op.rawValue)(\(dump(x)))"
    case .binary(let op, let a, let b): return "(\(dump(a)) \(op.rawValue) \(dump(b)))"
    case .conditional(let c, let a, let b): return "cond(\(dump(c)),\(dump(a)),\(dump(b)))"
    }
}

enum Expected: Sendable {
    case value(Value)
    /// The evaluation fails with a message containing this text.
    case fails(String)
    /// Parsing or checking fails with a message containing this text.
    case rejected(String)
}

enum RunResult { case success(Value), failure(String) }

func run(_ source: String) -> RunResult {
    switch compile(source, Fixture.declarations) {
    case .failure(let d): return .failure("compile: " + d.map(\.message).joined(separator: "; "))
    case .success(let p):
        switch p.evaluate(Fixture.activation) {
        case .success(let v): return .success(v)
        case .failure(let e): return .failure("eval: " + e.message)
        }
    }
}
