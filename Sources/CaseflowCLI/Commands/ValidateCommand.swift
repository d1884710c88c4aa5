import ArgumentParser
import CaseflowFiles
import CaseflowModel
import Foundation

struct ValidateCommand: ParsableCommand {
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

        Examples:
          caseflow validate
          caseflow validate Workflows/service-sales.yaml Policies
          caseflow validate --format json | jq '.[] | select(.severity == "error")'

        Exit status: 0 when there are no errors, 1 when there are.
        """
    )

    @Argument(help: ArgumentHelp("Files or folders to check.", valueName: "path"))
    var paths: [String] = DefinitionFiles.defaultPaths

    @Option(help: "Output format: text or json (a JSON array of problems).")
    var format: OutputFormat = .text

    func run() throws {
        let (files, readProblems) = DefinitionFiles.read(paths)
        var result = DefinitionLoader.load(files)
        result.diagnostics = readProblems + result.diagnostics
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
