import ArgumentParser
import Foundation

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Standard load scenarios: throughput, latency percentiles and peak memory.",
        discussion: """
        Scenarios (all by default, in this order):
          engine   whole sales cases through the engine in memory, one core
          memory   open cases held in memory with their sales data filled in: bytes per case
          rules    condition evaluations per second
          load     definitions loaded and validated, with a generated 5,000-stage workflow
          store    durable events per second through SQLite (FULL) with concurrent committers
          http     commands per second through a real daemon on loopback, N clients
          timers   open cases with running SLA clocks: daemon memory, restart to ready, timer lateness
          console  each console page's render time with N cases in the database (default 100,000; not in the default set)

        Each prints throughput, latency percentiles (p50, p90, p99, max) and peak memory (VmHWM);
        progress goes to standard error. The sales case is the shipped scenario
        sales-won-full-path of Workflows/scenarios/sales-paths.yaml.

        Examples:
          caseflow bench
          caseflow bench engine rules --duration 5
          caseflow bench http --clients 64 --format json --output run1.json
          caseflow bench timers --cases 1000000
        """
    )

    enum Scenario: String, ExpressibleByArgument, CaseIterable, Sendable {
        case engine, memory, rules, load, store, http, timers, console
    }

    @Argument(help: ArgumentHelp("Scenarios to run (default: all).", valueName: "scenario"))
    var scenarios: [Scenario] = []

    @Option(help: ArgumentHelp("Seconds each timed scenario runs.", valueName: "seconds"))
    var duration: Double = 5

    @Option(help: ArgumentHelp("Concurrent clients (http) or committers (store).", valueName: "n"))
    var clients: Int = 64

    @Option(help: ArgumentHelp("Cases held (memory) or open with running clocks (timers); default 100,000 and 20,000.", valueName: "n"))
    var cases: Int?

    @Option(help: ArgumentHelp("The store for store/http/timers (a scratch one: the bench writes cases into it): a SQLite file (default: a temporary file), or postgres://….", valueName: "path"))
    var db: String?

    @Option(help: ArgumentHelp("text or json.", valueName: "format"))
    var format: OutputFormat = .text

    @Option(help: ArgumentHelp("Also write the results as JSON to this file, to compare runs.", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("Cases the daemon keeps in memory (http, timers, console): its --case-cache; default the daemon's.",
                               valueName: "n"))
    var caseCache: Int?

    @OptionGroup var definitions: DefinitionOptions

    func validate() throws {
        guard duration > 0 else { throw ValidationError("--duration must be more than 0 seconds") }
        guard clients >= 1, clients <= 4096 else { throw ValidationError("--clients must be 1 to 4096") }
        if let cases, cases < 1 { throw ValidationError("--cases must be at least 1") }
        if let caseCache, caseCache < 0 { throw ValidationError("--case-cache must be 0 or more") }
    }

    func run() async throws {
        let chosen = scenarios.isEmpty ? Scenario.allCases.filter { $0 != .console } : scenarios
        let settings = BenchSettings(duration: duration, clients: clients, cases: cases, db: db, definitionPaths: definitions.paths,
                                     workflowsPath: definitions.workflows, policiesPath: definitions.policies, caseCache: caseCache)
        var results: [BenchResult] = []
        for scenario in chosen {
            BenchSystem.progress("\(scenario.rawValue): starting")
            let result: BenchResult
            do {
                switch scenario {
                case .engine: result = try EngineBench(settings).run()
                case .memory: result = try MemoryBench(settings).run()
                case .rules: result = try RulesBench(settings).run()
                case .load: result = try LoadBench(settings).run()
                case .store: result = try await StoreBench(settings).run()
                case .http: result = try await HTTPBench(settings).run()
                case .timers: result = try await TimersBench(settings).run()
                case .console: result = try await ConsoleBench(settings).run()
                }
            } catch let e as ExitCode {
                BenchSystem.endProgress()
                throw e
            } catch {
                BenchSystem.endProgress()
                Terminal.error("bench \(scenario.rawValue): \(error)")
                throw ExitCode(1)
            }
            BenchSystem.endProgress()
            if format == .text { print(result.text + "\n") }
            results.append(result)
        }
        let report = BenchReport(results: results)
        if format == .json { print(report.json) }
        if let output {
            do {
                try Data((report.json + "\n").utf8).write(to: URL(fileURLWithPath: output))
            } catch {
                Terminal.error("cannot write \(output): \(Terminal.describe(error))")
                throw ExitCode(1)
            }
        }
    }
}

/// The options every scenario may use.
struct BenchSettings: Sendable {
    var duration: Double
    var clients: Int
    var cases: Int?
    var db: String?
    var definitionPaths: [String]
    var workflowsPath: String
    var policiesPath: String
    /// `--case-cache` of the daemons the scenarios start (nil: the daemon's default).
    var caseCache: Int? = nil

    var durationNanos: UInt64 { UInt64(duration * 1e9) }
}

/// Every result of one run, with the machine, as JSON.
struct BenchReport: Codable {
    struct Machine: Codable {
        var cores: Int
        var memoryBytes: UInt64
        var os: String
    }

    var date = ISO8601DateFormatter().string(from: Date())
    var machine = Machine(cores: ProcessInfo.processInfo.activeProcessorCount, memoryBytes: ProcessInfo.processInfo.physicalMemory,
                          os: ProcessInfo.processInfo.operatingSystemVersionString)
    var results: [BenchResult]

    init(results: [BenchResult]) { self.results = results }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? encoder.encode(self)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }
}
