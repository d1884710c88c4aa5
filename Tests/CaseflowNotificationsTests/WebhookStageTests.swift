import CaseflowEngine
import CaseflowModel
import CaseflowRules
import CaseflowServer
import Foundation
import Testing
@testable import CaseflowNotifications

/// A webhook's `stage` is the stage its event happened at. A completion's `sla_met` and
/// `stage_completed` went out with the stage the case entered next.
@Suite struct WebhookStageTests {
    /// Each webhook's event type and the stage its envelope names.
    static func stages(_ planned: PlannedNotifications) -> [String: String] {
        var stageOf: [String: String] = [:]
        for d in planned.deliveries {
            guard case .success(.map(let m)) = JSONParser.parse(d.payload), case .string(let type)? = m[string: "type"],
                  case .string(let stage)? = m[string: "stage"] else { continue }
            stageOf[type] = stage
        }
        return stageOf
    }

    @Test func eachEventCarriesItsOwnStage() throws {
        let loaded = DefinitionLoader.load([
            DefinitionLoader.File(path: "w.yaml", bytes: Array("""
                kind: workflow
                id: two
                version: 1
                roles: [rep]
                start: first
                stages:
                  first: { role: rep, sla: 1h, next: second }
                  second: { role: rep, sla: 1h, next: done }
                  done: { end: won }
                """.utf8)),
            DefinitionLoader.File(path: "p.yaml", bytes: Array("kind: directory\nid: people\npeople:\n  ann: { name: Ann, roles: [rep] }\n  ada: { name: Ada, roles: [admin] }\n".utf8)),
        ])
        #expect(!loaded.hasErrors, "\(loaded.diagnostics)")
        let engine = Engine(catalog: try WorkflowCompiler.compileAll(loaded.definitions))
        let start = Instant(millis: 1_772_413_200_000)
        let opened = try engine.open(caseID: "c1", workflow: "two", data: [], by: "ann", at: start).get()
        let completed = try engine.handle(.complete(task: nil, data: []), on: opened.state, by: "ann", at: start + 60_000).get()
        let planner = OutboxPlanner(endpoints: [WebhookEndpoint(name: "all", url: URL(string: "http://127.0.0.1:1/")!, secret: nil,
                                                                allEvents: true)], email: false, publicURL: nil)
        let workflow = try #require(engine.workflow(of: completed.state))
        let planned = planner.plan(completed.events, state: completed.state, workflow: workflow, directory: engine.directory)
        let stageOf = Self.stages(planned)
        #expect(stageOf["sla_met"] == "first", "\(stageOf)")
        #expect(stageOf["stage_completed"] == "first")
        #expect(stageOf["stage_entered"] == "second")
        #expect(stageOf["sla_started"] == "second")
        #expect(planned.deliveries.count == completed.events.count)

        // An admin's move leaves its stage without completing it: the clock that stops is the left stage's.
        let moved = try engine.handle(.move(to: "first", reason: "redo", reopen: false), on: completed.state, by: "ada", at: start + 120_000).get()
        let movedStage = Self.stages(planner.plan(moved.events, state: moved.state, workflow: workflow, directory: engine.directory))
        #expect(movedStage["sla_met"] == "second", "\(movedStage)")
        #expect(movedStage["moved"] == "first" && movedStage["stage_entered"] == "first")
    }
}
