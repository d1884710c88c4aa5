import CaseflowStore
import Logging
import PostgresNIO

/// One transaction for a batch of writes. The batch's cases are locked first, in id order
/// (`SELECT … FOR UPDATE`), so each write's version check and previous hash are read under the
/// lock and batches of several daemons never deadlock on them. Each write then fails alone:
/// a stale one is refused before it writes anything, one whose idempotency key another request
/// holds writes nothing (one statement, the key first), and a new case whose id another daemon
/// took at the same moment writes nothing either (its row goes in with `ON CONFLICT DO
/// NOTHING`, its events only behind it, and the answer it stored is taken back). The chain
/// continues from the case's last event as read inside the transaction.
///
/// A batch is a handful of round trips whatever its size: the writes of distinct cases, new or
/// not, go in one statement; the search values in one; the outbox in one; the ledger in two.
struct PostgresBatchWriter {
    let connection: PostgresConnection
    let owner: String
    let logger: Logger

    /// The outcome of each write, in the order given. Throws when the transaction as a whole fails.
    func run(_ writes: [PreparedWrite]) async throws -> [StoreError?] {
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
            // Most writes continue a case locked above or open a new one, one per case, each with
            // its own key or none: those go in one statement. The rest follow one by one, in order.
            var bulk: [Int] = []
            var seenCases: Set<String> = [], seenKeys: Set<String> = []
            for i in order {
                let w = writes[i]
                let key = w.write.idempotency?.key
                let first = seenCases.insert(w.caseID).inserted
                guard first, (current[w.caseID]?.version ?? 0) == w.write.expectedVersion,
                      key.map({ seenKeys.insert($0).inserted }) ?? true else { continue }
                bulk.append(i)
            }
            let done = Set(bulk)
            if !bulk.isEmpty {
                let chained = bulk.map { writes[$0].chained(after: current[writes[$0].caseID]?.hash ?? HashChain.genesis) }
                let outcome = try await insertAll(bulk.map { writes[$0] }, events: chained, new: bulk.map { current[writes[$0].caseID] == nil })
                var takenBack: [String] = []
                for (i, events) in zip(bulk, chained) {
                    let w = writes[i]
                    switch outcome[w.caseID] {
                    case .written?:
                        written += events
                        applied.append(w.write)
                        current[w.caseID] = (w.write.snapshot.version, events.last?.hash ?? HashChain.genesis)
                    case .idTaken(let claimedKey)?:
                        // Another daemon opened a case under this id first: nothing of this write stays.
                        if claimedKey, let key = w.write.idempotency?.key { takenBack.append(key) }
                        results[i] = .staleVersion(caseID: w.caseID, expected: 0, actual: try await storedVersion(of: w.caseID))
                    case .keyTaken?, nil:
                        results[i] = .idempotencyKeyTaken(w.write.idempotency?.key ?? "")
                    }
                }
                if !takenBack.isEmpty {
                    try await connection.query("DELETE FROM idempotency WHERE key = ANY(\(takenBack))", logger: logger)
                }
            }
            for i in order where !done.contains(i) {
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
            try await PostgresSearch.replace(applied.filter { !$0.snapshot.search.isEmpty }.map { ($0.caseID, $0.snapshot.search) },
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

    /// What became of one write of `insertAll`.
    enum BulkOutcome {
        case written
        /// Another request holds its idempotency key: nothing of it was written.
        case keyTaken
        /// A new case whose id another transaction took first: nothing of it was written but its
        /// idempotency answer, if it claimed one (`claimedKey`), which the caller takes back.
        case idTaken(claimedKey: Bool)
    }

    /// The bulk form of `insert`: one statement for writes of distinct cases with distinct keys,
    /// each either continuing a case locked above or opening a new one (`new`). A new case's row
    /// goes in with `ON CONFLICT DO NOTHING` (an existing case's overwrites its locked row), and
    /// events follow only the rows that went in.
    private func insertAll(_ writes: [PreparedWrite], events: [[StoredEvent]], new: [Bool]) async throws -> [String: BulkOutcome] {
        let snapshots = writes.map(\.write.snapshot)
        let answers = writes.map(\.write.idempotency)
        let flat = events.joined()
        let rows = try await connection.query("""
            WITH input AS (
                SELECT * FROM unnest(\(writes.map(\.caseID)), \(answers.map { $0 != nil }), \(answers.map { $0?.key ?? "" }),
                                     \(answers.map { $0?.fingerprint ?? "" }), \(answers.map { $0?.status ?? 0 }),
                                     \(answers.map { $0?.body ?? "" }), \(snapshots.map(\.updatedAt.millis)))
                     AS i(case_id, has_key, k, f, st, b, t)
            ), answer AS (
                INSERT INTO idempotency (key, fingerprint, status, body, created_at)
                SELECT k, f, st, b, t FROM input WHERE has_key
                ON CONFLICT (key) DO NOTHING
                RETURNING key
            ), allowed AS (
                SELECT case_id FROM input WHERE NOT has_key OR k IN (SELECT key FROM answer)
            ), rows AS (
                SELECT * FROM unnest(\(snapshots.map(\.id)), \(new), \(snapshots.map(\.workflow)), \(snapshots.map(\.workflowVersion)),
                            \(snapshots.map(\.stage)), \(snapshots.map(\.status)), \(snapshots.map { $0.role != nil }),
                            \(snapshots.map { $0.role ?? "" }), \(snapshots.map(\.breached)), \(snapshots.map(\.version)),
                            \(snapshots.map { $0.nextDue != nil }), \(snapshots.map { $0.nextDue?.millis ?? 0 }),
                            \(snapshots.map(\.updatedAt.millis)), \(snapshots.map(\.state)))
                     AS s(id, is_new, workflow, workflow_version, stage, status, has_role, role, breached, version, has_due, next_due,
                          updated_at, state)
                WHERE s.id IN (SELECT case_id FROM allowed)
            ), updated AS (
                INSERT INTO cases (id, workflow, workflow_version, stage, status, role, breached, version, next_due,
                                   updated_at, state, claimed_by, claimed_until)
                SELECT s.id, s.workflow, s.workflow_version, s.stage, s.status, CASE WHEN s.has_role THEN s.role END,
                       s.breached, s.version, CASE WHEN s.has_due THEN s.next_due END, s.updated_at, s.state, NULL, NULL::timestamptz
                FROM rows s WHERE NOT s.is_new
                ON CONFLICT (id) DO UPDATE SET workflow = excluded.workflow, workflow_version = excluded.workflow_version,
                    stage = excluded.stage, status = excluded.status, role = excluded.role, breached = excluded.breached,
                    version = excluded.version, next_due = excluded.next_due, updated_at = excluded.updated_at,
                    state = excluded.state, claimed_by = NULL, claimed_until = NULL
                RETURNING id
            ), created AS (
                INSERT INTO cases (id, workflow, workflow_version, stage, status, role, breached, version, next_due,
                                   updated_at, state, claimed_by, claimed_until)
                SELECT s.id, s.workflow, s.workflow_version, s.stage, s.status, CASE WHEN s.has_role THEN s.role END,
                       s.breached, s.version, CASE WHEN s.has_due THEN s.next_due END, s.updated_at, s.state, NULL, NULL::timestamptz
                FROM rows s WHERE s.is_new
                ON CONFLICT (id) DO NOTHING
                RETURNING id
            ), snapshot AS (
                SELECT id FROM updated UNION ALL SELECT id FROM created
            ), new_events AS (
                INSERT INTO events (case_id, seq, at, type, body, prev_hash, hash)
                SELECT e.case_id, e.seq, e.at, e.type, e.body, e.prev_hash, e.hash
                FROM unnest(\(flat.map(\.caseID)), \(flat.map(\.sequence)), \(flat.map(\.at.millis)), \(flat.map(\.type)),
                            \(flat.map(\.body)), \(flat.map(\.previousHash)), \(flat.map(\.hash)))
                     AS e(case_id, seq, at, type, body, prev_hash, hash)
                WHERE e.case_id IN (SELECT id FROM snapshot)
            )
            SELECT i.case_id, i.case_id IN (SELECT case_id FROM allowed), i.case_id IN (SELECT id FROM snapshot),
                   i.has_key AND i.k IN (SELECT key FROM answer)
            FROM input i
            """, logger: logger)
        var outcomes: [String: BulkOutcome] = [:]
        for try await (id, allowed, wrote, claimed) in rows.decode((String, Bool, Bool, Bool).self) {
            outcomes[id] = wrote ? .written : allowed ? .idTaken(claimedKey: claimed) : .keyTaken
        }
        return outcomes
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
