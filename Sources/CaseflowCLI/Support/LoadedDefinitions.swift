import ArgumentParser
import CaseflowEngine
import CaseflowFiles
import CaseflowModel

/// Definitions loaded for a command that runs them: any error is printed and stops the command.
struct LoadedDefinitions {
    let set: DefinitionSet
    let catalog: WorkflowCatalog
    let files: [String]

    static func load(_ paths: [String]) throws -> LoadedDefinitions {
        let (files, readProblems) = DefinitionFiles.read(paths)
        var result = DefinitionLoader.load(files)
        result.diagnostics = readProblems + result.diagnostics
        if result.hasErrors {
            for d in result.diagnostics where d.isError { Terminal.status(d.description) }
            Terminal.error("the definitions have errors (run caseflow validate); nothing was run")
            throw ExitCode(1)
        }
        do {
            let catalog = try WorkflowCompiler.compileAll(result.definitions)
            return LoadedDefinitions(set: result.definitions, catalog: catalog, files: files.map(\.path))
        } catch {
            Terminal.error(error.description)
            throw ExitCode(1)
        }
    }
}
