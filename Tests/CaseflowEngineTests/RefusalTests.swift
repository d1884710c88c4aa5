import CaseflowEngine
import CaseflowModel
import CaseflowRules
import Testing

/// A refused command says exactly why and changes nothing.
@Suite struct RefusalTests {
    let engine = Shipped.engine
    let t0 = Shipped.at("2026-03-02T09:00:00+08:00")

    func opened() throws -> CaseState {
        let r = engine.open(caseID: "c1", workflow: "service-sales", data: [("customer", "Acme"), ("channel", "referral")],
                            by: "alice", at: t0)
        return try r.get().state
    }

    @Test func dataViolationsAreAllListed() throws {
        let state = try opened()
        let r = engine.handle(.setData([("budget", "700"), ("intent", 11), ("potential", "huge"), ("stage", "won"), ("budgte", 1)]),
                              on: state, by: "alice", at: t0 + 60_000)
        guard case .failure(let refusal) = r else { Issue.record("accepted"); return }
        #expect(refusal.code == .invalidData)
        #expect(refusal.message == "budget: expected a number, found the text \"700\"; intent: 11 is above the maximum 10.0; "
                + "potential: the text \"huge\" is not one of \"high\", \"medium\", \"low\"; "
                + "'stage' is owned by the engine and cannot be written as data; unknown field 'budgte' (did you mean 'budget'?)")
    }

    @Test func requiredFieldsAtOpenAndRolesAreChecked() {
        let missing = engine.open(caseID: "c2", workflow: "service-sales", data: [], by: "alice", at: t0)
        #expect(missing.failure?.message == "required field missing: customer")
        let stranger = engine.open(caseID: "c3", workflow: "service-sales", data: [("customer", "A")], by: "sam", at: t0)
        #expect(stranger.failure?.code == .forbidden)
    }

    @Test func aRefusalLeavesTheCaseAsItWas() throws {
        let state = try opened()
        let r = engine.handle(.complete(task: nil, data: [("channel", .null)]), on: state, by: "alice", at: t0 + 1)
        #expect(r.failure?.message == "stage prospecting requires channel to be set before it completes")
        #expect(state.sequence == (try opened()).sequence)
    }

    @Test func inPlaceHandleChangesTheCaseOnlyWhenTheCommandSucceeds() throws {
        var state = try opened()
        let before = state
        let refused = engine.handle(.complete(task: nil, data: [("channel", .null)]), on: &state, by: "alice", at: t0 + 1)
        #expect(refused.failure?.message == "stage prospecting requires channel to be set before it completes")
        #expect(state == before)
        // Refused after two fields were written (and the SLA warning fired first): both are put back.
        let later = Shipped.at("2026-03-06T15:00:00+08:00")
        let twoFields = engine.handle(.complete(task: nil, data: [("budget", 7), ("channel", .null)]), on: &state, by: "alice", at: later)
        #expect(twoFields.failure?.message == "stage prospecting requires channel to be set before it completes")
        #expect(state == before)
        let byValue = try engine.handle(.complete(task: nil, data: [("budget", 5)]), on: before, by: "alice", at: t0 + 2).get()
        let events = try engine.handle(.complete(task: nil, data: [("budget", 5)]), on: &state, by: "alice", at: t0 + 2).get()
        #expect(state == byValue.state)
        #expect(state != before)
        #expect(events.map(\.kind) == byValue.events.map(\.kind))
        #expect(events.map { $0.why?.reason } == byValue.events.map { $0.why?.reason })
    }

    @Test func anIntIsANumberButNotTheOtherWayRound() throws {
        let state = try opened()
        let ok = engine.handle(.setData([("budget", 5)]), on: state, by: "alice", at: t0 + 1)
        #expect(try ok.get().state.slots[Shipped.engine.catalog.workflow("service-sales")!.fieldSlots["budget"]!] == .double(5))
        let bad = engine.handle(.setData([("intent", 5.0)]), on: state, by: "alice", at: t0 + 1)
        #expect(bad.failure?.message == "intent: expected an int, found double 5.0")
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let f) = self { return f }
        return nil
    }
}

/// A command that first fires overdue timers is still recorded at its own instant.
@Suite struct TimingTests {
    @Test func aCommandAfterOverdueTimersKeepsItsOwnInstant() throws {
        let engine = Shipped.engine
        let t0 = Shipped.at("2026-03-02T09:00:00+08:00")
        let opened = try engine.open(caseID: "c1", workflow: "service-sales", data: [("customer", "Acme"), ("channel", "referral")],
                                     by: "alice", at: t0).get()
        let later = Shipped.at("2026-03-09T15:00:00+08:00")   // past the 5-business-day breach, before the next level
        let done = try engine.handle(.complete(task: nil, data: []), on: opened.state, by: "alice", at: later).get()
        let breach = try #require(done.events.first { if case .slaBreached = $0.kind { return true } else { return false } })
        #expect(breach.at == Shipped.at("2026-03-09T09:00:00+08:00"))
        let completed = try #require(done.events.first { if case .stageCompleted = $0.kind { return true } else { return false } })
        #expect(completed.at == later)
        #expect(completed.actor == "alice")
    }
}
