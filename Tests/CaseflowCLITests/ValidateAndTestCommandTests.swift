import CaseflowTestSupport
import Foundation
import Testing

@Suite struct ValidateAndTestCommandTests {
    @Test func theShippedDefinitionsValidateClean() throws {
        let r = try CLIProcess.run(["validate"])
        #expect(r.status == 0)
        #expect(r.stdout == "")
        #expect(r.stderr.contains("0 errors"))
    }

    @Test func brokenFilesExitOneWithPositionsAsTextAndJSON() throws {
        let fixture = "Tests/CaseflowModelTests/Fixtures/broken/unknown-references.yaml"
        let policies = "Tests/CaseflowModelTests/Fixtures/policies.yaml"
        let text = try CLIProcess.run(["validate", policies, fixture])
        #expect(text.status == 1)
        #expect(text.stdout.contains("\(fixture):12:16: error: requires 'amout' is not a data field (did you mean 'amount'?)"))
        let json = try CLIProcess.run(["validate", "--format", "json", policies, fixture])
        #expect(json.status == 1)
        let items = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        let first = try #require(items?.first)
        #expect(first["file"] as? String == fixture)
        #expect(first["line"] as? Int == 4)
        #expect(first["column"] as? Int == 11)
        #expect(first["severity"] as? String == "error")
    }

    @Test func expressionErrorsPointInsideTheYAMLScalar() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cf-expr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
        kind: workflow
        id: w
        version: 1
        roles: [rep]
        data:
          budget: { type: number }
        start: a
        stages:
          a:
            role: rep
            next:
              - when: budgett > 5.0
                to: done
              - when: |
                  budget > 1.0 &&
                    budget < "x"
                to: done
              - to: done
          done: { end: won }
        """.write(to: dir.appendingPathComponent("w.yaml"), atomically: true, encoding: .utf8)
        let r = try CLIProcess.run(["validate", "w.yaml"], in: dir)
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("w.yaml:12:15: error: unknown name 'budgett' (did you mean 'budget'?)") == true)
        #expect(lines.last?.hasPrefix("w.yaml:16:13: error: operator '<' cannot compare double and string") == true)
    }

    @Test func theShippedScenariosPassInAnyTimeZone() throws {
        for tz in ["UTC", "America/Los_Angeles", "Pacific/Chatham"] {
            let r = try CLIProcess.run(["test"], environment: ["TZ": tz])
            #expect(r.status == 0, "TZ=\(tz): \(r.stdout)")
            #expect(r.stdout.contains(" passed, 0 failed"))
        }
    }

    @Test func aFailingScenarioPrintsExpectedAndActual() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cf-scn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("s.yaml")
        try """
        kind: scenario
        id: wrong-stage
        workflow: service-sales
        clock: 2026-03-02T09:00:00+08:00
        steps:
          - open: { by: alice, data: { customer: Acme, channel: referral } }
          - expect: { stage: contract }
          - complete: { by: bob }
        """.write(to: file, atomically: true, encoding: .utf8)
        let r = try CLIProcess.run(["test", file.path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("s.yaml:7:5: expect: expected stage contract, actual prospecting"))
        #expect(r.stdout.contains("s.yaml:8:5: complete: refused: bob may not complete the stage at stage prospecting: that needs role sales_rep"))
        #expect(r.stdout.contains("0 passed, 1 failed"))
    }

    /// Two stages whose ladders send a case to each other at every breach: a long wait once ran
    /// until it was killed (8.6 GB after two minutes). The wait step stops and says why.
    @Test func timersThatLoopStopTheWaitWithAReason() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cf-loop-\(UUID().uuidString)")
        let workflows = dir.appendingPathComponent("W"), policies = dir.appendingPathComponent("P")
        for d in [workflows, policies] { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
        kind: directory
        id: people
        people:
          alice: { name: Alice, roles: [rep] }
        """.write(to: policies.appendingPathComponent("people.yaml"), atomically: true, encoding: .utf8)
        try """
        kind: workflow
        id: loop
        version: 1
        roles: [rep]
        start: a
        stages:
          a: { role: rep, sla: { due: 1m, escalation: [ { at: breach, goto: b } ] }, next: e }
          b: { role: rep, sla: { due: 1m, escalation: [ { at: breach, goto: a } ] }, next: e }
          e: { end: won }
        """.write(to: workflows.appendingPathComponent("loop.yaml"), atomically: true, encoding: .utf8)
        let scenario = dir.appendingPathComponent("s.yaml")
        try """
        kind: scenario
        id: bounce
        workflow: loop
        clock: 2026-03-02T09:00:00Z
        steps:
          - open: { by: alice }
          - wait: 1000w
          - expect: { stage: a }
        """.write(to: scenario, atomically: true, encoding: .utf8)
        let r = try CLIProcess.run(["test", scenario.path, "--workflows", workflows.path, "--policies", policies.path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("s.yaml:7:5: wait: the wait fired more than 100000 events and was stopped: timers are sending the case "
                                  + "round a loop (through stages a, b)"), "\(r.stdout)")
        #expect(r.stdout.contains("0 passed, 1 failed"))
    }
}
