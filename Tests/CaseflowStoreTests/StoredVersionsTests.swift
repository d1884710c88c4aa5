import CaseflowEngine
import CaseflowModel
import CaseflowStore
import Testing

/// Released versions kept for their running cases are compiled with today's policies. A gate the
/// directory can no longer staff is an error for the files being released, but it must not drop
/// a kept version: every case of it, not only those at the gate, would be refused.
@Suite struct StoredVersionsTests {
    static let source = """
        kind: workflow
        id: deal
        version: 1
        roles: [rep, boss]
        start: intake
        stages:
          intake: { role: rep, next: approval }
          approval: { gate: { approvers: [boss], quorum: 2, on_reject: intake }, next: won }
          won: { end: won }
        """

    @Test func aKeptVersionLoadsThoughItsGateCanNoLongerBeStaffed() throws {
        let people = DefinitionLoader.File(path: "p.yaml", bytes: Array("""
            kind: directory
            id: people
            people:
              ann: { name: Ann, roles: [rep] }
              ben: { name: Ben, roles: [boss] }
            """.utf8))
        // As files it is refused: one boss for a quorum of two.
        let asFiles = DefinitionLoader.load([people, DefinitionLoader.File(path: "w.yaml", bytes: Array(Self.source.utf8))])
        #expect(asFiles.diagnostics.contains { $0.isError && DefinitionLoader.isStaffingProblem($0) })
        let stored = StoredDefinition(hash: StoredDefinition.hash(of: Self.source), kind: "workflow", id: "deal", version: 1, source: Self.source)
        let base = WorkflowCatalog(directory: PeopleDirectory(DefinitionLoader.load([people]).definitions))
        let (catalog, skipped, tampered) = base.addingStoredVersions([stored], policies: [people])
        #expect(catalog.workflow("deal", version: 1) != nil)
        #expect(skipped.isEmpty && tampered.isEmpty)
        // Its text changed in the database: not loaded, and named.
        var changed = stored
        changed.source += "\n# changed\n"
        let (_, _, named) = base.addingStoredVersions([changed], policies: [people])
        #expect(named == ["deal@1"])
    }
}
