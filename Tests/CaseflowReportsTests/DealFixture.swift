import CaseflowEngine
import CaseflowModel
import CaseflowRules
import CaseflowStore
import Foundation
import CaseflowTestSupport

/// A tiny deal workflow on an office calendar (Asia/Shanghai, 09:00–12:00 and 13:00–18:00 on
/// weekdays: an 8-hour business day) and four cases whose figures are worked out by hand in
/// `ReportBuilderTests` and `ReportSectionsTests`.
enum DealFixture {
    static let workflow = """
        kind: workflow
        id: deal
        version: 1
        calendar: office
        roles: [rep, boss]
        data:
          amount: { type: number, min: 0 }
          channel: { type: string }
        kpis:
          win_rate: { title: Win rate, rate: 'outcome == "won"', where: 'status == "closed"', target: 30% }
        start: intake
        stages:
          intake:
            role: rep
            requires: [amount]
            sla: 4 business hours
            next: approval
          approval:
            gate: { approvers: [boss], quorum: 1, four_eyes: true, on_reject: intake }
            next: won
          won: { end: won }
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
        """

    static func engine() throws -> Engine {
        let loaded = DefinitionLoader.load([
            DefinitionLoader.File(path: "deal.yaml", bytes: Array(workflow.utf8)),
            DefinitionLoader.File(path: "policies.yaml", bytes: Array(policies.utf8)),
        ])
        precondition(!loaded.hasErrors, "\(loaded.diagnostics)")
        return Engine(catalog: try WorkflowCompiler.compileAll(loaded.definitions))
    }

    /// Monday 2026-03-02 09:00 in Shanghai.
    static let monday = Instant(millis: 1_772_413_200_000)
    static func at(day: Int = 0, _ hour: Int, _ minute: Int = 0) -> Instant {
        monday + Int64(day) * 86_400_000 + Int64(hour - 9) * 3_600_000 + Int64(minute) * 60_000
    }

    /// One command of a case's script.
    enum Step {
        case run(Command, String, Instant)
        case advance(Instant)
    }

    static let complete = Command.complete(task: nil, data: [])

    /// All open on Monday 09:00 by ann, with channel web (c1, c2), fair (c3) or none (c4).
    /// c1: intake 2h, approved by ben after 1h (lunch does not count) → won at 12:30.
    /// c2: intake 1h, rejected by ben after 3h, intake again 3h, approved after 2h (overnight) → won Tuesday 10:00.
    /// c3: intake 5h (breached at 14:00, fired on time as the daemon does), cancelled at approval at 16:00.
    /// c4: still at intake on Tuesday, its 4h SLA breached on Monday at 14:00.
    static let channels: [String: String] = ["c1": "web", "c2": "web", "c3": "fair"]

    static func openingData(_ id: String) -> [(field: String, value: Value)] {
        [("amount", .double(50))] + (channels[id].map { [("channel", Value.string($0))] } ?? [])
    }

    static let scripts: [(String, [Step])] = [
        ("c1", [.run(complete, "ann", at(11)), .run(.approve(comment: nil), "ben", at(12, 30))]),
        ("c2", [.run(complete, "ann", at(10)), .run(.reject(reason: "price"), "ben", at(14)),
                .run(complete, "ann", at(17)), .run(.approve(comment: nil), "ben", at(day: 1, 10))]),
        ("c3", [.advance(at(15)), .run(complete, "ann", at(15)), .run(.cancel(reason: "duplicate"), "ann", at(16))]),
        ("c4", [.advance(at(day: 1, 9))]),
    ]

    /// Every case's events, produced by the engine.
    static func histories(_ engine: Engine) throws -> [(String, [CaseEvent])] {
        try scripts.map { id, steps in
            var outcome = try engine.open(caseID: id, workflow: "deal", data: openingData(id), by: "ann", at: monday).get()
            var events = outcome.events
            for step in steps {
                switch step {
                case .run(let command, let who, let when):
                    outcome = try engine.handle(command, on: outcome.state, by: who, at: when).get()
                case .advance(let when):
                    outcome = engine.advance(outcome.state, to: when)
                }
                events += outcome.events
            }
            return (id, events)
        }
    }

    /// The same cases committed to a fresh SQLite file, next to the definitions in
    /// `Workflows/` and `Policies/`; returns the folder.
    static func directory() async throws -> URL {
        let engine = try engine()
        let dir = Scratch.path("caseflow-reports")
        for (sub, name, text) in [("Workflows", "deal.yaml", workflow), ("Policies", "policies.yaml", policies)] {
            let folder = dir.appendingPathComponent(sub)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        let store = try SQLiteStore(path: dir.appendingPathComponent("caseflow.sqlite").path)
        for (id, steps) in scripts {
            var outcome = try engine.open(caseID: id, workflow: "deal", data: openingData(id), by: "ann", at: monday).get()
            try await store.commit(try CaseWrite(outcome: outcome, engine: engine, expectedVersion: 0, at: monday))
            for step in steps {
                let before = outcome.state.sequence
                let when: Instant
                switch step {
                case .run(let command, let who, let w):
                    when = w
                    outcome = try engine.handle(command, on: outcome.state, by: who, at: w).get()
                case .advance(let w):
                    when = w
                    outcome = engine.advance(outcome.state, to: w)
                }
                try await store.commit(try CaseWrite(outcome: outcome, engine: engine, expectedVersion: before, at: when))
            }
        }
        return dir
    }
}
