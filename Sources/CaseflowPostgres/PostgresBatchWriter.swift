import CaseflowStore
import Logging
import PostgresNIO

/// A batch of writes. Its writes of distinct cases with distinct idempotency keys (nearly all
/// of them) go to the database in one call of `caseflow_commit` (see `PostgresCommitFunction`):
/// one round trip, its own transaction. The others (a second write on a case within the batch,
/// a key given twice) follow in one transaction, statement by statement.
///
/// In that transaction the batch's cases are locked first, in id order (`SELECT … FOR
/// UPDATE`), so each write's version check and previous hash are read under the lock and
/// batches of several daemons never deadlock on them. Each write then fails alone: a stale one
/// is refused before it writes anything, one whose idempotency key another request holds
/// writes nothing (one statement, the key first), and a new case — whose id another daemon may
/// take at the same moment — goes in its own savepoint. The chain continues from the case's
/// last event as read inside the transaction.
struct PostgresBatchWriter {
    let connection: PostgresConnection
    let owner: String
    let logger: Logger

    /// The outcome of each write, in the order given. Throws only when nothing of the batch was
    /// written (the call failed), so the batch may be run again as a whole.
    func run(_ writes: [PreparedWrite]) async throws -> [StoreError?] {
        var results = [StoreError?](repeating: nil, count: writes.count)
        var together: [Int] = [], after: [Int] = []  // in the call; in the transaction after it
        var seenCases: Set<String> = [], seenKeys: Set<String> = []
        for i in writes.indices {
            let first = seenCases.insert(writes[i].caseID).inserted
            let key = writes[i].write.idempotency?.key
            if first, key.map({ seenKeys.insert($0).inserted }) ?? true { together.append(i) } else { after.append(i) }
        }
        // One statement: when it throws, nothing of it was written, and the whole batch may go again.
        let outcomes = try await commitInOneCall(together.map { writes[$0] })
        for i in together { results[i] = outcomes[writes[i].caseID] ?? .unavailable("no outcome for case \(writes[i].caseID)") }
        guard !after.isEmpty else { return results }
        // The call has committed: from here on a failure is the later writes' alone.
        var attempt = 0
        while true {
            attempt += 1
            do {
                for (i, outcome) in zip(after, try await runInTransaction(after.map { writes[$0] })) { results[i] = outcome }
                return results
            } catch {
                if attempt < 5, PostgresFailure.isRetryable(error) { continue }
                let failure = StoreError.unavailable("commit failed: \(PostgresFailure.describe(error))")
                for i in after { results[i] = failure }
                return results
            }
        }
    }

    /// Writes of distinct cases with distinct keys, in one call: each one's outcome by case id.
    private func commitInOneCall(_ writes: [PreparedWrite]) async throws -> [String: StoreError?] {
        guard !writes.isEmpty else { return [:] }
        let w = writes.map(\.write)
        let s = w.map(\.snapshot)
        let r = w.map(\.idempotency)
        var eWrite: [Int32] = [], eSeq: [Int] = [], eAt: [Int64] = [], eType: [String] = [], eBody: [String] = []
        for (i, prepared) in writes.enumerated() {
            for (event, body) in zip(prepared.write.events, prepared.bodies) {
                eWrite.append(Int32(i + 1)); eSeq.append(event.sequence); eAt.append(event.at.millis)
                eType.append(event.kind.name); eBody.append(body)
            }
        }
        let search = w.flatMap { x in x.snapshot.search.map { (x.caseID, $0.key, $0.value) } }
        let d = w.flatMap { x in x.deliveries.map { ($0, x.snapshot.updatedAt.millis) } }
        let n = w.flatMap { x in x.notifications.map { ($0, x.snapshot.updatedAt.millis) } }
        let rows = try await connection.query("""
            SELECT out_case, out_outcome, out_actual FROM caseflow_commit(
                \(w.map(\.caseID)), \(w.map(\.expectedVersion)), \(r.map { $0 != nil }), \(r.map { $0?.key ?? "" }),
                \(r.map { $0?.fingerprint ?? "" }), \(r.map { $0?.status ?? 0 }), \(r.map { $0?.body ?? "" }),
                \(s.map(\.workflow)), \(s.map(\.workflowVersion)), \(s.map(\.stage)), \(s.map(\.status)), \(s.map { $0.role != nil }),
                \(s.map { $0.role ?? "" }), \(s.map(\.breached)), \(s.map(\.version)), \(s.map { $0.nextDue != nil }),
                \(s.map { $0.nextDue?.millis ?? 0 }), \(s.map(\.updatedAt.millis)), \(s.map(\.state)),
                \(eWrite), \(eSeq), \(eAt), \(eType), \(eBody),
                \(w.filter(\.snapshot.replacesSearch).map(\.caseID)), \(search.map(\.0)), \(search.map(\.1)), \(search.map(\.2)),
                \(d.map(\.0.caseID)), \(d.map(\.0.message)), \(d.map(\.0.channel)), \(d.map(\.0.receiver)), \(d.map(\.0.payload)), \(d.map(\.1)),
                \(n.map(\.0.caseID)), \(n.map(\.0.person)), \(n.map(\.0.message)), \(n.map(\.0.payload)), \(n.map(\.1)),
                \(HashChain.genesis), \(PostgresSchema.ledgerLock), \(owner))
            """, logger: logger)
        var outcomes: [String: StoreError?] = [:]
        let byCase = Dictionary(w.map { ($0.caseID, $0) }, uniquingKeysWith: { a, _ in a })
        for try await (id, outcome, actual) in rows.decode((String, String, Int).self) {
            let write = byCase[id]
            switch outcome {
            case "written": outcomes[id] = .some(nil)
            case "stale", "id_taken":
                outcomes[id] = .staleVersion(caseID: id, expected: write?.expectedVersion ?? 0, actual: actual)
            default: outcomes[id] = .idempotencyKeyTaken(write?.idempotency?.key ?? "")
            }
        }
        return outcomes
    }

