import CaseflowTestSupport
import ArgumentParser
import CaseflowEngine
import CaseflowReports
import Foundation
import Testing
@testable import CaseflowCLI

/// `caseflow simulate` on the shipped sales process: reproducible under a seed, and consistent.
@Suite struct SimulateTests {
    static let root = CLIProcess.repository

    func simulate(cases: Int, seed: UInt64, format: ReportFormat = .text) throws -> (String, Simulator.Summary) {
        var command = try #require(try CaseflowCommand.parseAsRoot([
            "simulate", "service-sales", "--cases", String(cases), "--seed", String(seed),
            "--workflows", Self.root.appendingPathComponent("Workflows").path,
            "--policies", Self.root.appendingPathComponent("Policies").path,
            "--durations", Self.root.appendingPathComponent("Simulations/service-sales.yaml").path,
        ]) as? SimulateCommand)
        command.report.format = format
        let loaded = try LoadedDefinitions.load(command.definitions.paths)
        let simulator = try command.makeSimulator(Engine(catalog: loaded.catalog), try #require(loaded.catalog.workflow("service-sales")))
        let summary = simulator.run(cases: cases)
        return (command.header(simulator) + format.render(summary.report), summary)
    }

    @Test func sameSeedSameBytesOtherSeedOtherResult() throws {
        let (a, _) = try simulate(cases: 60, seed: 7)
        let (b, _) = try simulate(cases: 60, seed: 7)
        let (c, _) = try simulate(cases: 60, seed: 8)
        #expect(a == b)
        #expect(a != c)
        let (j1, _) = try simulate(cases: 60, seed: 7, format: .json)
        let (j2, _) = try simulate(cases: 60, seed: 7, format: .json)
        #expect(j1 == j2)
    }

    @Test func reportAccountsForEveryCase() throws {
        let n = 120
        let (_, summary) = try simulate(cases: n, seed: 3)
        #expect(summary.stopped == 0, "\(summary.firstStop ?? "")")
        let p = try #require(summary.report.processes.first)
        #expect(p.cases == n)
        #expect(p.funnel.first?.stage == "prospecting")
        #expect(p.funnel.first?.entered == n)
        let ended = p.outcomes.closed.map(\.cases).reduce(0, +) + p.outcomes.cancelled + p.outcomes.open
        #expect(ended == n)
        #expect(p.outcomes.open == 0)
        // Every funnel step keeps no more cases than the first, and each gate decided something.
        #expect(p.funnel.allSatisfy { $0.entered <= n && $0.movedForward <= $0.entered })
        #expect((p.stages.first { $0.stage == "contract_approval" }?.gate?.passed ?? 0) > 0)
        #expect(!p.bottlenecks.isEmpty)
    }

    @Test func binaryIsReproducible() throws {
        let args = ["simulate", "service-sales", "--cases", "30", "--seed", "11", "--durations", "Simulations/service-sales.yaml"]
        let first = try CLIProcess.run(args)
        let second = try CLIProcess.run(args)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == second.stdout)
        #expect(first.stdout.hasPrefix("Simulation of 30 cases of service-sales: seed 11"))
    }

    /// Arguments at the edges of what can be simulated end with an error or a report, never a
    /// crash (each of these trapped: a rate of 1e308 or 1e-300 an hour, a start in year 9999, a
    /// durations file with a duration or a mean of 1e30).
    @Test func extremeArgumentsNeverCrash() throws {
        for rate in ["1e308/h", "1e-300/h"] {
            let r = try CLIProcess.run(["simulate", "service-sales", "--cases", "5", "--arrivals", rate])
            #expect(r.status == 64, "\(rate): \(r.stderr)")
            #expect(r.stderr.contains("is not a rate between 0.001 and 1,000,000 a unit"), "\(r.stderr)")
        }
        for start in ["9999-12-31", "9999-12-31T23:59:59Z", "1800-01-01"] {
            let r = try CLIProcess.run(["simulate", "service-sales", "--cases", "5", "--start", start, "--every", "month"])
            #expect(r.status == 64, "\(start): \(r.stderr)")
            #expect(r.stderr.contains("is outside what the calendars cover"), "\(r.stderr)")
        }
        // A negative number was read as an unknown flag: "Missing value for '--cases <cases>'".
        for (flag, value, message) in [("--cases", "-5", "--cases must be at least 1"), ("--arrivals", "-1/day", "is not a rate"),
                                        ("--seed", "-1", "--seed")] {
            var args = ["simulate", "service-sales", "--cases", "5", flag, value]
            if flag == "--cases" { args = ["simulate", "service-sales", "--cases", value] }
            let r = try CLIProcess.run(args)
            #expect(r.status == 64 && r.stderr.contains(message) && !r.stderr.contains("Missing value"), "\(flag) \(value): \(r.stderr)")
        }
        let dir = try Scratch.folder("caseflow-simulate-extreme")
        let file = dir.appendingPathComponent("durations.yaml")
        try "stages:\n  negotiation: { distribution: fixed, value: 1e30 }\ndata:\n  intent: { mean: 1e30, sd: 1 }\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let r = try CLIProcess.run(["simulate", "service-sales", "--cases", "5", "--durations", file.path])
        #expect(!r.stderr.contains("Fatal error") && r.status != 132 && r.status != 133, "\(r.status): \(r.stderr)")
    }

    /// A value to pick that the field does not allow had every case refused at opening, and the
    /// report said "Cases: 0" with exit 0: it is an error at its line now, like an unknown stage.
    @Test func dataValuesMustFitTheirFields() throws {
        let dir = try Scratch.folder("caseflow-simulate-values")
        let file = dir.appendingPathComponent("durations.yaml")
        try "data:\n  channel: { weights: { online: 3, tv: 1 } }\n".write(to: file, atomically: true, encoding: .utf8)
        let r = try CLIProcess.run(["simulate", "service-sales", "--cases", "20", "--durations", file.path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("durations.yaml:2:36: error: channel: 'tv' is not one of online, offline, exhibition, referral, search"),
                "\(r.stderr)")
        try "data:\n  intent: [3, 11]\n".write(to: file, atomically: true, encoding: .utf8)
        let high = try CLIProcess.run(["simulate", "service-sales", "--cases", "20", "--durations", file.path])
        #expect(high.stderr.contains("durations.yaml:2:15: error: intent: 11 is above the maximum 10"), "\(high.stderr)")
    }

    @Test func durationFileAndRates() throws {
        #expect(ArrivalRate.parse("20/day") == ArrivalRate(count: 20, unit: .day))
        #expect(ArrivalRate.parse("3/h") == ArrivalRate(count: 3, unit: .hour))
        #expect(ArrivalRate.parse("fast") == nil)
        #expect(ArrivalRate.parse("0/day") == nil)
        let engine = Engine(catalog: try LoadedDefinitions.load([Self.root.appendingPathComponent("Workflows").path,
                                                                 Self.root.appendingPathComponent("Policies").path]).catalog)
        let sales = try #require(engine.catalog.workflow("service-sales"))
        let plan = try SimulationPlan.parse("""
            approve: 0.5
            stages:
              negotiation: { distribution: uniform, min: 1d, max: 8d }
              contract: 2 business days
            data:
              discount: { min: 0, max: 0.1 }
            """, file: "t.yaml", workflow: sales, dayMillis: 8 * 3_600_000)
        #expect(plan.approve == 0.5)
        #expect(plan.stages["negotiation"] == StageDuration(distribution: .uniform(min: 86_400_000, max: 8 * 86_400_000), business: false))
        #expect(plan.stages["contract"] == StageDuration(distribution: .fixed(2 * 8 * 3_600_000), business: true))
        #expect(throws: SimulationPlan.Problem.self) {
            try SimulationPlan.parse("stages: { nowhere: 1d }", file: "t.yaml", workflow: sales, dayMillis: 1)
        }
        #expect(throws: SimulationPlan.Problem.self) {
            try SimulationPlan.parse("stages: { prospecting: { median: 1d, p90: 2 business days } }", file: "t.yaml", workflow: sales, dayMillis: 1)
        }
        // The generator: same seed, same draws.
        var a = SplitMix64(seed: 1), b = SplitMix64(seed: 1)
        #expect((0..<5).map { _ in a.next() } == (0..<5).map { _ in b.next() })
        var c = SplitMix64(seed: 0)
        #expect(c.next() == 0xE220_A839_7B1D_CDAF)  // SplitMix64's published first output for seed 0
    }
}
