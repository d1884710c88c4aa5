import ArgumentParser
import CaseflowEngine
import CaseflowReports
import CaseflowStore

/// `caseflow report [--workflow ID] [--since DATE] [--format text|json|csv] [--db PATH]`: KPIs from the store.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Per-stage KPIs, the funnel, outcomes and bottlenecks, from the cases' history.",
        discussion: """
            Reads the database without changing it (a copy works; the daemon need not run). Times are \
            working hours on each workflow's calendar, median and p90 by nearest rank over completed \
            stage visits. SLA met % = clocks stopped within target / clocks judged (stopped, or \
            breached while still running). Gate rejection rate = rejected visits / decided visits. \
            Bottlenecks: \(Report.rankingRule).
            text: tables per workflow. json: every figure, times in working milliseconds.
            csv: workflow,section,subject,measure,value with a header line.
            """
    )

    @OptionGroup var definitions: DefinitionOptions

    @Option(help: "Only cases of this workflow.")
    var workflow: String?

    @Option(help: ArgumentHelp("Only cases opened at or after this date (2026-03-01, midnight in the workflow's zone) or RFC 3339 instant.",
                               valueName: "date"))
    var since: String?

    @Option(help: "text, json or csv.")
    var format: ReportFormat = .text

    @Option(help: "The database file.")
    var db = "caseflow.sqlite"

    init() {}

    func validate() throws {
        if let since, ReportSince.parse(since) == nil {
            throw ValidationError("--since: '\(since)' is neither a date (2026-03-01) nor an RFC 3339 instant")
        }
    }

    func run() async throws {
        let loaded = try LoadedDefinitions.load(definitions.paths)
        if let workflow, loaded.catalog.workflow(workflow) == nil {
            Terminal.error("no workflow '\(workflow)' in \(definitions.workflows)")
            throw ExitCode(1)
        }
        var builder = CaseflowReports.ReportBuilder(catalog: loaded.catalog, workflow: workflow, since: since.flatMap(ReportSince.parse))
        do {
            let store = try await StoreOpener.openForReading(db)
            for caseID in try await store.caseIDs() {
                let events = try await store.events(caseID: caseID).map { stored throws(CodecError) in try EventCodec.decode(stored.body).event }
                builder.add(caseID: caseID, events: events)
            }
        } catch let e as StoreError {
            Terminal.error(e.description)
            throw ExitCode(1)
        } catch let e as CodecError {
            Terminal.error("an event cannot be read: \(e.message)")
            throw ExitCode(1)
        }
        print(format.render(builder.build()), terminator: "")
    }
}

extension ReportFormat: ExpressibleByArgument {}
