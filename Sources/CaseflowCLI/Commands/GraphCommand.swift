import ArgumentParser
import CaseflowDocs
import CaseflowModel

struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw a workflow as a flowchart (Mermaid or Graphviz DOT).",
        discussion: """
        Stages are nodes shaped by kind: worked stages are rectangles, automatic stages rounded \
        boxes (Mermaid: subroutines), gates diamonds, timers hexagons, end stages stadiums \
        (DOT: rounded boxes with a double border). Nodes show the stage's title, role and SLA. Branches are labelled \
        with their conditions and the default branch with "otherwise"; gate rejections are red \
        edges labelled "rejected"; escalations that move the case are dotted edges labelled \
        with the moment they fire. The case-level SLA is a note.

        Examples:
          caseflow graph service-sales > sales.mmd
          caseflow graph service-sales --format dot | dot -Tsvg > sales.svg
          caseflow graph service-sales --format dot --font "Noto Serif CJK SC" | dot -Tpng > sales.png

        DOT output names a list of fonts that covers Chinese, Japanese and Korean text (Noto Sans
        CJK first; Debian: fonts-noto-cjk) before common Latin ones; --font replaces it.

        Exit status: 0 on success, 1 when the definitions have errors or the workflow is unknown.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case mermaid, dot
    }

    @Argument(help: ArgumentHelp("The workflow's id.", valueName: "workflow"))
    var workflow: String

    @Option(help: "Output format: mermaid or dot.")
    var format: Format = .mermaid

    @Option(help: ArgumentHelp("DOT only: the font (or comma-separated list of fonts) for every label.", valueName: "name"))
    var font: String?

    @OptionGroup var definitions: DefinitionOptions

    func run() throws {
        let loaded = try LoadedDefinitions.load(definitions.paths)
        let found = try WorkflowLookup.find(workflow, in: loaded.set)
        print(Self.render(found, definitions: loaded.set, format: format, font: font), terminator: "")
    }

    static func render(_ workflow: Workflow, definitions: DefinitionSet, format: Format, font: String? = nil) -> String {
        let graph = FlowGraph(workflow: workflow, definitions: definitions)
        switch format {
        case .mermaid: return MermaidRenderer.render(graph)
        case .dot: return DotRenderer.render(graph, font: font ?? DotRenderer.defaultFonts)
        }
    }
}
