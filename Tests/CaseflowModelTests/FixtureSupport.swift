import CaseflowModel
import CaseflowYAML
import Foundation

/// Loads fixture files from Tests/CaseflowModelTests/Fixtures and the shipped definitions.
enum Fixture {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func file(_ name: String) -> DefinitionLoader.File {
        let url = folder.appendingPathComponent(name)
        return DefinitionLoader.File(path: name, bytes: [UInt8]((try? Data(contentsOf: url)) ?? Data()))
    }

    /// The diagnostics of loading the fixture policies with the named files, as printed lines.
    static func diagnostics(_ names: String...) -> [String] {
        DefinitionLoader.load([file("policies.yaml")] + names.map(file)).diagnostics.map(\.description)
    }

    static func load(text: String, file: String = "t.yaml") -> DefinitionLoader.Result {
        DefinitionLoader.load([DefinitionLoader.File(path: file, bytes: Array(text.utf8))])
    }

    /// Every YAML file under the repository's folder, with paths relative to the repository.
    static func shipped(_ folders: String...) -> [DefinitionLoader.File] {
        var files: [DefinitionLoader.File] = []
        for folder in folders {
            let base = repository.appendingPathComponent(folder)
            let items = (FileManager.default.enumerator(atPath: base.path)?.allObjects as? [String]) ?? []
            for item in items.sorted() where item.hasSuffix(".yaml") {
                let data = (try? Data(contentsOf: base.appendingPathComponent(item))) ?? Data()
                files.append(DefinitionLoader.File(path: "\(folder)/\(item)", bytes: [UInt8](data)))
            }
        }
        return files
    }
}
