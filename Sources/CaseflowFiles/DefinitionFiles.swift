import CaseflowModel
import CaseflowYAML
import Foundation

/// Finds and reads definition files: YAML files named directly, or found under folders.
public enum DefinitionFiles {
    public static let defaultPaths = ["Workflows", "Policies"]

    /// Reads every `.yaml`/`.yml` file under `paths`, in a stable order. Missing paths are errors.
    public static func read(_ paths: [String]) -> (files: [DefinitionLoader.File], diagnostics: [Diagnostic]) {
        var files: [DefinitionLoader.File] = []
        var diagnostics: [Diagnostic] = []
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                diagnostics.append(Diagnostic(.error, "no such file or folder", at: SourceLocation(file: path, line: 1, column: 1)))
                continue
            }
            let found: [String]
            if isDirectory.boolValue {
                let items = (fm.enumerator(atPath: path)?.allObjects as? [String]) ?? []
                found = items.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
                    .map { (path as NSString).appendingPathComponent($0) }
            } else {
                found = [path]
            }
            for file in found {
                // The size is checked before the file is read: a huge file is refused at once.
                let limit = YAMLLimits.standard.maxBytes
                if let size = (try? fm.attributesOfItem(atPath: file))?[.size] as? Int, size > limit {
                    diagnostics.append(Diagnostic(.error, "file is \(size) bytes; the limit is \(limit) bytes",
                                                  at: SourceLocation(file: file, line: 1, column: 1)))
                    continue
                }
                guard let data = fm.contents(atPath: file) else {
                    diagnostics.append(Diagnostic(.error, "cannot read this file", at: SourceLocation(file: file, line: 1, column: 1)))
                    continue
                }
                files.append(DefinitionLoader.File(path: file, bytes: [UInt8](data)))
            }
        }
        return (files, diagnostics)
    }

    /// Reads and loads definitions in one step.
    public static func load(_ paths: [String], today: LocalDate? = nil) -> DefinitionLoader.Result {
        let (files, readProblems) = read(paths)
        var result = DefinitionLoader.load(files, today: today)
        result.diagnostics = readProblems + result.diagnostics
        return result
    }
}
