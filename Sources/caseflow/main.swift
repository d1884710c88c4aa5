import CaseflowCLI

await CaseflowCommand.main()
