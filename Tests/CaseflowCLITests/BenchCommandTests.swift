import CaseflowTestSupport
import Foundation
import Testing

/// Each scenario runs briefly and prints its figures; timings are never asserted.
@Suite(.serialized) struct BenchCommandTests {
    static func bench(_ scenario: String, _ extra: [String] = []) throws -> CLIProcess.Output {
        try CLIProcess.run(["bench", scenario, "--duration", "0.2"] + extra)
    }

    /// The figures of a `--format json` run, by name.
    static func figures(_ r: CLIProcess.Output) throws -> (String) -> Double? {
        let report = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let figures = try #require((report?["results"] as? [[String: Any]])?.first?["figures"] as? [[String: Any]])
        return { name in figures.first { $0["name"] as? String == name }?["value"] as? Double }
    }

    @Test func engineRunsWholeSalesCases() throws {
        let r = try Self.bench("engine")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("whole sales cases/s (one core)"))
        #expect(r.stdout.contains("latency per command"))
        #expect(r.stdout.contains("p99"))
        #expect(r.stdout.contains("peak memory (VmHWM)"))
    }

    @Test func memoryHoldsFilledCases() throws {
        let r = try Self.bench("memory", ["--cases", "2000"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("bytes per case (RSS delta)"))
        #expect(r.stdout.contains("open cases held"))
    }

    @Test func rulesEvaluatesTheCondition() throws {
        let r = try Self.bench("rules")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("condition evaluations/s"))
    }

    @Test func loadValidatesTheGeneratedWorkflow() throws {
        let r = try Self.bench("load")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("generated workflow"))
        #expect(r.stdout.contains("5,000 stages") || r.stdout.contains("5,001 stages"))
    }

    @Test func storeCommitsDurably() throws {
        let r = try Self.bench("store", ["--clients", "8"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("durable events/s"))
        #expect(r.stdout.contains("writes per transaction"))
    }

    /// The single writer's own CPU per write and its busy share, measured on its thread.
    @Test func storeReportsTheWritersCPU() throws {
        let r = try Self.bench("store", ["--clients", "8", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let value = try Self.figures(r)
        let perWrite = try #require(value("writer CPU per write"))
        let busy = try #require(value("writer busy (CPU share of the run)"))
        #expect(perWrite > 0 && perWrite < 1_000_000, "\(perWrite) µs")
        #expect(busy > 0 && busy <= 100, "\(busy)%")
        // How fast the disk synced, beside the figures that move with it.
        #expect((value("disk syncs/s after the run") ?? 0) > 0)
    }

    @Test func httpDrivesARealDaemon() throws {
        let r = try Self.bench("http", ["--clients", "4", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let value = try Self.figures(r)
        #expect(value("commands/s over HTTP (durable)") != nil)
        #expect(value("errors (non-2xx or failed)") == 0)
        #expect((value("disk syncs/s after the run") ?? 0) > 0)
        // The daemon's own CPU per command, read from its process.
        #expect((value("daemon CPU per command") ?? 0) > 0)
        #expect((value("daemon CPU (cores used)") ?? 0) > 0)
    }

    @Test func timersFireProbesAfterARestart() throws {
        let r = try Self.bench("timers", ["--cases", "300"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("daemon restart to ready"))
        #expect(r.stdout.contains("probe timers fired"))
    }

    @Test func jsonOutputSavesEveryResult() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cf-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("run.json").path
        let r = try Self.bench("rules", ["--format", "json", "--output", file])
        #expect(r.status == 0, "\(r.stderr)")
        let saved = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any]
        let results = try #require(saved?["results"] as? [[String: Any]])
        #expect(results.first?["scenario"] as? String == "rules")
        #expect((results.first?["latency"] as? [String: Any])?["p99Micros"] != nil)
        let printed = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(printed?["machine"] != nil)
    }

    @Test func unknownScenarioIsRefused() throws {
        let r = try CLIProcess.run(["bench", "nope"])
        #expect(r.status != 0)
    }
}
