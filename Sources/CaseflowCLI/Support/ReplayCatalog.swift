import CaseflowEngine
import CaseflowFiles
import CaseflowModel
import CaseflowStore

/// The workflows a store's cases ran on, to replay their histories: the definitions in the
/// files, and each older version from the sources the store keeps, compiled with the files' policies.
enum ReplayCatalog {
    static func load(store: any CaseStore, workflows: String, policies: String) async throws -> WorkflowCatalog? {
        let (workflowFiles, _) = DefinitionFiles.read([workflows])
        let (policyFiles, _) = DefinitionFiles.read([policies])
        var catalog = compile(workflowFiles + policyFiles)
        for stored in try await store.definitions() where stored.kind == "workflow" {
            guard let version = stored.version, catalog?.workflow(stored.id, version: version) == nil else { continue }
            let file = DefinitionLoader.File(path: "\(stored.id)@\(version) (stored)", bytes: Array(stored.source.utf8))
            guard let older = compile(policyFiles + [file]) else { continue }
            catalog = catalog.map { $0.keeping(versionsOf: older) } ?? older
        }
        return catalog
    }

    private static func compile(_ files: [DefinitionLoader.File]) -> WorkflowCatalog? {
        let result = DefinitionLoader.load(files)
        guard !result.hasErrors, !result.definitions.workflows.isEmpty else { return nil }
        return try? WorkflowCompiler.compileAll(result.definitions)
    }
}
