import ArgumentParser

/// The root command: it only lists the subcommands.
public struct CaseflowCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "caseflow",
        abstract: "Run business processes declared in YAML: validate, test, serve, audit.",
        subcommands: [
            ValidateCommand.self, TestCommand.self, EvalCommand.self, DecideCommand.self, GraphCommand.self, DocCommand.self,
            ServeCommand.self, TokenCommand.self, HistoryCommand.self, VerifyCommand.self, ReportCommand.self,
            SimulateCommand.self, BenchCommand.self, AuditCommand.self, ExportCommand.self, ReleasesCommand.self, DiffCommand.self, MigrateCommand.self, ReloadCommand.self,
            DeliveriesCommand.self, CasesCommand.self, BatchCommand.self,
        ]
    )
    public init() {}
}

extension CaseflowCommand {
    /// Parses the process arguments and runs the chosen subcommand, async ones included.
    public static func run(_ arguments: [String]? = nil) async {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
