import CaseflowEngine
import CaseflowFiles
import CaseflowModel
import CaseflowStore

/// The workflows a store's cases ran on, to replay their histories: the definitions in the
/// files, and each older version from the sources the store keeps, compiled with the files' policies.
enum ReplayCatalog {
    static func load(store: any CaseStore, workflows: String, policies: String) async throws -> WorkflowCatalog? {
        try await loadChecked(store: store, workflows: workflows, policies: policies).catalog
    }

    /// The catalog, and the released versions whose stored text no longer matches its SHA-256.
    static func loadChecked(store: any CaseStore, workflows: String, policies: String) async throws
        -> (catalog: WorkflowCatalog?, tampered: [String]) {
        let (workflowFiles, _) = DefinitionFiles.read([workflows])
        let (policyFiles, _) = DefinitionFiles.read([policies])
        let stored = try await store.definitions()
        let result = DefinitionLoader.load(workflowFiles + policyFiles)
        let fromFiles = result.hasErrors ? nil : try? WorkflowCompiler.compileAll(result.definitions)
        let base = fromFiles ?? WorkflowCatalog(directory: PeopleDirectory(DefinitionLoader.load(policyFiles).definitions))
        let (catalog, _, tampered) = base.addingStoredVersions(stored, policies: policyFiles)
        return (catalog.byID.isEmpty ? nil : catalog, tampered)
    }
}
