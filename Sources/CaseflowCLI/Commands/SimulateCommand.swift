import ArgumentParser
import CaseflowEngine
import CaseflowModel
import CaseflowReports
import CaseflowStore
import Foundation

/// `caseflow simulate WORKFLOW --cases N [--arrivals RATE] [--durations FILE] [--seed S] [report options]`.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run synthetic cases through the engine on a virtual clock and print the report they would give.",
        discussion: """
            Each case opens at the arrival rate (a Poisson process over the calendar's working time, \
            from --start), and at every worked stage a person holding the stage's role takes a time drawn \
            from the stage's distribution in --durations, fills the required fields (values from the \
            file's data:, else plausible ones from the field types) and completes the tasks and the \
            stage; gates get votes that approve with the file's `approve` chance; waits, SLA clocks and \
            escalations run as in the daemon. Stages the file does not name take a lognormal time with \
            median half their SLA target and p90 the whole target. The same seed gives the same output, \
            byte for byte. Progress goes to standard error. Without --durations, Simulations/WORKFLOW.yaml \
            is used when it exists. The report takes the options of `caseflow report`: --by, --every, \
            --from/--to, --format text|json|csv|html and --output.

            Examples:
              caseflow simulate service-sales --cases 1000
              caseflow simulate service-sales --cases 5000 --arrivals 40/day --seed 7 --format html --output what-if.html
            """
    )

    @Argument(help: "The workflow to simulate.")
    var workflow: String

    @OptionGroup var definitions: DefinitionOptions

    // `.unconditional`: `--cases -5` is a value that is then checked ("must be at least 1"), not
    // a flag named -5 and a missing value.
    @Option(parsing: .unconditional, help: "How many cases to run.")
    var cases: Int

    @Option(parsing: .unconditional, help: ArgumentHelp("New cases per working hour, day or week: 20/day, 3/h, 100/week.", valueName: "rate"))
    var arrivals = "20/day"

    @Option(help: ArgumentHelp("YAML file of stage durations, data values and the approval chance (see README).", valueName: "file"))
    var durations: String?

    @Option(parsing: .unconditional, help: "Seed of the random draws.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Where the virtual clock starts: a date (09:00 in the calendar's zone) or an RFC 3339 instant.",
                               valueName: "when"))
    var start = "2026-03-02"

    @OptionGroup var report: ReportOptions

    init() {}

    func validate() throws {
        guard cases > 0 else { throw ValidationError("--cases must be at least 1") }
        guard cases <= 10_000_000 else { throw ValidationError("--cases: at most 10,000,000") }
        guard ArrivalRate.parse(arrivals) != nil else {
            throw ValidationError("--arrivals: '\(arrivals)' is not a rate between 0.001 and 1,000,000 a unit; write e.g. 20/day, 3/h or 100/week")
        }
        guard let origin = LocalDate(start).map({ TimeZoneRules.utc.instant(of: $0, minuteOfDay: 9 * 60) }) ?? RFC3339.parse(start) else {
            throw ValidationError("--start: '\(start)' is neither a date (2026-03-02) nor an RFC 3339 instant")
        }
        // Business-time arithmetic covers 1900 to 2199; a run starting near its end would walk out of it.
        let first = WorkingCalendar.supportedRange.lowerBound + Int64(86_400_000)
        let last = Instant(millis: WorkingCalendar.supportedRange.upperBound.millis - 50 * 365 * 86_400_000)
        guard origin >= first, origin < last else {
            throw ValidationError("--start: \(start) is outside what the calendars cover; give a start from \(InstantText.format(first).prefix(10)) to \(InstantText.format(last).prefix(10))")
        }
    }

    func run() async throws {
        let loaded = try LoadedDefinitions.load(definitions.paths)
        guard let compiled = loaded.catalog.workflow(workflow) else {
            Terminal.error("no workflow '\(workflow)' in \(definitions.workflows)")
            throw ExitCode(1)
        }
        let query = try report.query(workflow: workflow, catalog: loaded.catalog)
        let simulator = try makeSimulator(Engine(catalog: loaded.catalog), compiled)
        let every = max(1, cases / 10)
        let summary = simulator.run(cases: cases, query: query) { n in
            if cases >= 1000, n % every == 0 || n == cases { Terminal.status("simulate: \(n)/\(cases) cases") }
        }
        if summary.stopped > 0 {
            Terminal.status("simulate: \(summary.stopped) case\(summary.stopped == 1 ? "" : "s") left open: \(summary.firstStop ?? "")")
        }
        try report.emit(header(simulator) + report.format.render(summary.report))
    }

    func makeSimulator(_ engine: Engine, _ compiled: CompiledWorkflow) throws -> Simulator {
        let zone = compiled.calendar.zone
        let origin = LocalDate(start).map { zone.instant(of: $0, minuteOfDay: 9 * 60) } ?? RFC3339.parse(start)!
        let dayMillis = Simulator.dayMillis(compiled.calendar, from: origin)
        var plan = SimulationPlan()
        if let durations = durationsFile {
            guard let data = FileManager.default.contents(atPath: durations) else {
                Terminal.error("cannot read \(durations)")
                throw ExitCode(1)
            }
            do {
                plan = try SimulationPlan.parse(String(decoding: data, as: UTF8.self), file: durations, workflow: compiled, dayMillis: dayMillis)
            } catch {
                Terminal.status(error.description)
                throw ExitCode(1)
            }
        }
        return Simulator(engine: engine, workflow: compiled, plan: plan, seed: seed, arrivals: ArrivalRate.parse(arrivals)!, start: origin)
    }

    /// `--durations`, else `Simulations/WORKFLOW.yaml` when it exists.
    var durationsFile: String? {
        if let durations { return durations }
        let conventional = "Simulations/\(workflow).yaml"
        return FileManager.default.fileExists(atPath: conventional) ? conventional : nil
    }

    /// What was simulated, as a line above a text report; nothing above the other formats, which print as they are.
    func header(_ s: Simulator) -> String {
        let what = "Simulation of \(cases) case\(cases == 1 ? "" : "s") of \(workflow): seed \(seed), arrivals \(s.arrivals) "
            + "from \(InstantText.readable(s.start, zone: s.workflow.calendar.zone)), durations \(durationsFile ?? "(defaults)")"
        switch report.format {
        case .text: return what + "\n\n"
        case .json, .csv, .html: return ""
        }
    }
}
