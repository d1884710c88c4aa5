import CaseflowEngine
import CaseflowModel
import CaseflowRules
import Testing

/// The `case` object is built only for workflows whose expressions read it; those that do see
/// it as it stands at each step.
@Suite struct CaseObjectTests {
    static let definitions = """
        kind: workflow
        id: routed
        version: 1
        roles: [rep]
        data:
          note: { type: string }
        start: intake
        stages:
          intake:
            role: rep
            next:
              - when: case.opened_by == "ann" && case.stage == "intake" && case.workflow == "routed"
                to: by_ann
              - to: by_other
          by_ann: { end: ann }
          by_other: { end: other }
        ---
        kind: workflow
        id: plain
        version: 1
        roles: [rep]
        start: intake
        stages:
          intake: { role: rep, next: done }
          done: { end: done }
        ---
        kind: directory
        id: staff
        people:
          ann: { name: Ann, roles: [rep] }
          bob: { name: Bob, roles: [rep] }
        """

    static func engine() throws -> Engine {
        let loaded = DefinitionLoader.load([DefinitionLoader.File(path: "routed.yaml", bytes: Array(definitions.utf8))])
        let problems = loaded.diagnostics.map(\.description)
        #expect(!loaded.hasErrors, "\(problems)")
        return Engine(catalog: try WorkflowCompiler.compileAll(loaded.definitions))
    }

    @Test func conditionsReadTheCaseAsItStands() throws {
        let engine = try Self.engine()
        let t0 = Instant(millis: 1_772_413_200_000)
        for (opener, outcome) in [("ann", "ann"), ("bob", "other")] {
            let opened = try engine.open(caseID: "c-\(opener)", workflow: "routed", data: [], by: opener, at: t0).get()
            let done = try engine.handle(.complete(task: nil, data: []), on: opened.state, by: "bob", at: t0 + 1000).get()
            #expect(done.state.outcome == outcome)
        }
        #expect(engine.catalog.workflow("routed")?.readsCaseObject == true)
    }

    @Test func workflowsThatDoNotReadItDoNotBuildIt() throws {
        let engine = try Self.engine()
        #expect(engine.catalog.workflow("plain")?.readsCaseObject == false)
        let opened = try engine.open(caseID: "p1", workflow: "plain", data: [], by: "ann", at: Instant(millis: 0)).get()
        let caseSlot = try #require(engine.catalog.workflow("plain")).scope.caseSlot
        #expect(opened.state.slots[caseSlot].isNull)
    }
}
