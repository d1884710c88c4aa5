import CaseflowCLI

await CaseflowCommand.run()
