import CaseflowEngine
import CaseflowModel
import Foundation
import Testing

/// The engine skips looking for due timers when the case's own instants show that none can be
/// due yet. Every state every shipped scenario passes through is held to it: advanced to the
/// instant `nextDue` names, something fires; advanced to just before it, nothing does.
struct TimerBoundTests {
    @Test func advancingFiresAtTheNextDueInstantAndNotBefore() throws {
        var files: [DefinitionLoader.File] = []
        for folder in ["Workflows", "Policies"] {
            let base = Shipped.repository.appendingPathComponent(folder)
            let items = (FileManager.default.enumerator(atPath: base.path)?.allObjects as? [String]) ?? []
            for item in items.sorted() where item.hasSuffix(".yaml") {
                files.append(DefinitionLoader.File(path: "\(folder)/\(item)", bytes: [UInt8](try Data(contentsOf: base.appendingPathComponent(item)))))
            }
        }
        let loaded = DefinitionLoader.load(files)
        let catalog = try WorkflowCompiler.compileAll(loaded.definitions)
        let engine = Engine(catalog: catalog)
        let runner = ScenarioRunner(engine: engine)
        var checked = 0, warnedClocks = 0
        for scenario in loaded.definitions.scenarios {
            let events = runner.run(scenario).events
            // Each case of the scenario, replayed one event at a time.
            var byCase: [String: [CaseEvent]] = [:], order: [String] = []
            var current = ""
            for event in events {
                if case .opened(_, let id, _) = event.kind { current = id; order.append(id) }
                byCase[current, default: []].append(event)
            }
            for id in order {
                let history = byCase[id] ?? []
                for end in 1...history.count {
                    guard let state = CaseState.replay(Array(history.prefix(end)), in: catalog), state.isOpen,
                          let due = engine.nextDue(state) else { continue }
                    if state.stageClock?.warned == true || state.caseClock?.warned == true { warnedClocks += 1 }
                    var at = state
                    #expect(!engine.advance(&at, to: due).isEmpty, "\(scenario.id.value) \(id) after event \(end): nothing fired at \(due)")
                    if due.millis - 1 >= state.lastEventAt.millis {
                        var before = state
                        #expect(engine.advance(&before, to: Instant(millis: due.millis - 1)).isEmpty,
                                "\(scenario.id.value) \(id) after event \(end): something fired before \(due)")
                    }
                    checked += 1
                }
            }
        }
        #expect(checked > 200, "\(checked) states checked")
        #expect(warnedClocks > 0, "no state with a warned clock was checked")
    }
}
