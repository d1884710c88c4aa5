import CaseflowEngine
import CaseflowModel
import CaseflowRules
import Foundation

/// The shipped definitions, compiled once for the engine tests.
enum Shipped {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static let definitions: DefinitionSet = {
        var files: [DefinitionLoader.File] = []
        for folder in ["Workflows", "Policies"] {
            let base = repository.appendingPathComponent(folder)
            let items = (FileManager.default.enumerator(atPath: base.path)?.allObjects as? [String]) ?? []
            for item in items.sorted() where item.hasSuffix(".yaml") && !item.contains("scenarios") {
                let data = (try? Data(contentsOf: base.appendingPathComponent(item))) ?? Data()
                files.append(DefinitionLoader.File(path: "\(folder)/\(item)", bytes: [UInt8](data)))
            }
        }
        return DefinitionLoader.load(files).definitions
    }()

    static let engine: Engine = {
        // The shipped set validates clean (a model test checks it), so compiling cannot fail.
        Engine(catalog: (try? WorkflowCompiler.compileAll(definitions)) ?? WorkflowCatalog(directory: PeopleDirectory(roles: [:])))
    }()

    static func at(_ text: String) -> Instant { RFC3339.parse(text) ?? Instant(millis: 0) }
}
