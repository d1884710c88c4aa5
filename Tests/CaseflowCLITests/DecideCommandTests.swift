import CaseflowTestSupport
import Testing

/// `caseflow decide` runs a shipped decision table as its workflow would.
@Suite struct DecideCommandTests {
    @Test func firstHitAndCollectTables() throws {
        let high = try CLIProcess.run(["decide", "customer-potential", "--data", #"{"budget": 800000, "intent": 8}"#])
        #expect(high.status == 0)
        #expect(high.stdout == "{\"set\":{\"potential\":\"high\"},\"rules\":[1]}\n")
        let low = try CLIProcess.run(["decide", "customer-potential", "--data", #"{"budget": 5.0, "intent": 1}"#])
        #expect(low.stdout == "{\"set\":{\"potential\":\"low\"},\"rules\":[3]}\n")
        let routing = try CLIProcess.run(["decide", "ticket-routing", "--data", #"{"category": "hardware", "priority": "P1"}"#])
        #expect(routing.stdout == "{\"set\":{\"skills\":[\"hardware\",\"field_service\",\"major_incident\",\"first_line\"]},\"rules\":[1,5,6,7]}\n")
    }

    @Test func badInputIsRefusedWithAReason() throws {
        let unknown = try CLIProcess.run(["decide", "customer-potentail"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no decision 'customer-potentail' (did you mean 'customer-potential'?)"))
        let typed = try CLIProcess.run(["decide", "customer-potential", "--data", #"{"budget": "lots"}"#])
        #expect(typed.status == 1)
        #expect(typed.stderr.contains("budget: expected a number, found the text \"lots\""))
        // The fields' min and max, as a case would refuse them (a negative budget was decided "low").
        let negative = try CLIProcess.run(["decide", "customer-potential", "--data", #"{"budget": -1.0, "intent": 11}"#])
        #expect(negative.status == 1, "\(negative.stdout)")
        #expect(negative.stderr.contains("budget: -1.0 is below the minimum") && negative.stderr.contains("intent: 11 is above the maximum"),
                "\(negative.stderr)")
        let unset = try CLIProcess.run(["decide", "customer-potential", "--data", "{}"])
        #expect(unset.status == 1)
        #expect(unset.stderr.contains("budget"))
        // Data that is not a JSON object is a usage error (64), as in eval (it exited 1).
        let notJSON = try CLIProcess.run(["decide", "customer-potential", "--data", "x"])
        #expect(notJSON.status == 64 && notJSON.stderr.contains("--data is not valid JSON"), "\(notJSON.status) \(notJSON.stderr)")
        let setsNow = try CLIProcess.run(["eval", "now", "--data", #"{"now": "x"}"#, "--now", "2026-01-01T00:00:00Z"])
        #expect(setsNow.status == 64 && setsNow.stderr.contains("--data may not set `now`"), "\(setsNow.status) \(setsNow.stdout) \(setsNow.stderr)")
        let evalNotJSON = try CLIProcess.run(["eval", "1", "--data", "notjson"])
        #expect(evalNotJSON.status == 64 && evalNotJSON.stderr.contains("--data is not valid JSON"), "\(evalNotJSON.status) \(evalNotJSON.stderr)")
    }
}
