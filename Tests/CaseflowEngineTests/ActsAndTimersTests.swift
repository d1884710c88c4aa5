import CaseflowEngine
import CaseflowModel
import CaseflowRules
import Testing

/// Every act records the role it was done under; a `wait` that fires late says by how much.
@Suite struct ActsAndTimersTests {
    static let definitions = """
        kind: workflow
        id: deal
        version: 1
        roles: [rep, boss, money]
        data:
          amount: { type: number, min: 0 }
        start: intake
        stages:
          intake: { role: rep, next: approval }
          approval:
            gate: { approvers: [boss, money], quorum: all, on_reject: intake }
            next: cooling
          cooling: { wait: 1d, next: won }
          won: { end: won }
        ---
        kind: directory
        id: staff
        people:
          ann: { name: Ann, roles: [rep] }
          ben: { name: Ben, roles: [boss, money] }
          cat: { name: Cat, roles: [boss] }
          ada: { name: Ada, roles: [admin] }
        """

    static func engine() throws -> Engine {
        let loaded = DefinitionLoader.load([DefinitionLoader.File(path: "deal.yaml", bytes: Array(definitions.utf8))])
        #expect(!loaded.hasErrors, "\(loaded.diagnostics)")
        return Engine(catalog: try WorkflowCompiler.compileAll(loaded.definitions))
    }

    @Test func actsRecordTheirRoleAndLateWaitsTheirLateness() throws {
        let engine = try Self.engine()
        let t0 = Instant(millis: 1_772_413_200_000)
        var state = try engine.open(caseID: "d1", workflow: "deal", data: [], by: "ann", at: t0).get().state
        let done = try engine.handle(.complete(task: nil, data: []), on: state, by: "ann", at: t0 + 1000, stage: "intake").get()
        #expect(done.events.first { $0.kind.name == "stage_completed" }?.role == "rep")
        state = done.state
        // cat counts for boss, so ben's vote is the one that covers money.
        state = try engine.handle(.approve(comment: nil), on: state, by: "cat", at: t0 + 2000).get().state
        let passed = try engine.handle(.approve(comment: nil), on: state, by: "ben", at: t0 + 3000, stage: "approval").get()
        let vote = try #require(passed.events.first { $0.kind.name == "vote_cast" })
        #expect(vote.role == "money")
        #expect(passed.events.allSatisfy { $0.actor != "system" || $0.role == nil })
        state = passed.state
        // The daemon was down: the one-day wait fires two days late.
        let later = engine.advance(state, to: t0 + 3000 + 3 * 86_400_000)
        guard case .stageCompleted("cooling", let late)? = later.events.first?.kind else {
            Issue.record("the wait did not fire: \(later.events.map(\.kind.name))")
            return
        }
        #expect(late == Int64(2 * 86_400_000))
        #expect(later.state.status == .closed)
    }

    @Test func aCommandForAnotherStageChangesNothing() throws {
        let engine = try Self.engine()
        let t0 = Instant(millis: 1_772_413_200_000)
        let state = try engine.open(caseID: "d1", workflow: "deal", data: [], by: "ann", at: t0).get().state
        let r = engine.handle(.complete(task: nil, data: []), on: state, by: "ann", at: t0 + 1000, stage: "approval")
        guard case .failure(let refusal) = r else { Issue.record("accepted"); return }
        #expect(refusal.code == .conflict)
        #expect(refusal.message == "this complete is meant for stage approval, but case d1 is at stage intake now; nothing was done")
    }
}

/// At a stage no role works (a gate), the rule and its message agree: only an admin may change data.
@Suite struct GateDataTests {
    @Test func onlyAnAdminChangesDataAtAGateAndTheRefusalSaysSo() throws {
        let engine = try ActsAndTimersTests.engine()
        let t0 = Instant(millis: 1_772_413_200_000)
        var state = try engine.open(caseID: "d1", workflow: "deal", data: [], by: "ann", at: t0).get().state
        state = try engine.handle(.complete(task: nil, data: []), on: state, by: "ann", at: t0 + 1000).get().state
        let refused = engine.handle(.setData([("amount", .double(5))]), on: state, by: "ann", at: t0 + 2000)
        #expect(refused.failure?.code == .forbidden)
        #expect(refused.failure?.message == "stage approval is a gate (approve or reject), which no role works; only an admin may change data there")
        let admin = try engine.handle(.setData([("amount", .double(5))]), on: state, by: "ada", at: t0 + 2000).get()
        #expect(admin.events.first?.role == "admin")
    }
}
