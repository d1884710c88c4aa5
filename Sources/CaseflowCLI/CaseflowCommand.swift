import ArgumentParser

/// The root command: it only lists the subcommands.
public struct CaseflowCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "caseflow",
        abstract: "Run business processes declared in YAML: validate, test, serve, audit.",
        subcommands: [EvalCommand.self]
    )
    public init() {}
}
