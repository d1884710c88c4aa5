import CaseflowEngine
import CaseflowModel
import CaseflowStore
import Foundation
import Testing

/// Every shipped scenario's history, event by event in canonical form, held to its digest: a
/// change to the engine or the event model that alters one byte of any event (its data, its
/// `why`, its order) fails here. Deliberate changes rewrite the file with
/// CASEFLOW_UPDATE_GOLDEN=1 and say why in the commit.
struct CanonicalEventsTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/canonical-events.txt")

    static func digests() throws -> String {
        var files: [DefinitionLoader.File] = []
        for folder in ["Workflows", "Policies"] {
            let base = Shipped.repository.appendingPathComponent(folder)
            let items = (FileManager.default.enumerator(atPath: base.path)?.allObjects as? [String]) ?? []
            for item in items.sorted() where item.hasSuffix(".yaml") {
                let data = try Data(contentsOf: base.appendingPathComponent(item))
                files.append(DefinitionLoader.File(path: "\(folder)/\(item)", bytes: [UInt8](data)))
            }
        }
        let loaded = DefinitionLoader.load(files)
        #expect(!loaded.hasErrors)
        let runner = ScenarioRunner(engine: Engine(catalog: try WorkflowCompiler.compileAll(loaded.definitions)))
        var lines: [String] = []
        for scenario in loaded.definitions.scenarios.sorted(by: { $0.id.value < $1.id.value }) {
            let result = runner.run(scenario)
            let text = result.events.map { EventCodec.encode($0, caseID: "\(scenario.id.value)-1") }.joined(separator: "\n")
            lines.append("\(scenario.id.value) \(result.events.count) \(Hex.sha256(text))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func everyShippedScenarioWritesTheSameEventsByteForByte() throws {
        let actual = try Self.digests()
        if ProcessInfo.processInfo.environment["CASEFLOW_UPDATE_GOLDEN"] == "1" {
            try Data(actual.utf8).write(to: Self.golden)
            return
        }
        let expected = try String(contentsOf: Self.golden, encoding: .utf8)
        let a = actual.split(separator: "\n"), e = expected.split(separator: "\n")
        #expect(a.count == e.count, "scenarios: \(a.count) now, \(e.count) in the golden file")
        for (now, before) in zip(a, e) { #expect(now == before, "events changed") }
        #expect(a.count > 20)
    }
}
