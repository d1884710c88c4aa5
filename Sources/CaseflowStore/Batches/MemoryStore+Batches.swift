import CaseflowModel

extension MemoryStore {
    public func saveBatch(_ batch: StoredBatch) {
        if let i = batchList.firstIndex(where: { $0.id == batch.id }) { batchList[i] = batch } else { batchList.append(batch) }
    }

    public func batch(id: String) -> StoredBatch? { batchList.first { $0.id == id } }

    public func batches(status: String?, before: String?, limit: Int) -> [StoredBatch] {
        // Newest first as the SQL stores order them: by creation instant, then id.
        let newestFirst = batchList.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
        var older = newestFirst[...]
        if let before {
            guard let i = newestFirst.firstIndex(where: { $0.id == before }) else { return [] }
            older = newestFirst[(i + 1)...]
        }
        return Array(older.filter { b in status.map { b.status == $0 } ?? true }.prefix(max(0, limit)))
    }

    public func recordBatch(_ batch: StoredBatch, results: [BatchResult]) {
        for r in results where batchResultsByID[batch.id]?[r.caseID].map({ $0.outcome == BatchResult.pending }) ?? true {
            batchResultsByID[batch.id, default: [:]][r.caseID] = r
        }
        var b = batch
        let recorded = batchResultsByID[batch.id] ?? [:]
        if !recorded.isEmpty {
            b.done = recorded.values.count { $0.outcome == "done" }
            b.refused = recorded.values.count { $0.outcome == "refused" }
        }
        if let old = self.batch(id: batch.id) {
            if let c = old.cursor, let n = b.cursor, n.utf8.lexicographicallyPrecedes(c.utf8) { b.cursor = c }
            if old.status == "done" { b.status = "done" }
        }
        saveBatch(b)
    }

    public func batchResults(id: String, after: String?, limit: Int) -> [BatchResult] {
        let all = (batchResultsByID[id] ?? [:]).values.sorted { $0.caseID.utf8.lexicographicallyPrecedes($1.caseID.utf8) }
        return Array(all.filter { r in after.map { $0.utf8.lexicographicallyPrecedes(r.caseID.utf8) } ?? true }.prefix(max(0, limit)))
    }

    public func leaseBatch(id: String, owner: String, until: Instant, now: Instant) -> Bool {
        guard batch(id: id)?.status == "running" else { return false }
        if let held = batchLeases[id], held.owner != owner, held.until >= now { return false }
        batchLeases[id] = (owner, until)
        return true
    }
}
