import ArgumentParser
import CaseflowDocs
import CaseflowModel
import Foundation

struct DocCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doc",
        abstract: "Write a workflow's process document in Markdown.",
        discussion: """
        The document holds the purpose, the flowchart (a Mermaid block), the stages, a \
        responsibility table (roles by stages), the SLAs and escalations in plain words, the \
        gates and their rules, the decision tables, the data fields, the calendar and the KPIs \
        that caseflow report measures. It is generated from the definitions only.

        Examples:
          caseflow doc service-sales > docs/service-sales.md
          caseflow doc after-sales-service --output after-sales.md

        Exit status: 0 on success, 1 when the definitions have errors, the workflow is unknown \
        or the output cannot be written.
        """
    )

    @Argument(help: ArgumentHelp("The workflow's id.", valueName: "workflow"))
    var workflow: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the document to this file instead of standard output.", valueName: "file"))
    var output: String?

    @OptionGroup var definitions: DefinitionOptions

    func run() throws {
        let loaded = try LoadedDefinitions.load(definitions.paths)
        let found = try WorkflowLookup.find(workflow, in: loaded.set)
        try Terminal.emit(ProcessDocument(workflow: found, definitions: loaded.set).render(), to: output)
    }
}
