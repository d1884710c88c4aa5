import ArgumentParser

/// `--workflows` and `--policies`, shared by every command that loads definitions.
struct DefinitionOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Folder (or file) of workflow definitions.", valueName: "dir"))
    var workflows: String = "Workflows"

    @Option(name: .long, help: ArgumentHelp("Folder (or file) of policies: calendars, escalations, decisions, directories.", valueName: "dir"))
    var policies: String = "Policies"

    var paths: [String] { [workflows, policies] }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
