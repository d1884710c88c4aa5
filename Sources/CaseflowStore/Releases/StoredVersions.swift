import CaseflowEngine
import CaseflowModel

extension WorkflowCatalog {
    /// This catalog plus every workflow version the store keeps the source of and the catalog
    /// lacks, each compiled with `policies` (the policy files in force: policies bind latest).
    /// Versions that no longer compile with today's policies are left out and returned by name;
    /// so are versions whose stored text no longer hashes to the SHA-256 it is kept under
    /// (`tampered`: changed in the database, perhaps to change the rules its cases run by).
    public func addingStoredVersions(_ stored: [StoredDefinition], policies: [DefinitionLoader.File])
        -> (catalog: WorkflowCatalog, skipped: [String], tampered: [String]) {
        var catalog = self
        var skipped: [String] = []
        var tampered: [String] = []
        for d in stored where d.kind == "workflow" {
            guard let version = d.version, catalog.workflow(d.id, version: version) == nil else { continue }
            guard StoredDefinition.hash(of: d.source) == d.hash else {
                tampered.append("\(d.id)@\(version)")
                continue
            }
            let file = DefinitionLoader.File(path: "\(d.id)@\(version) (released)", bytes: Array(d.source.utf8))
            let result = DefinitionLoader.load(policies + [file])
            guard !result.diagnostics.contains(where: { $0.isError && !DefinitionLoader.isStaffingProblem($0) }), let older = try? WorkflowCompiler.compileAll(result.definitions) else {
                skipped.append("\(d.id)@\(version)")
                continue
            }
            catalog = catalog.keeping(versionsOf: older)
        }
        return (catalog, skipped, tampered)
    }
}

extension ReleasedWorkflows.Released {
    /// The workflow versions a store has released.
    public static func from(_ stored: [StoredDefinition]) -> [ReleasedWorkflows.Released] {
        stored.compactMap { d in
            guard d.kind == "workflow", let v = d.version else { return nil }
            return ReleasedWorkflows.Released(id: d.id, version: v, source: d.source)
        }
    }
}
