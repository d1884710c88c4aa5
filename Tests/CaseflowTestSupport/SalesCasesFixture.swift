import CaseflowEngine
import CaseflowFiles
import CaseflowModel
import CaseflowRules
import CaseflowStore
import Foundation

/// Running sales cases on version 1 of the shipped process, written to a store through the
/// engine: a third standing at negotiation, a third at discount approval with one vote cast, a
/// third at contract.
public enum SalesCasesFixture {
    public static var engine: Engine {
        let result = DefinitionFiles.load(["Workflows", "Policies"].map { CLIProcess.repository.appendingPathComponent($0).path })
        return Engine(catalog: (try? WorkflowCompiler.compileAll(result.definitions)) ?? WorkflowCatalog(directory: PeopleDirectory(roles: [:])))
    }

    /// An hour ago: the cases are running now, their clocks not yet out.
    public static var start: Instant { Instant(millis: Int64(Date().timeIntervalSince1970 * 1000) - 3_600_000) }

    /// Writes `count` cases; returns their ids with the stage each stands at.
    public static func write(_ count: Int, to store: any CaseStore) async throws -> [(id: String, stage: String)] {
        let engine = Self.engine
        var out: [(id: String, stage: String)] = []
        try await withThrowingTaskGroup(of: (id: String, stage: String).self) { group in
            for i in 0..<count {
                group.addTask { try await one(i, engine, store) }
                if i >= 32, let r = try await group.next() { out.append(r) }
            }
            for try await r in group { out.append(r) }
        }
        return out.sorted { $0.id < $1.id }
    }

    private static func one(_ i: Int, _ engine: Engine, _ store: any CaseStore) async throws -> (id: String, stage: String) {
        let id = String(format: "m-%06d", i)
        var now = start + Int64(i % 50) * 60_000
        var outcome = try engine.open(caseID: id, workflow: "service-sales", version: 1,
                                      data: [("customer", .string("Customer \(i)")), ("channel", "referral")], by: "alice", at: now).get()
        var events = outcome.events
        let discount = i % 3 == 0 ? 0.1 : 0.25
        var steps: [(String, Command)] = [
            ("alice", .complete(task: nil, data: [])),
            ("alice", .complete(task: nil, data: [("budget", .double(800_000)), ("intent", .int(8))])),
            ("alice", .complete(task: nil, data: [("needs_summary", "ERP")])),
            ("bob", .complete(task: "internal_discussion", data: [])),
            ("alice", .complete(task: "customer_review", data: [])),
            ("pat", .complete(task: "presentation", data: [])),
            ("alice", .complete(task: nil, data: [])),
        ]
        switch i % 3 {
        case 0: steps.append(("alice", .complete(task: nil, data: [("quote_amount", .double(1_200_000)), ("discount", .double(discount))])))
        case 1: steps += [("alice", .complete(task: nil, data: [("quote_amount", .double(1_200_000)), ("discount", .double(discount))])),
                          ("dana", .approve(comment: "fine"))]
        default: break
        }
        for (who, command) in steps {
            now = now + 60_000
            outcome = try engine.handle(command, on: outcome.state, by: who, at: now).get()
            events += outcome.events
        }
        try await store.commit(CaseWrite(caseID: id, expectedVersion: 0, events: events,
                                         snapshot: try StoredCase(state: outcome.state, engine: engine, updatedAt: now)))
        let workflow = engine.workflow(of: outcome.state)
        return (id, workflow?.stages[outcome.state.stage].id ?? "?")
    }
}
