import CaseflowEngine
import CaseflowModel
import CaseflowRules
import CaseflowStore
import Foundation
import CaseflowTestSupport

/// Real engine runs to store: a small deal workflow (intake with an SLA and an escalation ladder,
/// a decision, an approval gate) and the shipped sales process.
enum TestCases {
    static let workflow = """
        kind: workflow
        id: deal
        version: 1
        calendar: office
        roles: [rep, boss]
        data:
          amount: { type: number, min: 0 }
          grade: { type: string, enum: [big, small] }
          signed: { type: timestamp }
          tags: { type: list<string> }
        start: intake
        stages:
          intake:
            role: rep
            requires: [amount]
            sla: { due: 2 business days, warn: 80%, escalation: ladder }
            next: grading
          grading:
            decide: grade
            next:
              - when: grade == "big"
                to: approval
              - to: won
          approval:
            gate: { approvers: [boss], quorum: 1, four_eyes: true, on_reject: lost }
            next: won
          won: { end: won }
          lost: { end: lost }
        """

    static let policies = """
        kind: calendar
        id: office
        timezone: Asia/Shanghai
        hours:
          mon-fri: "09:00-12:00, 13:00-18:00"
        ---
        kind: directory
        id: staff
        people:
          ann: { name: Ann, roles: [rep] }
          ben: { name: Ben, roles: [boss] }
          cat: { name: Cat, roles: [boss] }
        ---
        kind: escalation
        id: ladder
        levels:
          - at: breach
            notify: [owner]
          - at: breach + 1 business day
            goto: lost
        ---
        kind: decision
        id: grade
        hit: first
        rules:
          - when: amount > 10.0
            set: { grade: "big" }
          - set: { grade: "small" }
        """

    static let engine: Engine = {
        let files = [DefinitionLoader.File(path: "deal.yaml", bytes: Array(workflow.utf8)),
                     DefinitionLoader.File(path: "policies.yaml", bytes: Array(policies.utf8))]
        let loaded = DefinitionLoader.load(files)
        precondition(!loaded.hasErrors, "test workflow: \(loaded.diagnostics)")
        do {
            return Engine(catalog: try WorkflowCompiler.compileAll(loaded.definitions))
        } catch {
            fatalError("test workflow does not compile: \(error)")
        }
    }()

    /// Monday 2026-03-02 09:00 in Shanghai.
    static let monday = Instant(millis: 1_772_413_200_000)
    static let hour: Int64 = 3_600_000

    /// One case's writes, command by command, as the daemon would commit them.
    static func writes(caseID: String, amount: Double = 50.0, approve: Bool = true, start: Instant = monday,
                       tags: [String] = ["new", "vip"], comment: String = "fine") throws -> [CaseWrite] {
        let e = engine
        var out: [CaseWrite] = []
        var state: CaseState
        func record(_ r: Result<Outcome, Refusal>, at now: Instant) throws -> CaseState {
            let outcome = try r.get()
            out.append(try CaseWrite(outcome: outcome, engine: e, expectedVersion: outcome.state.sequence - outcome.events.count, at: now))
            return outcome.state
        }
        var now = start
        state = try record(e.open(caseID: caseID, workflow: "deal", data: [("tags", .list(tags.map { .string($0) }))],
                                  by: "ann", at: now), at: now)
        now = now + 5 * hour
        state = try record(e.handle(.setData([("amount", .double(amount)), ("signed", .string("2026-03-01T10:00:00+08:00"))]),
                                    on: state, by: "ann", at: now), at: now)
        now = now + 20 * hour
        state = try record(e.handle(.complete(task: nil, data: []), on: state, by: "ann", at: now), at: now)
        if state.isOpen {
            now = now + hour
            let vote: Command = approve ? .approve(comment: comment) : .reject(reason: "too big")
            state = try record(e.handle(vote, on: state, by: "ben", at: now), at: now)
        }
        return out
    }

    /// A case left open in intake with its SLA running, and one that breached and escalated.
    static func openCase(caseID: String, at start: Instant = monday, advancedBy: Int64 = 0) throws -> [CaseWrite] {
        let e = engine
        let opened = try e.open(caseID: caseID, workflow: "deal", data: [], by: "ann", at: start).get()
        var writes = [try CaseWrite(outcome: opened, engine: e, expectedVersion: 0, at: start)]
        if advancedBy > 0 {
            let later = e.advance(opened.state, to: start + advancedBy)
            writes.append(try CaseWrite(outcome: later, engine: e, expectedVersion: opened.state.sequence, at: start + advancedBy))
        }
        return writes
    }

    static func temporaryDirectory() throws -> URL {
        let dir = Scratch.path("caseflow-store")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
