import Testing
@testable import CaseflowRules

@Suite struct DecisionTableTests {
    static let decls: Declarations = {
        var d = Declarations()
        d.declare("budget", .double)
        d.declare("intent", .int)
        return d
    }()

    func rule(_ i: Int, _ when: String?, _ outputs: [(String, Value)]) -> DecisionRule {
        let condition = when.map { source -> Program in
            guard case .success(let p) = compile(source, Self.decls, expecting: .bool) else { fatalError("bad test rule \(source)") }
            return p
        }
        return DecisionRule(index: i, condition: condition, outputs: outputs.map { (field: $0.0, value: $0.1) })
    }

    func table(_ hit: HitPolicy, withDefault: Bool = true) -> DecisionTable {
        var rules = [
            rule(0, "budget >= 500000.0 && intent >= 7", [("potential", "high")]),
            rule(1, "budget >= 100000.0", [("potential", "medium")]),
        ]
        if withDefault { rules.append(rule(2, nil, [("potential", "low")])) }
        return DecisionTable(id: "customer-potential", hit: hit, rules: rules)
    }

    func act(_ budget: Value, _ intent: Value) -> Activation { Activation([budget, intent]) }

    @Test func firstTakesTheFirstMatch() throws {
        let o = try table(.first).evaluate(act(600_000.0, 8)).get()
        #expect(o.matchedRules == [0])
        #expect(o.outputs.map(\.value) == ["high"])
        #expect(try table(.first).evaluate(act(10.0, 1)).get().matchedRules == [2])
    }

    @Test func firstWithoutDefaultFailsWhenNothingMatches() {
        guard case .failure(let e) = table(.first, withDefault: false).evaluate(act(10.0, 1)) else { Issue.record("expected failure"); return }
        #expect(e.table == "customer-potential")
        #expect(e.message.contains("no rule matched"))
    }

    @Test func uniqueRejectsTwoMatches() {
        guard case .failure(let e) = table(.unique).evaluate(act(600_000.0, 8)) else { Issue.record("expected failure"); return }
        #expect(e.rules == [0, 1])
        #expect(e.message == "decision 'customer-potential' (hit: unique): rules 1, 2 all matched")
    }

    @Test func uniqueUsesTheDefaultOnlyWhenNothingElseMatches() throws {
        #expect(try table(.unique).evaluate(act(200_000.0, 1)).get().matchedRules == [1])
        #expect(try table(.unique).evaluate(act(1.0, 1)).get().matchedRules == [2])
    }

    @Test func anyNeedsAgreement() throws {
        guard case .failure(let e) = table(.any).evaluate(act(600_000.0, 8)) else { Issue.record("expected failure"); return }
        #expect(e.message.contains("different outputs"))
        let agreeing = DecisionTable(id: "t", hit: .any, rules: [
            rule(0, "budget > 1.0", [("x", 1)]), rule(1, "budget > 2.0", [("x", 1.0)]),
        ])
        let o = try agreeing.evaluate(act(5.0, 1)).get()
        #expect(o.matchedRules == [0, 1])
        guard case .failure = agreeing.evaluate(act(0.0, 1)) else { Issue.record("expected no match"); return }
    }

    @Test func collectGathersLists() throws {
        let o = try table(.collect).evaluate(act(600_000.0, 8)).get()
        #expect(o.matchedRules == [0, 1, 2])
        #expect(o.outputs.first?.value == ["high", "medium", "low"])
        let none = try table(.collect, withDefault: false).evaluate(act(1.0, 1)).get()
        #expect(none.outputs.first?.value == [])
    }

    @Test func conditionErrorsNameTheRule() {
        guard case .failure(let e) = table(.first).evaluate(act(nil, 8)) else { Issue.record("expected failure"); return }
        #expect(e.rules == [0])
        #expect(e.message == "decision 'customer-potential' rule 1: budget is not set (null)")
    }

    @Test func outputTypes() throws {
        let types = try table(.first).outputTypes.get()
        #expect(types.map(\.field) == ["potential"])
        #expect(types.map(\.type) == [.string])
        #expect(try table(.collect).outputTypes.get().map(\.type) == [.list(.string)])
        let bad = DecisionTable(id: "t", hit: .first, rules: [rule(0, nil, [("x", 1)]), rule(1, nil, [("x", "a")])])
        guard case .failure(let e) = bad.outputTypes else { Issue.record("expected type error"); return }
        #expect(e.problems == ["rule 2 sets 'x' to string, but an earlier rule sets it to int"])
    }
}
