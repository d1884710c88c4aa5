import ArgumentParser
import CaseflowEngine
import CaseflowModel
import Foundation

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run scenario files against the workflows on a virtual clock.",
        discussion: """
        A scenario (kind: scenario) opens a case, sends commands as people of the directory,
        moves a virtual clock (due timers fire in order) and states what it expects: stage,
        status, outcome, data, SLA state, escalations. `fails:` steps must be refused.

        Without FILE arguments, every scenario found under --workflows and --policies runs
        (the shipped ones live in Workflows/scenarios/).

        Examples:
          caseflow test
          caseflow test Workflows/scenarios/sales-paths.yaml
          caseflow test my-scenarios/ --workflows Workflows --policies Policies

        Exit status: 0 when every scenario passes, 1 when any fails.
        """
    )

    @Argument(help: ArgumentHelp("Scenario files or folders (default: every scenario under the definitions).", valueName: "file"))
    var files: [String] = []

    @OptionGroup var definitions: DefinitionOptions

    @Flag(name: .shortAndLong, help: "Also list the scenarios that pass.")
    var verbose = false

    func run() throws {
        for file in files where !FileManager.default.fileExists(atPath: file) {
            Terminal.error("\(file): no such file or folder")
            throw ExitCode(1)
        }
        let base = Set(definitions.paths.map(Self.normalized))
        let extra = files.filter { f in !base.contains { Self.normalized(f).hasPrefix($0 + "/") || Self.normalized(f) == $0 } }
        let loaded = try LoadedDefinitions.load(definitions.paths + extra)
        let wanted = files.map(Self.normalized)
        let scenarios = loaded.set.scenarios.filter { s in
            wanted.isEmpty || wanted.contains { w in
                let file = Self.normalized(s.location.file)
                return file == w || file.hasPrefix(w + "/")
            }
        }
        if scenarios.isEmpty {
            Terminal.error("no scenarios found" + (files.isEmpty ? " under \(definitions.paths.joined(separator: ", "))" : " in \(files.joined(separator: ", "))"))
            throw ExitCode(1)
        }
        let runner = ScenarioRunner(engine: Engine(catalog: loaded.catalog))
        var passed = 0, failed = 0
        for scenario in scenarios {
            let result = runner.run(scenario)
            if result.passed {
                passed += 1
                if verbose { print("PASS \(result.scenario) (\(result.steps) steps) \(result.location.file)") }
            } else {
                failed += 1
                print("FAIL \(result.scenario) \(result.location)")
                for f in result.failures { print("  \(f)") }
            }
        }
        print("\(passed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode(1) }
    }

    static func normalized(_ path: String) -> String {
        var p = (path as NSString).standardizingPath
        if p.hasPrefix("./") { p.removeFirst(2) }
        return p
    }
}
