import ArgumentParser
import CaseflowEngine
import CaseflowStore
import CaseflowReports
import Foundation

/// How `report` and `simulate` cut and print their report.
struct ReportOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Every section again per value of this data field in the cases' final data (channel, potential).",
                               valueName: "field"))
    var by: String?

    @Option(help: ArgumentHelp("Trends per week (ISO, Monday first) or month of the cases' opening, in the workflow's zone.",
                               valueName: "week|month"))
    var every: ReportPeriod?

    @Option(help: ArgumentHelp("With --to: time from first entering this stage to first entering the other.", valueName: "stage"))
    var from: String?

    @Option(help: ArgumentHelp("With --from: the stage the time runs to.", valueName: "stage"))
    var to: String?

    @Option(help: "text, json, csv or html.")
    var format: ReportFormat = .text

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file"))
    var output: String?

    func validate() throws {
        if from != nil, to == nil { throw ValidationError("--from needs --to: the stage the time runs to") }
        if to != nil, from == nil { throw ValidationError("--to needs --from: the stage the time runs from") }
    }

    /// The query for these options; exits with a clear message when the definitions have no such field or stage.
    func query(workflow: String?, since: ReportSince? = nil, catalog: WorkflowCatalog) throws -> ReportQuery {
        let query = ReportQuery(workflow: workflow, since: since, by: by, every: every, from: from, to: to)
        if let problem = query.problem(in: catalog) {
            Terminal.error(problem)
            throw ExitCode(1)
        }
        return query
    }

    /// Prints the text, or writes it to `--output`. Text for a terminal shows case data (a `--by`
    /// field's values) with its control characters as escapes, line by line, as history does.
    func emit(_ text: String) throws {
        let shown = format == .text
            ? text.split(separator: "\n", omittingEmptySubsequences: false).map { HistoryFormatter.printable(String($0)) }.joined(separator: "\n")
            : text
        try Terminal.emit(shown, to: output)
    }
}

extension ReportFormat: ExpressibleByArgument {}
extension ReportPeriod: ExpressibleByArgument {}
