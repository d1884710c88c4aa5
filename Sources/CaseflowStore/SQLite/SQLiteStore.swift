import CaseflowModel
import Foundation
import GRDB
import Synchronization

/// The store on SQLite: a file in WAL mode, synced in full before a commit returns.
public final class SQLiteStore: CaseStore {
    let writer: any DatabaseWriter
    private let committer: GroupCommitter

    /// How long a write waits for another process's transaction on the same file, in seconds.
    static let busyTimeout: TimeInterval = 10

    /// Opens (creating and migrating) the database file. `migrating` is told the names of the
    /// migrations an existing database is about to get, before they run (some rewrite a table:
    /// minutes on a database of millions of events).
    public init(path: String, migrating: (([String]) -> Void)? = nil) throws {
        do {
            // Another process may write the file too (`caseflow migrate --db` beside a running
            // daemon): a writer waits for the other's transaction rather than fail at once.
            var configuration = Configuration()
            configuration.busyMode = .timeout(Self.busyTimeout)
            let pool = try DatabasePool(path: path, configuration: configuration)
            // GRDB sets NORMAL on the writer in WAL mode; a commit must be on disk before it is acknowledged.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            let migrator = SQLiteSchema.migrator
            if let migrating {
                let (applied, fresh) = try pool.read { db in (try migrator.appliedIdentifiers(db), try !db.tableExists("events")) }
                let pending = migrator.migrations.filter { !applied.contains($0) }
                if !fresh && !pending.isEmpty { migrating(pending) }
            }
            try migrator.migrate(pool)
            // A batch is written in a savepoint, whose journal (the original of each page the
            // batch changes, a few hundred KB) SQLite spills to a temporary file past 64 KiB: a
            // file created, written and deleted for most transactions. The writer keeps it in
            // memory. Set after the migrations, which may sort far more than that.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA temp_store = MEMORY") }
            writer = pool
        } catch {
            throw StoreError.unavailable("cannot open \(path): \(error)")
        }
        committer = GroupCommitter(writer: writer)
    }

