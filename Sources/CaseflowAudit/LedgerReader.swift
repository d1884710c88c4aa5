import CaseflowStore

/// Reads the ledger in pages.
enum LedgerReader {
    static let page = 10_000

    /// Every leaf below `size`, page by page, in order.
    static func forEach(_ store: any CaseStore, from start: Int = 0, upTo size: Int,
                        _ body: (LedgerLeaf) throws -> Void) async throws {
        var next = start
        while next < size {
            let leaves = try await store.ledgerLeaves(from: next, limit: min(page, size - next))
            guard !leaves.isEmpty else { return }
            for leaf in leaves { try body(leaf) }
            next = leaves.last!.index + 1
        }
    }
}

/// The cases the ledger has events of: with the case rows, every case a store holds (a case
/// whose row was deleted is still in the ledger).
public enum LedgerCases {
    public static func ids(_ store: any CaseStore) async throws -> Set<String> {
        var ids: Set<String> = []
        try await LedgerReader.forEach(store, upTo: try await store.ledgerSize()) { ids.insert($0.caseID) }
        return ids
    }
}
