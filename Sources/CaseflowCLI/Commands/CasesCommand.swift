import ArgumentParser
import CaseflowEngine
import CaseflowModel
import CaseflowServer
import CaseflowStore
import Foundation

/// `caseflow cases [filters] [--db]`: the search of `GET /v1/cases`, on the database.
struct CasesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cases",
        abstract: "Find cases: by workflow, stage, status, role, assignee, dates, or any CEL condition.",
        discussion: """
            The same search as GET /v1/cases, read from the database (it may be a copy): one line \
            per case, or JSON. A search looks at no more than 5,000 cases at a time; when there \
            are more, it prints the cursor to go on with (--after).

            Examples:
              caseflow cases --workflow service-sales --stage proposal
              caseflow cases --workflow service-sales --where 'budget > 100000.0 && channel == "referral"'
              caseflow cases --assignee alice --status open --format json
            """
    )

    @Option(help: "Only cases of this workflow.") var workflow: String?
    @Option(help: "Only cases on this version of --workflow.") var version: Int?
    @Option(help: "Only cases at this stage.") var stage: String?
    @Option(help: "open, closed or cancelled.") var status: String?
    @Option(help: "Only cases whose stage this role works.") var role: String?
    @Option(help: "true or false: only breached (or unbreached) cases.") var breached: String?
    @Option(help: "Only cases assigned to this person.") var assignee: String?
    @Option(help: ArgumentHelp("Opened after this date or timestamp.", valueName: "date")) var openedAfter: String?
    @Option(help: ArgumentHelp("Opened before this date or timestamp.", valueName: "date")) var openedBefore: String?
    @Option(name: .customLong("where"), help: ArgumentHelp("A CEL condition over the case (needs --workflow).", valueName: "cel"))
    var condition: String?
    @Option(help: "How many cases to print.") var limit = 100
    @Option(help: ArgumentHelp("Go on after a previous search (the cursor it printed).", valueName: "cursor")) var after: String?
    @Option(help: "text or json.") var format = "text"
    @Option(help: "The database file (or postgres:// URL).") var db = "caseflow.sqlite"
    @OptionGroup var definitions: DefinitionOptions

    /// A value of the wrong form, or an option without the one it needs, is a usage error (exit 64).
    func validate() throws {
        guard ["text", "json"].contains(format) else { throw ValidationError("--format is text or json") }
        // The search's own form check, worded with this command's flags.
        if let problem = CaseSearch.formProblem(filters, name: { "--" + $0.replacingOccurrences(of: "_", with: "-") }) {
            throw ValidationError(problem)
        }
        // A cursor this command never printed is a mistake in the command, as a bad --limit is.
        if let after, (try? CaseSearch.decode(after)) == nil {
            throw ValidationError("--after must be the cursor a previous search printed (after \"more: --after\"), not '\(after)'")
        }
    }

    /// The search's filters by their query parameter names.
    private var filters: [String: String] {
        var filters: [String: String] = ["limit": String(limit)]
        let given: [(String, String?)] = [
            ("workflow", workflow), ("version", version.map(String.init)), ("stage", stage), ("status", status), ("role", role),
            ("breached", breached), ("assignee", assignee), ("opened_after", openedAfter), ("opened_before", openedBefore),
            ("where", condition), ("after", after),
        ]
        for (k, v) in given { if let v { filters[k] = v } }
        return filters
    }

    func run() async throws {
        let filters = self.filters
        do {
            let store = try await StoreOpener.openForReading(db)
            guard let catalog = try await ReplayCatalog.load(store: store, workflows: definitions.workflows,
                                                             policies: definitions.policies) else {
                Terminal.error("the definitions have errors (run caseflow validate)")
                throw ExitCode(1)
            }
            let engine = Engine(catalog: catalog)
            let search = try CaseSearch(filters: filters, engine: engine, person: nil)
            let now = WallClock.now()
            let page = try await search.run(store: store, now: now)
            if format == "json" {
                let items = page.cases.compactMap { s in engine.workflow(of: s).map { CaseJSON.text(s, $0, definitionHash: nil) } }
                print("{\"cases\":[\(items.joined(separator: ","))],\"next\":\(page.next.map { "\"\($0)\"" } ?? "null"),"
                      + "\"scanned\":\(page.scanned)}")
            } else {
                for s in page.cases {
                    guard let w = engine.workflow(of: s) else { continue }
                    let customer = w.fieldSlots["customer"].map { s.value($0) }.flatMap { v -> String? in
                        if case .string(let t) = v { return t } else { return nil }
                    } ?? "-"
                    // Case data as the terminal should show it: a control character in it (an escape
                    // sequence, a tab or line break forging a row) is written as an escape.
                    print([s.id, "\(w.id)@\(w.version)", w.stages[s.stage].id, s.status.rawValue, s.assignee ?? "-", customer,
                           InstantText.format(s.openedAt)].map(HistoryFormatter.printable).joined(separator: "\t"))
                }
                Terminal.status("\(page.cases.count) case\(page.cases.count == 1 ? "" : "s") (looked at \(page.scanned))"
                                + (page.next.map { "; more: --after \($0)" } ?? ""))
            }
        } catch let e as APIError {
            Terminal.error(e.message)
            throw ExitCode(1)
        } catch let e as StoreError {
            Terminal.error(e.description)
            throw ExitCode(1)
        }
    }
}