    /// Opens an existing database for reading only (history, verify), never migrating it.
    public init(readingOnly path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.unavailable("no database at \(path)") }
        var config = Configuration()
        config.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            let ready = try queue.read { db in try db.tableExists("events") && db.tableExists("cases") }
            guard ready else { throw StoreError.unavailable("\(path) is not a caseflow database") }
            writer = queue
        } catch let e as StoreError {
            throw e
        } catch {
            throw StoreError.unavailable("cannot open \(path): \(error)")
        }
        committer = GroupCommitter(writer: writer)
    }

    /// A database in memory, for tests.
    public init() throws {
        writer = try DatabaseQueue()
        try SQLiteSchema.migrator.migrate(writer)
        committer = GroupCommitter(writer: writer)
    }

    /// Transactions committed so far and the writes in each (group commit at work).
    public var commitBatches: [Int] { committer.batches }

    public var commitTotals: CommitTotals { committer.totals }

    public func saveDefinition(_ definition: StoredDefinition) async throws -> String {
        let d = StoredDefinition(kind: definition.kind, id: definition.id, version: definition.version, source: definition.source)
        try await writer.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO definitions (hash, kind, id, version, source) VALUES (?, ?, ?, ?, ?)",
                           arguments: [d.hash, d.kind, d.id, d.version, d.source])
        }
        return d.hash
    }

    public func definition(hash: String) async throws -> StoredDefinition? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM definitions WHERE hash = ?", arguments: [hash]).map(StoredRows.definition)
        }
    }

    public func definitions() async throws -> [StoredDefinition] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM definitions ORDER BY kind, id, version, hash").map(StoredRows.definition)
        }
    }

    /// Commits the write with the others waiting (group commit). Its events are hashed here, in
    /// the caller's task, after the hash this store last wrote for the case; the writer checks
    /// that the case still ends there (and hashes them itself when it does not).
    public func commit(_ write: CaseWrite) async throws {
        let expected: String? = write.expectedVersion == 0
            ? HashChain.genesis
            : heads.withLock { kept -> String? in kept[write.caseID].flatMap { $0.version == write.expectedVersion ? $0.hash : nil } }
        let last = try await committer.commit(try PreparedWrite(write, after: expected))
        let version = write.expectedVersion + write.events.count
        heads.withLock { heads in
            let kept = heads[write.caseID]?.version
            if let kept, kept >= version { return }  // a later write of the case got here first
            if kept == nil, heads.count >= Self.headsKept { heads.removeAll(keepingCapacity: true) }
            heads[write.caseID] = (version, last)
        }
    }

    /// The version and last hash of the cases this store wrote lately, at most `headsKept` (about
    /// 200 bytes each): the cases being worked on now, whose next write comes soon.
    private let heads = Mutex<[String: (version: Int, hash: String)]>([:])
    static let headsKept = 10_000

    public func events(caseID: String) async throws -> [StoredEvent] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT \(StoredRows.eventColumns) FROM events WHERE case_id = ? ORDER BY seq",
                             arguments: [caseID]).map(StoredRows.event)
        }
    }

    public func version(caseID: String) async throws -> Int? {
        try await read { db in try Int.fetchOne(db.cachedStatement(sql: "SELECT version FROM cases WHERE id = ?"), arguments: [caseID]) }
    }

    public func snapshot(caseID: String) async throws -> StoredCase? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT \(StoredRows.caseColumns) FROM cases WHERE id = ?", arguments: [caseID])
                .map(StoredRows.storedCase)
        }
    }

    /// Both in one read transaction: the pair as one commit left it.
    public func caseRecord(caseID: String) async throws -> CaseRecord {
        try await read { db in
            let snapshot = try Row.fetchOne(db, sql: "SELECT \(StoredRows.caseColumns) FROM cases WHERE id = ?", arguments: [caseID])
                .map(StoredRows.storedCase)
            let events = try Row.fetchAll(db, sql: "SELECT \(StoredRows.eventColumns) FROM events WHERE case_id = ? ORDER BY seq",
                                          arguments: [caseID]).map(StoredRows.event)
            return CaseRecord(snapshot: snapshot, events: events)
        }
    }

    public func cases(_ query: CaseQuery) async throws -> [StoredCase] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        func filter(_ sql: String, _ value: (any DatabaseValueConvertible)?) {
            guard let value else { return }
            conditions.append(sql)
            arguments += [value]
        }
        filter("id > ?", query.after)
        filter("workflow = ?", query.workflow)
        filter("stage = ?", query.stage)
        filter("status = ?", query.status)
        filter("role = ?", query.role)
        filter("breached = ?", query.breached)
        for d in query.data {
            conditions.append("id IN (SELECT case_id FROM case_search WHERE name = ? AND value = ?)")
            arguments += [d.field, d.value]
        }
        if let workflows = query.workflows {
            conditions.append(workflows.isEmpty ? "0" : "workflow IN (\(repeatElement("?", count: workflows.count).joined(separator: ", ")))")
            for w in workflows { arguments += [w] }
        }
        arguments += [max(0, query.limit)]
        let sql = "SELECT \(StoredRows.caseColumns) FROM cases"
            + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")) + " ORDER BY id LIMIT ?"
        let args = arguments
        return try await read { db in try Row.fetchAll(db, sql: sql, arguments: args).map(StoredRows.storedCase) }
    }

    public func openCaseCounts() async throws -> [OpenCaseCount] {
        try await read { db in try Self.openCaseCounts(db) }
    }

    /// A snapshot of the database is taken before this returns (a read transaction on a
    /// connection of its own); the counting reads it later, so it never sees a later commit.
    public func openCaseCountsAsOfNow() async throws -> @Sendable () async throws -> [OpenCaseCount] {
        guard let pool = writer as? DatabasePool else {
            let counts = try await openCaseCounts()
            return { counts }
        }
        let snapshot: DatabaseSnapshot
        do {
            snapshot = try pool.makeSnapshot()
        } catch {
            throw StoreError.unavailable("cannot read the database: \(error)")
        }
        return {
            do {
                return try await snapshot.read { db in try Self.openCaseCounts(db) }
            } catch {
                throw StoreError.unavailable("cannot count open cases: \(error)")
            }
        }
    }

    private static func openCaseCounts(_ db: Database) throws -> [OpenCaseCount] {
        try Row.fetchAll(db, sql: "SELECT workflow, stage, COUNT(*) AS n FROM cases WHERE status = 'open' GROUP BY workflow, stage ORDER BY workflow, stage")
            .map { row in
                OpenCaseCount(workflow: try row.decode(String.self, forColumn: "workflow"),
                              stage: try row.decode(String.self, forColumn: "stage"),
                              count: try row.decode(Int.self, forColumn: "n"))
            }
    }

    public func caseIDs() async throws -> [String] {
        try await read { db in try String.fetchAll(db, sql: "SELECT id FROM cases ORDER BY id") }
    }

    public func dueCases(before instant: Instant, limit: Int) async throws -> [(caseID: String, due: Instant)] {
        let rows = try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, next_due FROM cases WHERE status = 'open' AND next_due IS NOT NULL AND next_due <= ?
                ORDER BY next_due, id LIMIT ?
                """, arguments: [instant.millis, max(0, limit)])
                .map { row in (try row.decode(String.self, forColumn: "id"), try row.decode(Int64.self, forColumn: "next_due")) }
        }
        return rows.map { (caseID: $0.0, due: Instant(millis: $0.1)) }
    }

    public func idempotentResponse(key: String) async throws -> StoredResponse? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT key, fingerprint, status, body FROM idempotency WHERE key = ?", arguments: [key])
                .map(StoredRows.response)
        }
    }

    public func ledgerLeaves(from index: Int, limit: Int) async throws -> [LedgerLeaf] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT idx, case_id, seq, event_hash FROM ledger WHERE idx > ? ORDER BY idx LIMIT ?",
                             arguments: [max(0, index), max(0, limit)])
                .map { LedgerLeaf(index: ($0[0] as Int) - 1, caseID: $0[1], sequence: $0[2], eventHash: $0[3]) }
        }
    }

    public func ledgerSize() async throws -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(idx), 0) FROM ledger") ?? 0 }
    }

    public func saveCheckpoint(_ c: StoredCheckpoint) async throws {
        try await writer.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO checkpoints (size, root, signed_at, body, frontier) VALUES (?, ?, ?, ?, ?)",
                           arguments: [c.size, c.root, c.signedAt.millis, c.body, c.frontier])
        }
    }

    public func checkpoints(before size: Int?, limit: Int) async throws -> [StoredCheckpoint] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT size, root, signed_at, body, frontier FROM checkpoints WHERE size < ? ORDER BY size DESC LIMIT ?",
                             arguments: [size ?? Int.max, max(0, limit)])
                .map { StoredCheckpoint(size: $0[0], root: $0[1], signedAt: Instant(millis: $0[2]), body: $0[3], frontier: $0[4]) }
        }
    }

    public func saveRelease(_ files: [ReleaseSource], by: String, at: Instant) async throws -> (release: Release, created: Bool) {
        let entries = files.map { Release.File(path: $0.path, hash: $0.hash) }
        let digest = Release.digest(of: entries)
        return try await writer.write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT number, activated_at, activated_by, digest, files FROM releases ORDER BY number DESC LIMIT 1"),
               (row[3] as String) == digest {
                return (Self.release(row), false)
            }
            for f in files {
                try db.execute(sql: "INSERT OR IGNORE INTO sources (hash, text) VALUES (?, ?)", arguments: [f.hash, f.text])
            }
            let number = (try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(number), 0) FROM releases") ?? 0) + 1
            let release = Release(number: number, activatedAt: at, activatedBy: by, digest: digest, files: entries)
            try db.execute(sql: "INSERT INTO releases (number, activated_at, activated_by, digest, files) VALUES (?, ?, ?, ?, ?)",
                           arguments: [number, at.millis, by, digest, release.filesJSON])
            return (release, true)
        }
    }

    public func reindexSearch(_ rows: [(caseID: String, values: [String: String])]) async throws {
        try await writer.write { db in try SQLiteWriteApplier.replaceSearch(rows, in: db) }
    }

    public func releases() async throws -> [Release] {
        try await read { db in
            guard try db.tableExists("releases") else { return [] }
            return try Row.fetchAll(db, sql: "SELECT number, activated_at, activated_by, digest, files FROM releases ORDER BY number DESC")
                .map(Self.release)
        }
    }

    public func source(hash: String) async throws -> String? {
        try await read { db in
            guard try db.tableExists("sources") else { return nil }
            return try String.fetchOne(db, sql: "SELECT text FROM sources WHERE hash = ?", arguments: [hash])
        }
    }

    private static func release(_ row: Row) -> Release {
        Release(number: row[0], activatedAt: Instant(millis: row[1]), activatedBy: row[2], digest: row[3],
                files: Release.files(fromJSON: row[4]))
    }

    private func read<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        do {
            return try await writer.read(body)
        } catch let e as StoreError {
            throw e
        } catch let e as RowDecodingError {
            throw StoreError.corrupt("\(e)")
        } catch {
            throw StoreError.unavailable("\(error)")
        }
    }
}
