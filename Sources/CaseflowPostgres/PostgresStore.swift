import CaseflowModel
import CaseflowStore
import Foundation
import Logging
import PostgresNIO

/// The store on PostgreSQL, shared by any number of daemons: commands on a case are serialised
/// by the case's row lock and version, due timers are claimed with `FOR UPDATE SKIP LOCKED`, and
/// a timer fires once because its event takes the case's next sequence number, which the
/// primary key (case_id, seq) lets only one writer have. Writes are committed in groups.
public final class PostgresStore: CaseStore {
    public let location: PostgresLocation
    let client: PostgresClient
    private let running: Task<Void, Never>
    private let committer: PostgresGroupCommitter
    /// This store's name on the timers it claims.
    let owner: String
    let logger: Logger

    /// Connects (the pool runs in the background until the store goes away) and migrates.
    public init(location: PostgresLocation, logger: Logger = Logger(label: "caseflow.postgres")) async throws {
        // One connection first, outside the pool: the pool retries an unreachable server (or a
        // refused login) without end, while this says at once what is wrong.
        do {
            let probe = try await PostgresConnection.connect(configuration: try location.connectionConfiguration(), id: 0, logger: logger)
            try? await probe.close()
        } catch {
            throw StoreError.unavailable("cannot connect to \(location): \(PostgresFailure.connection(error))")
        }
        self.location = location
        self.logger = logger
        let client = PostgresClient(configuration: location.clientConfiguration, backgroundLogger: logger)
        self.client = client
        running = Task { await client.run() }
        owner = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8))"
        committer = PostgresGroupCommitter(client: client, owner: owner, logger: logger,
                                           maxTransactions: 1)
        do {
            // Give `run()` a moment to start: the pool warns about leases that come before it.
            try await Task.sleep(for: .milliseconds(20))
            try await PostgresSchema.migrate(client, logger: logger)
        } catch {
            running.cancel()
            throw StoreError.unavailable("cannot open \(location): \(PostgresFailure.describe(error))")
        }
    }

    public convenience init(url: String, logger: Logger = Logger(label: "caseflow.postgres")) async throws {
        try await self.init(location: try PostgresLocation(url: url), logger: logger)
    }

    deinit { running.cancel() }

    /// Closes the pool; the store is unusable afterwards.
    public func close() { running.cancel() }

    /// Transactions committed so far and the writes in each (group commit at work).
    public var commitBatches: [Int] { committer.batches }

    public var commitTotals: CommitTotals { committer.totals }

    public func saveDefinition(_ definition: StoredDefinition) async throws -> String {
        let d = StoredDefinition(kind: definition.kind, id: definition.id, version: definition.version, source: definition.source)
        try await run("""
            INSERT INTO definitions (hash, kind, id, version, source) VALUES (\(d.hash), \(d.kind), \(d.id), \(d.version)::bigint, \(d.source))
            ON CONFLICT (hash) DO NOTHING
            """) { _ in }
        return d.hash
    }

    public func definition(hash: String) async throws -> StoredDefinition? {
        try await run("SELECT hash, kind, id, version, source FROM definitions WHERE hash = \(hash)", PostgresRows.definitions).first
    }

    public func definitions() async throws -> [StoredDefinition] {
        try await run("SELECT hash, kind, id, version, source FROM definitions ORDER BY kind, id, version NULLS FIRST, hash",
                      PostgresRows.definitions)
    }

    public func commit(_ write: CaseWrite) async throws {
        try await committer.commit(try PreparedWrite(write))
    }

    public func events(caseID: String) async throws -> [StoredEvent] {
        try await run("SELECT \(unescaped: PostgresRows.eventColumns) FROM events WHERE case_id = \(caseID) ORDER BY seq",
                      PostgresRows.events)
    }

    public func version(caseID: String) async throws -> Int? {
        try await run("SELECT version FROM cases WHERE id = \(caseID)") { rows in
            for try await row in rows { return try row.decode(Int.self) }
            return nil
        }
    }

    public func snapshot(caseID: String) async throws -> StoredCase? {
        try await run("SELECT \(unescaped: PostgresRows.caseColumns) FROM cases WHERE id = \(caseID)", PostgresRows.cases).first
    }

    /// Both in one repeatable-read transaction: the pair as one commit left it.
    public func caseRecord(caseID: String) async throws -> CaseRecord {
        let logger = self.logger
        do {
            return try await client.transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger) { conn in
                let snapshot = try await PostgresRows.cases(try await conn.query(
                    "SELECT \(unescaped: PostgresRows.caseColumns) FROM cases WHERE id = \(caseID)", logger: logger)).first
                let events = try await PostgresRows.events(try await conn.query(
                    "SELECT \(unescaped: PostgresRows.eventColumns) FROM events WHERE case_id = \(caseID) ORDER BY seq", logger: logger))
                return CaseRecord(snapshot: snapshot, events: events)
            }
        } catch let e as PostgresDecodingError {
            throw StoreError.corrupt(String(reflecting: e))
        } catch {
            throw PostgresFailure.store(error)
        }
    }

    public func cases(_ query: CaseQuery) async throws -> [StoredCase] {
        var sql = PostgresQuery.StringInterpolation(literalCapacity: 256, interpolationCount: 7)
        sql.appendLiteral("SELECT \(PostgresRows.caseColumns) FROM cases WHERE TRUE")
        func filter(_ condition: String, _ value: String?) {
            guard let value else { return }
            sql.appendLiteral(" AND \(condition) ")
            sql.appendInterpolation(value)
        }
        filter("id >", query.after)
        filter("workflow =", query.workflow)
        filter("stage =", query.stage)
        filter("status =", query.status)
        filter("role =", query.role)
        if let breached = query.breached {
            sql.appendLiteral(" AND breached = ")
            sql.appendInterpolation(breached)
        }
        for d in query.data {
            sql.appendLiteral(" AND id IN (SELECT case_id FROM case_search WHERE name = ")
            sql.appendInterpolation(d.field)
            sql.appendLiteral(" AND value = ")
            sql.appendInterpolation(d.value)
            sql.appendLiteral(")")
        }
        if let workflows = query.workflows {
            sql.appendLiteral(" AND workflow = ANY(")
            sql.appendInterpolation(workflows)
            sql.appendLiteral(")")
        }
        sql.appendLiteral(" ORDER BY id LIMIT ")
        sql.appendInterpolation(max(0, query.limit))
        return try await run(PostgresQuery(stringInterpolation: sql), PostgresRows.cases)
    }

    public func openCaseCounts() async throws -> [OpenCaseCount] {
        try await run("SELECT workflow, stage, COUNT(*)::bigint FROM cases WHERE status = 'open' GROUP BY workflow, stage ORDER BY workflow, stage") { rows in
            var counts: [OpenCaseCount] = []
            for try await (workflow, stage, n) in rows.decode((String, String, Int64).self) {
                counts.append(OpenCaseCount(workflow: workflow, stage: stage, count: Int(n)))
            }
            return counts
        }
    }

    public func caseIDs() async throws -> [String] {
        try await run("SELECT id FROM cases ORDER BY id") { rows in
            var ids: [String] = []
            for try await id in rows.decode(String.self) { ids.append(id) }
            return ids
        }
    }

    /// Claims the due open cases no other daemon holds (rows another transaction has locked are
    /// skipped, claims of other daemons count until they expire) until `claim_timeout` from now,
    /// database time. This store's own claims do not keep it off its cases. A commit on a case
    /// ends the claim, as does a write refused as stale.
    public func dueCases(before instant: Instant, limit: Int) async throws -> [(caseID: String, due: Instant)] {
        let ttl = Int(location.claimTimeout.components.seconds * 1000 + location.claimTimeout.components.attoseconds / 1_000_000_000_000_000)
        let claimed = try await run("""
            WITH due AS (
                SELECT id FROM cases
                WHERE status = 'open' AND next_due IS NOT NULL AND next_due <= \(instant.millis)
                  AND (claimed_until IS NULL OR claimed_until < now() OR claimed_by = \(owner))
                ORDER BY next_due, id
                LIMIT \(max(0, limit))
                FOR UPDATE SKIP LOCKED
            )
            UPDATE cases c SET claimed_by = \(owner), claimed_until = now() + \(ttl) * interval '1 millisecond'
            FROM due WHERE c.id = due.id
            RETURNING c.id, c.next_due
            """) { rows in
            var out: [(caseID: String, due: Instant)] = []
            for try await (id, due) in rows.decode((String, Int64).self) { out.append((id, Instant(millis: due))) }
            return out
        }
        return claimed.sorted { $0.due != $1.due ? $0.due < $1.due : $0.caseID.utf8.lexicographicallyPrecedes($1.caseID.utf8) }
    }

    public func idempotentResponse(key: String) async throws -> StoredResponse? {
        try await run("SELECT key, fingerprint, status, body FROM idempotency WHERE key = \(key)") { rows in
            for try await (key, fingerprint, status, body) in rows.decode((String, String, Int, String).self) {
                return StoredResponse(key: key, fingerprint: fingerprint, status: status, body: body)
            }
            return nil
        }
    }

    public func ledgerLeaves(from index: Int, limit: Int) async throws -> [LedgerLeaf] {
        try await run("SELECT idx, case_id, seq, event_hash FROM ledger WHERE idx > \(max(0, index)) ORDER BY idx LIMIT \(max(0, limit))") { rows in
            var out: [LedgerLeaf] = []
            for try await (idx, caseID, seq, hash) in rows.decode((Int, String, Int, String).self) {
                out.append(LedgerLeaf(index: idx - 1, caseID: caseID, sequence: seq, eventHash: hash))
            }
            return out
        }
    }

    public func ledgerSize() async throws -> Int {
        try await run("SELECT COALESCE(MAX(idx), 0)::bigint FROM ledger") { rows in
            for try await n in rows.decode(Int.self) { return n }
            return 0
        }
    }

    public func saveCheckpoint(_ c: StoredCheckpoint) async throws {
        try await run("""
            INSERT INTO checkpoints (size, root, signed_at, body, frontier)
            VALUES (\(c.size), \(c.root), \(c.signedAt.millis), \(c.body), \(c.frontier)) ON CONFLICT (size) DO NOTHING
            """) { _ in () }
    }

    public func checkpoints(before size: Int?, limit: Int) async throws -> [StoredCheckpoint] {
        try await run("""
            SELECT size, root, signed_at, body, frontier FROM checkpoints WHERE size < \(size ?? Int.max)
            ORDER BY size DESC LIMIT \(max(0, limit))
            """) { rows in
            var out: [StoredCheckpoint] = []
            for try await (size, root, at, body, frontier) in rows.decode((Int, String, Int64, String, String).self) {
                out.append(StoredCheckpoint(size: size, root: root, signedAt: Instant(millis: at), body: body, frontier: frontier))
            }
            return out
        }
    }

    public func saveRelease(_ files: [ReleaseSource], by: String, at: Instant) async throws -> (release: Release, created: Bool) {
        let entries = files.map { Release.File(path: $0.path, hash: $0.hash) }
        let digest = Release.digest(of: entries)
        let logger = self.logger
        do {
            return try await client.transaction(logger: logger) { conn in
                // Daemons starting together record one release, in turn.
                try await conn.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.releaseLock))", logger: logger)
                let rows = try await conn.query("SELECT number, activated_at, activated_by, digest, files FROM releases ORDER BY number DESC LIMIT 1",
                                                logger: logger)
                var last: Release?
                for try await (n, at, by, d, f) in rows.decode((Int, Int64, String, String, String).self) {
                    last = Release(number: n, activatedAt: Instant(millis: at), activatedBy: by, digest: d, files: Release.files(fromJSON: f))
                }
                if let last, last.digest == digest {
                    return (last, false)
                }
                for f in files {
                    try await conn.query("INSERT INTO sources (hash, text) VALUES (\(f.hash), \(f.text)) ON CONFLICT (hash) DO NOTHING",
                                         logger: logger)
                }
                let release = Release(number: (last?.number ?? 0) + 1, activatedAt: at, activatedBy: by, digest: digest, files: entries)
                try await conn.query("""
                    INSERT INTO releases (number, activated_at, activated_by, digest, files)
                    VALUES (\(release.number), \(at.millis), \(by), \(digest), \(release.filesJSON))
                    """, logger: logger)
                return (release, true)
            }
        } catch {
            throw PostgresFailure.store(error)
        }
    }

    public func releases() async throws -> [Release] {
        try await run("SELECT number, activated_at, activated_by, digest, files FROM releases ORDER BY number DESC") { rows in
            var out: [Release] = []
            for try await (n, at, by, d, f) in rows.decode((Int, Int64, String, String, String).self) {
                out.append(Release(number: n, activatedAt: Instant(millis: at), activatedBy: by, digest: d, files: Release.files(fromJSON: f)))
            }
            return out
        }
    }

    public func source(hash: String) async throws -> String? {
        try await run("SELECT text FROM sources WHERE hash = \(hash)") { rows in
            for try await text in rows.decode(String.self) { return text }
            return nil
        }
    }

    /// Runs one statement on a pooled connection; database errors become `StoreError`s.
    func run<T: Sendable>(_ query: PostgresQuery, _ read: @Sendable (PostgresRowSequence) async throws -> T) async throws -> T {
        do {
            return try await read(try await client.query(query, logger: logger))
        } catch let e as PostgresDecodingError {
            throw StoreError.corrupt(String(reflecting: e))
        } catch {
            throw PostgresFailure.store(error)
        }
    }
}
