import GRDB

/// Applies prepared writes inside the open transaction: version check, chain, events, snapshot,
/// idempotency answer. A write that does not apply fails alone with the `StoreError` that says why.
enum SQLiteWriteApplier {
    /// Where a case's history stands: its version and the hash its next event links to.
    struct Head {
        var version: Int
        var hash: String
    }

    /// Rows per multi-row statement (7 parameters per event row, 12 per case row).
    static let eventRowsPerStatement = 64
    static let caseRowsPerStatement = 32
    static let idsPerQuery = 256

    /// A whole group-commit batch with a few statements instead of several per write: where every
    /// case stands is read in one query, each write is checked against that (and against the writes
    /// before it in the batch), and the events and snapshots of all the writes that apply go in with
    /// multi-row statements. A write that fails a check writes nothing. If a statement fails, the
    /// caller rolls the batch back and applies the writes one by one (`apply(_:in:)`). Each write's
    /// outcome: the hash its case's history now ends with, or why it was not written.
    static func apply(batch writes: [PreparedWrite], in db: Database) throws -> [Result<String, StoreError>] {
        var heads = try self.heads(of: Array(Set(writes.map(\.caseID))), in: db)
        var taken = try takenKeys(writes.compactMap { $0.write.idempotency?.key }, in: db)
        var outcomes: [Result<String, StoreError>] = []
        outcomes.reserveCapacity(writes.count)
        var events: [StoredEvent] = []
        var snapshots: [String: (snapshot: StoredCase, lastHash: String)] = [:]
        var order: [String] = []
        var responses: [(StoredResponse, Int64)] = []
        var outbox: [(NewDelivery, Int64)] = []
        var inbox: [(NewNotification, Int64)] = []
        for p in writes {
            let w = p.write
            let head = heads[w.caseID] ?? Head(version: 0, hash: HashChain.genesis)
            guard head.version == w.expectedVersion else {
                outcomes.append(.failure(.staleVersion(caseID: w.caseID, expected: w.expectedVersion, actual: head.version)))
                continue
            }
            if let r = w.idempotency {
                guard taken.insert(r.key).inserted else {
                    outcomes.append(.failure(.idempotencyKeyTaken(r.key)))
                    continue
                }
                responses.append((r, w.snapshot.updatedAt.millis))
            }
            let chained = p.chained(after: head.hash)
            events += chained
            let next = Head(version: w.expectedVersion + w.events.count, hash: chained.last?.hash ?? head.hash)
            heads[w.caseID] = next
            if snapshots[w.caseID] == nil { order.append(w.caseID) }
            snapshots[w.caseID] = (w.snapshot, next.hash)
            outbox += w.deliveries.map { ($0, w.snapshot.updatedAt.millis) }
            inbox += w.notifications.map { ($0, w.snapshot.updatedAt.millis) }
            outcomes.append(.success(next.hash))
        }
        try insert(events, in: db)
        try appendToLedger(events, in: db)
        try upsert(order.compactMap { snapshots[$0] }, in: db)
        try writeSearch(order.compactMap { snapshots[$0]?.snapshot }, in: db)
        for (r, at) in responses { try insert(r, at: at, in: db) }
        try SQLiteOutbox.insert(outbox, in: db)
        try SQLiteOutbox.insert(inbox, in: db)
        return outcomes
    }

    /// One write on its own (the fallback when a batch statement failed); the hash its case's history now ends with.
    static func apply(_ p: PreparedWrite, in db: Database) throws -> String {
        let w = p.write
        let head = try heads(of: [w.caseID], in: db)[w.caseID] ?? Head(version: 0, hash: HashChain.genesis)
        guard head.version == w.expectedVersion else {
            throw StoreError.staleVersion(caseID: w.caseID, expected: w.expectedVersion, actual: head.version)
        }
        if let key = w.idempotency?.key, !(try takenKeys([key], in: db)).isEmpty {
            throw StoreError.idempotencyKeyTaken(key)
        }
        let chained = p.chained(after: head.hash)
        let last = chained.last?.hash ?? head.hash
        try insert(chained, in: db)
        try appendToLedger(chained, in: db)
        try upsert([(w.snapshot, last)], in: db)
        try writeSearch([w.snapshot], in: db)
        if let r = w.idempotency { try insert(r, at: w.snapshot.updatedAt.millis, in: db) }
        try SQLiteOutbox.insert(w.deliveries.map { ($0, w.snapshot.updatedAt.millis) }, in: db)
        try SQLiteOutbox.insert(w.notifications.map { ($0, w.snapshot.updatedAt.millis) }, in: db)
        return last
    }

    /// Version and last hash of each case that has a row.
    static func heads(of ids: [String], in db: Database) throws -> [String: Head] {
        var heads: [String: Head] = [:]
        for chunk in chunks(ids, of: idsPerQuery) {
            let rows = try Row.fetchAll(db.cachedStatement(sql: "SELECT id, version, last_hash FROM cases WHERE id IN (\(marks(chunk.count)))"),
                                        arguments: StatementArguments(chunk))
            for row in rows {
                let id: String = row[0]
                let version: Int = row[1]
                // Rows written before the column existed were given it by the migration; this is a guard.
                let hash: String = try row[2] ?? String.fetchOne(
                    db.cachedStatement(sql: "SELECT hash FROM events WHERE case_id = ? ORDER BY seq DESC LIMIT 1"), arguments: [id])
                    ?? HashChain.genesis
                heads[id] = Head(version: version, hash: hash)
            }
        }
        return heads
    }

