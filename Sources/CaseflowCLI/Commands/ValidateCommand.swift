import ArgumentParser
import CaseflowFiles
import CaseflowModel
import CaseflowStore
import Foundation

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check workflow and policy definitions; report every problem with file, line and column.",
        discussion: """
        Loads every .yaml/.yml file under the given paths (default: Workflows Policies) and checks
        them together: YAML syntax, keys and types, references between definitions (stages, roles,
        calendars, escalations, decisions, people), expressions, and the shape of each workflow
        (every stage reachable, an end reachable from every stage).

        Each problem prints as FILE:LINE:COLUMN: error|warning: MESSAGE, the form editors jump to.
        Warnings do not fail the run.

        With --db, also checks against the versions already released in that database: a
        workflow whose content differs from the released text of the same id and version is an
        error at its `version:` key (comments and layout may change freely).

        Examples:
          caseflow validate
          caseflow validate --db caseflow.sqlite
          caseflow validate Workflows/service-sales.yaml Policies
          caseflow validate --format json | jq '.[] | select(.severity == "error")'

        Exit status: 0 when there are no errors, 1 when there are.
        """
    )

    @Argument(help: ArgumentHelp("Files or folders to check.", valueName: "path"))
    var paths: [String] = DefinitionFiles.defaultPaths

    @Option(help: "Output format: text or json (a JSON array of problems).")
    var format: OutputFormat = .text

    @Option(help: ArgumentHelp("Also check against the workflow versions released in this database.", valueName: "path|url"))
    var db: String?

    /// Today's date (UTC) for the checks that depend on it.
    static var today: LocalDate { LocalDate(dayNumber: Int(Date().timeIntervalSince1970 / 86_400)) }

    func run() async throws {
        let (files, readProblems) = DefinitionFiles.read(paths)
        var result = DefinitionLoader.load(files, today: Self.today)
        result.diagnostics = readProblems + result.diagnostics
        if let db {
            do {
                let stored = try await StoreOpener.openForReading(db).definitions()
                result.diagnostics += ReleasedWorkflows.check(result.definitions, against: ReleasedWorkflows.Released.from(stored))
            } catch let e as StoreError {
                Terminal.error(e.description)
                throw ExitCode(1)
            }
        }
        switch format {
        case .text:
            for d in result.diagnostics { print(d.description) }
            let errors = result.diagnostics.filter(\.isError).count
            let warnings = result.diagnostics.count - errors
            Terminal.status("checked \(files.count) file\(files.count == 1 ? "" : "s"): "
                            + "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
        case .json:
            print(DiagnosticJSON.encode(result.diagnostics))
        }
        if result.hasErrors { throw ExitCode(1) }
    }
}