    /// One transaction, write by write (see the type's comment).
    private func runInTransaction(_ writes: [PreparedWrite]) async throws -> [StoreError?] {
        var results = [StoreError?](repeating: nil, count: writes.count)
        // Lock order is id order; writes of one case keep their order.
        let order = writes.indices.sorted { a, b in
            let (x, y) = (writes[a].caseID, writes[b].caseID)
            return x == y ? a < b : x.utf8.lexicographicallyPrecedes(y.utf8)
        }
        let useSavepoints = writes.count > 1
        try await connection.query("BEGIN", logger: logger)
        do {
            var current = try await lockCases(Array(Set(writes.map(\.caseID))))
            var staleClaims: [String] = []
            var written: [StoredEvent] = []
            var applied: [CaseWrite] = []
            for i in order {
                let w = writes[i]
                let (version, previousHash) = current[w.caseID] ?? (0, HashChain.genesis)
                guard version == w.write.expectedVersion else {
                    results[i] = .staleVersion(caseID: w.caseID, expected: w.write.expectedVersion, actual: version)
                    staleClaims.append(w.caseID)
                    continue
                }
                // A new case's insert can collide with another daemon's after its idempotency answer is
                // in: it goes in a savepoint. A write on a case locked above cannot fail that way, and
                // a taken idempotency key stops its write before anything is written.
                let savepoint = useSavepoints && version == 0
                if savepoint { try await connection.query("SAVEPOINT caseflow_write", logger: logger) }
                do {
                    let events = w.chained(after: previousHash)
                    let inserted = try await insert(w, events: events)
                    if savepoint { try await connection.query("RELEASE SAVEPOINT caseflow_write", logger: logger) }
                    if inserted {
                        written += events
                        applied.append(w.write)
                        current[w.caseID] = (w.write.snapshot.version, events.last?.hash ?? previousHash)
                    } else {
                        let failure = StoreError.idempotencyKeyTaken(w.write.idempotency?.key ?? "")
                        guard useSavepoints else {
                            try await connection.query("ROLLBACK", logger: logger)
                            return [failure]
                        }
                        results[i] = failure
                    }
                } catch {
                    guard var failure = Self.refusal(for: error, of: w), savepoint || !useSavepoints else { throw error }
                    try await connection.query(PostgresQuery(unsafeSQL: savepoint ? "ROLLBACK TO SAVEPOINT caseflow_write" : "ROLLBACK"), logger: logger)
                    if case .staleVersion(let id, let expected, -1) = failure {
                        // Another daemon created this case first: report the version it is at now.
                        failure = .staleVersion(caseID: id, expected: expected, actual: try await storedVersion(of: id))
                    }
                    guard useSavepoints else { return [failure] }
                    results[i] = failure
                }
            }
            if !staleClaims.isEmpty {
                // A daemon that advanced a case from an outdated copy lets the others have its timer at once.
                try await connection.query("""
                    UPDATE cases SET claimed_by = NULL, claimed_until = NULL
                    WHERE id = ANY(\(staleClaims)) AND claimed_by = \(owner)
                    """, logger: logger)
            }
            try await appendToLedger(written)
            try await PostgresSearch.replace(applied.filter(\.snapshot.replacesSearch).map { ($0.caseID, $0.snapshot.search) },
                                             on: connection, logger: logger)
            try await PostgresOutbox.insert(applied.flatMap { w in w.deliveries.map { ($0, w.snapshot.updatedAt) } },
                                            applied.flatMap { w in w.notifications.map { ($0, w.snapshot.updatedAt) } },
                                            on: connection, logger: logger)
            try await connection.query("COMMIT", logger: logger)
            return results
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    /// Locks the existing cases among `ids` and reads each one's version and last event hash.
    private func lockCases(_ ids: [String]) async throws -> [String: (version: Int, hash: String)] {
        let rows = try await connection.query("""
            SELECT c.id, c.version,
                   (SELECT e.hash FROM events e WHERE e.case_id = c.id ORDER BY e.seq DESC LIMIT 1)
            FROM cases c WHERE c.id = ANY(\(ids)) ORDER BY c.id FOR UPDATE OF c
            """, logger: logger)
        var out: [String: (version: Int, hash: String)] = [:]
        for try await (id, version, hash) in rows.decode((String, Int, String?).self) {
            out[id] = (version, hash ?? HashChain.genesis)
        }
        return out
    }

    /// Idempotency answer, snapshot and events in one statement, in that order: when another
    /// request holds the key, nothing is written and it returns false. A new case whose id
    /// another transaction took first fails on the primary keys of cases and events.
    private func insert(_ w: PreparedWrite, events: [StoredEvent]) async throws -> Bool {
        let s = w.write.snapshot
        let r = w.write.idempotency
        let rows = try await connection.query("""
            WITH answer AS (
                INSERT INTO idempotency (key, fingerprint, status, body, created_at)
                SELECT k, f, st, b, t FROM (VALUES (\(r?.key)::text, \(r?.fingerprint)::text, \(r?.status)::bigint,
                                                    \(r?.body)::text, \(s.updatedAt.millis)::bigint)) AS v(k, f, st, b, t)
                WHERE k IS NOT NULL
                ON CONFLICT (key) DO NOTHING
                RETURNING 1
            ), allowed AS (
                SELECT \(r?.key)::text IS NULL OR EXISTS (SELECT 1 FROM answer) AS ok
            ), snapshot AS (
                INSERT INTO cases (id, workflow, workflow_version, stage, status, role, breached, version, next_due,
                                   updated_at, state, claimed_by, claimed_until)
                SELECT \(s.id), \(s.workflow), \(s.workflowVersion), \(s.stage), \(s.status), \(s.role)::text, \(s.breached),
                       \(s.version), \(s.nextDue?.millis)::bigint, \(s.updatedAt.millis), \(s.state), NULL, NULL::timestamptz
                FROM allowed WHERE allowed.ok
                ON CONFLICT (id) DO UPDATE SET workflow = excluded.workflow, workflow_version = excluded.workflow_version,
                    stage = excluded.stage, status = excluded.status, role = excluded.role, breached = excluded.breached,
                    version = excluded.version, next_due = excluded.next_due, updated_at = excluded.updated_at,
                    state = excluded.state, claimed_by = NULL, claimed_until = NULL
                RETURNING 1
            ), new_events AS (
                INSERT INTO events (case_id, seq, at, type, body, prev_hash, hash)
                SELECT \(w.caseID), e.seq, e.at, e.type, e.body, e.prev_hash, e.hash
                FROM unnest(\(events.map(\.sequence)), \(events.map(\.at.millis)), \(events.map(\.type)),
                            \(events.map(\.body)), \(events.map(\.previousHash)), \(events.map(\.hash)))
                     AS e(seq, at, type, body, prev_hash, hash)
                WHERE EXISTS (SELECT 1 FROM snapshot)
            )
            SELECT ok FROM allowed
            """, logger: logger)
        var ok = false
        for try await allowed in rows.decode(Bool.self) { ok = allowed }
        return ok
    }

    /// Appends the transaction's events to the ledger after the largest index, under an advisory
    /// lock held until commit: daemons append one after another, so the ledger has no gaps.
    private func appendToLedger(_ events: [StoredEvent]) async throws {
        guard !events.isEmpty else { return }
        try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.ledgerLock))", logger: logger)
        try await connection.query("""
            INSERT INTO ledger (idx, case_id, seq, event_hash)
            SELECT base.m + e.n, e.case_id, e.seq, e.hash
            FROM unnest(\(events.map(\.caseID)), \(events.map(\.sequence)), \(events.map(\.hash))) WITH ORDINALITY AS e(case_id, seq, hash, n),
                 (SELECT COALESCE(MAX(idx), 0) AS m FROM ledger) AS base
            """, logger: logger)
    }

    /// What to tell the caller when its write failed inside its savepoint; nil when the error
    /// is the database's, not the write's.
    private static func refusal(for error: any Error, of w: PreparedWrite) -> StoreError? {
        if let e = error as? StoreError { return e }
        if PostgresFailure.sqlState(error) == PostgresFailure.uniqueViolation {
            return .staleVersion(caseID: w.caseID, expected: w.write.expectedVersion, actual: -1)
        }
        return nil
    }

    private func storedVersion(of id: String) async throws -> Int {
        let rows = try await connection.query("SELECT version FROM cases WHERE id = \(id)", logger: logger)
        for try await v in rows.decode(Int.self) { return v }
        return 0
    }
}
