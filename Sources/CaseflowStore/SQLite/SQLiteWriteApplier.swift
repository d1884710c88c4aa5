import GRDB

/// Applies one prepared write inside the open transaction: version check, chain, events,
/// snapshot, idempotency answer. Throws `StoreError` for what the caller did wrong.
enum SQLiteWriteApplier {
    static func apply(_ p: PreparedWrite, in db: Database) throws {
        let w = p.write
        let actual = try Int.fetchOne(db.cachedStatement(sql: "SELECT version FROM cases WHERE id = ?"), arguments: [w.caseID]) ?? 0
        guard actual == w.expectedVersion else {
            throw StoreError.staleVersion(caseID: w.caseID, expected: w.expectedVersion, actual: actual)
        }
        if let key = w.idempotency?.key,
           try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM idempotency WHERE key = ?"), arguments: [key]) != nil {
            throw StoreError.idempotencyKeyTaken(key)
        }
        let previous = try String.fetchOne(
            db.cachedStatement(sql: "SELECT hash FROM events WHERE case_id = ? ORDER BY seq DESC LIMIT 1"),
            arguments: [w.caseID]) ?? HashChain.genesis
        let insertEvent = try db.cachedStatement(sql: "INSERT INTO events (\(StoredRows.eventColumns)) VALUES (?, ?, ?, ?, ?, ?, ?)")
        for e in p.chained(after: previous) {
            try insertEvent.execute(arguments: [e.caseID, e.sequence, e.at.millis, e.type, e.body, e.previousHash, e.hash])
        }
        let s = w.snapshot
        try db.cachedStatement(sql: """
            INSERT INTO cases (\(StoredRows.caseColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET workflow = excluded.workflow, workflow_version = excluded.workflow_version,
                stage = excluded.stage, status = excluded.status, role = excluded.role, breached = excluded.breached,
                version = excluded.version, next_due = excluded.next_due, updated_at = excluded.updated_at, state = excluded.state
            """).execute(arguments: [s.id, s.workflow, s.workflowVersion, s.stage, s.status, s.role, s.breached, s.version,
                                     s.nextDue?.millis, s.updatedAt.millis, s.state])
        if let r = w.idempotency {
            try db.cachedStatement(sql: "INSERT INTO idempotency (key, fingerprint, status, body, created_at) VALUES (?, ?, ?, ?, ?)")
                .execute(arguments: [r.key, r.fingerprint, r.status, r.body, s.updatedAt.millis])
        }
    }
}
