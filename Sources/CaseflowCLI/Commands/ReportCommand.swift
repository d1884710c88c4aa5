import ArgumentParser
import CaseflowEngine
import CaseflowFiles
import CaseflowReports
import CaseflowStore
import Foundation

/// `caseflow report [--workflow ID] [--since DATE] [--by FIELD] [--every week|month] [--from A --to B]
/// [--format text|json|csv|html] [--output FILE] [--db PATH]`: KPIs from the store.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "KPIs, the funnel, cycle times, bottlenecks, people and trends, from the cases' history.",
        discussion: """
            Reads the database without changing it (a copy works; the daemon need not run). Times are \
            working time on each workflow's calendar (lead times also in calendar time), median and p90 by \
            nearest rank. SLA met % = clocks stopped within target / clocks judged (stopped, or breached \
            while still running). Gate rejection rate = rejected visits / decided visits. \
            Bottlenecks: \(Report.rankingRule).
            text: tables per workflow. json: every figure, snake_case keys, times in milliseconds. \
            csv: workflow,section,subject,measure,value with a header line. html: one self-contained page \
            with SVG charts.

            Examples:
              caseflow report
              caseflow report --workflow service-sales --since 2026-01-01 --by channel
              caseflow report --every month --format html --output sales.html
              caseflow report --from proposal --to signing --format csv
            """
    )

    @OptionGroup var definitions: DefinitionOptions

    @Option(help: "Only cases of this workflow.")
    var workflow: String?

    @Option(help: ArgumentHelp("Only cases opened at or after this date (2026-03-01, midnight in the workflow's zone) or RFC 3339 instant.",
                               valueName: "date"))
    var since: String?

    @OptionGroup var report: ReportOptions

    @Option(help: "The database file (or postgres:// URL).")
    var db = "caseflow.sqlite"

    static let batch = 512

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
        let query = try report.query(workflow: workflow, since: since.flatMap(ReportSince.parse), catalog: loaded.catalog)
        do {
            let store = try await StoreOpener.openForReading(db)
            // Cases of a version whose file is gone replay on the source the database keeps of it
            // (they were left out of the KPIs, though counted as cases).
            let (policyFiles, _) = DefinitionFiles.read([definitions.policies])
            let catalog = try await ReplayCatalog.adding(store: store, to: loaded.catalog, policyFiles: policyFiles).catalog
            var builder = CaseflowReports.ReportBuilder(catalog: catalog, query: query)
            let ids = try await store.caseIDs()
            // Reading and decoding the events is most of the time: done on every core, a batch at a
            // time, and added in case order so the report does not depend on which core was faster.
            let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
            for start in stride(from: 0, to: ids.count, by: Self.batch) {
                let batch = Array(ids[start..<min(start + Self.batch, ids.count)])
                var histories = [[CaseEvent]](repeating: [], count: batch.count)
                try await withThrowingTaskGroup(of: [(Int, [CaseEvent])].self) { group in
                    for w in 0..<workers {
                        group.addTask {
                            try await stride(from: w, to: batch.count, by: workers).asyncMap { i in
                                (i, try await store.events(caseID: batch[i]).map { stored throws(CodecError) in try EventCodec.decode(stored.body).event })
                            }
                        }
                    }
                    for try await done in group {
                        for (i, events) in done { histories[i] = events }
                    }
                }
                for (i, events) in histories.enumerated() { builder.add(caseID: batch[i], events: events) }
            }
            try report.emit(report.format.render(builder.build()))
        } catch let e as StoreError {
            Terminal.error(e.description)
            throw ExitCode(1)
        } catch let e as CodecError {
            Terminal.error("an event cannot be read: \(e.message)")
            throw ExitCode(1)
        }
    }
}

extension Sequence {
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async throws -> [T] {
        var out: [T] = []
        for element in self { out.append(try await transform(element)) }
        return out
    }
}
