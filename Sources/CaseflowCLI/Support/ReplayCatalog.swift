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
        let result = DefinitionLoader.load(workflowFiles + policyFiles)
        let fromFiles = result.hasErrors ? nil : try? WorkflowCompiler.compileAll(result.definitions)
        let base = fromFiles ?? WorkflowCatalog(directory: PeopleDirectory(DefinitionLoader.load(policyFiles).definitions))
        let (catalog, tampered) = try await adding(store: store, to: base, policyFiles: policyFiles)
        return (catalog.byID.isEmpty ? nil : catalog, tampered)
    }

    /// `base` plus each released version the store keeps and `base` lacks, compiled with the
    /// policy files; and the versions whose stored text no longer matches its SHA-256.
    static func adding(store: any CaseStore, to base: WorkflowCatalog, policyFiles: [DefinitionLoader.File]) async throws
        -> (catalog: WorkflowCatalog, tampered: [String]) {
        let (catalog, _, tampered) = base.addingStoredVersions(try await store.definitions(), policies: policyFiles)
        return (catalog, tampered)
    }
}