    private static func takenKeys(_ keys: [String], in db: Database) throws -> Set<String> {
        var taken = Set<String>()
        for chunk in chunks(keys, of: idsPerQuery) {
            taken.formUnion(try String.fetchAll(db.cachedStatement(sql: "SELECT key FROM idempotency WHERE key IN (\(marks(chunk.count)))"),
                                                arguments: StatementArguments(chunk)))
        }
        return taken
    }

    private static let eventInsertSQL = (0...eventRowsPerStatement).map { n in
        "INSERT INTO events (\(StoredRows.eventColumns)) VALUES " + RowBinder.valueGroups(rows: n, columns: 7)
    }
    private static let ledgerInsertSQL = (0...eventRowsPerStatement).map { n in
        "INSERT INTO ledger (case_id, seq, event_hash) VALUES " + RowBinder.valueGroups(rows: n, columns: 3)
    }
    private static let caseUpsertSQL = (0...caseRowsPerStatement).map { n in
        """
        INSERT INTO cases (\(StoredRows.caseColumns), last_hash) VALUES \(RowBinder.valueGroups(rows: n, columns: 12))
        ON CONFLICT(id) DO UPDATE SET workflow = excluded.workflow, workflow_version = excluded.workflow_version,
            stage = excluded.stage, status = excluded.status, role = excluded.role, breached = excluded.breached,
            version = excluded.version, next_due = excluded.next_due, updated_at = excluded.updated_at,
            state = excluded.state, last_hash = excluded.last_hash
        """
    }

    private static func insert(_ events: [StoredEvent], in db: Database) throws {
        for chunk in chunks(events, of: eventRowsPerStatement) {
            try RowBinder.execute(db.cachedStatement(sql: eventInsertSQL[chunk.count]), in: db) { b in
                for e in chunk {
                    b.text(e.caseID); b.int(e.sequence); b.int(e.at.millis); b.text(e.type); b.text(e.body)
                    b.text(e.previousHash); b.text(e.hash)
                }
            }
        }
    }

    /// The ledger's index is the row id: one more than the largest, in the order given.
    private static func appendToLedger(_ events: [StoredEvent], in db: Database) throws {
        for chunk in chunks(events, of: eventRowsPerStatement) {
            try RowBinder.execute(db.cachedStatement(sql: ledgerInsertSQL[chunk.count]), in: db) { b in
                for e in chunk { b.text(e.caseID); b.int(e.sequence); b.text(e.hash) }
            }
        }
    }

    private static func upsert(_ cases: [(snapshot: StoredCase, lastHash: String)], in db: Database) throws {
        for chunk in chunks(cases, of: caseRowsPerStatement) {
            try RowBinder.execute(db.cachedStatement(sql: caseUpsertSQL[chunk.count]), in: db) { b in
                for (s, hash) in chunk {
                    b.text(s.id); b.text(s.workflow); b.int(s.workflowVersion); b.text(s.stage); b.text(s.status); b.text(s.role)
                    b.bool(s.breached); b.int(s.version); b.int(s.nextDue?.millis); b.int(s.updatedAt.millis); b.text(s.state)
                    b.text(hash)
                }
            }
        }
    }

    /// The search values of the written cases: those of cases with `search:` fields replaced
    /// (all of a case's values gone when it has none now).
    static func writeSearch(_ cases: [StoredCase], in db: Database) throws {
        let indexed = cases.filter(\.replacesSearch)
        guard !indexed.isEmpty else { return }
        try replaceSearch(indexed.map { ($0.id, $0.search) }, in: db)
    }

    static func replaceSearch(_ rows: [(caseID: String, values: [String: String])], in db: Database) throws {
        for chunk in chunks(rows.map(\.caseID), of: idsPerQuery) {
            try db.execute(sql: "DELETE FROM case_search WHERE case_id IN (\(marks(chunk.count)))", arguments: StatementArguments(chunk))
        }
        let flat = rows.flatMap { r in r.values.sorted { $0.key < $1.key }.map { (r.caseID, $0.key, $0.value) } }
        for chunk in chunks(flat, of: 128) {
            var args: [(any DatabaseValueConvertible)?] = []
            for (c, n, v) in chunk { args += [c, n, v] }
            try db.cachedStatement(sql: "INSERT INTO case_search (case_id, name, value) VALUES "
                                   + repeatElement("(?, ?, ?)", count: chunk.count).joined(separator: ", "))
                .execute(arguments: StatementArguments(args))
        }
    }

    private static func insert(_ r: StoredResponse, at millis: Int64, in db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO idempotency (key, fingerprint, status, body, created_at) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [r.key, r.fingerprint, r.status, r.body, millis])
    }

    static func marks(_ n: Int) -> String {
        repeatElement("?", count: n).joined(separator: ", ")
    }

    static func chunks<T>(_ items: [T], of size: Int) -> [ArraySlice<T>] {
        stride(from: 0, to: items.count, by: size).map { items[$0..<min($0 + size, items.count)] }
    }
}
