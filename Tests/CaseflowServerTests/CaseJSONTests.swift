import CaseflowEngine
import CaseflowFiles
import CaseflowModel
import CaseflowRules
@testable import CaseflowServer
import Foundation
import Testing

@Suite struct CaseJSONTests {
    /// The answer to every command is written straight into bytes; it must be the text the
    /// document tree prints, for every state every shipped scenario passes through.
    @Test func writtenTextIsThePrintedTree() throws {
        let loaded = DefinitionFiles.load(["Workflows", "Policies"].map { TestDaemon.repository.appendingPathComponent($0).path })
        #expect(!loaded.hasErrors)
        let catalog = try WorkflowCompiler.compileAll(loaded.definitions)
        let runner = ScenarioRunner(engine: Engine(catalog: catalog))
        var states = 0
        for scenario in loaded.definitions.scenarios {
            let events = runner.run(scenario).events
            for end in 1...max(1, events.count) where end <= events.count {
                guard let state = CaseState.replay(Array(events.prefix(end)), in: catalog),
                      let w = catalog.workflow(state.workflowID, version: state.version) else { continue }
                for hash in [nil, "abc123"] as [String?] {
                    #expect(CaseJSON.text(state, w, definitionHash: hash) == JSONPrinter.print(CaseJSON.render(state, w, definitionHash: hash)),
                            "\(scenario.id.value) after event \(end)")
                }
                states += 1
            }
        }
        #expect(states > 1000)
    }
}
