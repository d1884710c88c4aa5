import CaseflowEngine
import CaseflowModel
@testable import CaseflowStore
import Foundation
import GRDB
import Testing

@Suite struct SQLiteStoreTests {
    static func filledStore() async throws -> (SQLiteStore, String) {
        let path = try TestCases.temporaryDirectory().appendingPathComponent("cases.sqlite").path
        let store = try SQLiteStore(path: path)
        for w in try TestCases.writes(caseID: "c1") + TestCases.writes(caseID: "c2") { try await store.commit(w) }
        return (store, path)
    }

    /// Another process writing the same file (`caseflow migrate --db` beside a running daemon):
    /// a commit that found the file locked failed at once ("database is locked"), and the daemon
    /// answered 503. It now waits for the other's transaction.
    @Test func aCommitWaitsForAnotherProcessesTransaction() async throws {
        let (store, path) = try await Self.filledStore()
        let other = try DatabaseQueue(path: path)
        let locked = DispatchSemaphore(value: 0)
        let holder = Thread {
            try? other.inDatabase { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                locked.signal()
                Thread.sleep(forTimeInterval: 0.4)
                try db.execute(sql: "COMMIT")
            }
        }
        holder.start()
        locked.wait()
        try await store.commit(try TestCases.writes(caseID: "c3")[0])
        #expect(try await store.snapshot(caseID: "c3") != nil)
    }

    @Test func theDatabaseRefusesToChangeEvents() async throws {
        let (store, _) = try await Self.filledStore()
        await #expect(throws: DatabaseError.self) {
            try await store.writer.write { db in try db.execute(sql: "UPDATE events SET body = 'x' WHERE case_id = 'c1' AND seq = 1") }
        }
        await #expect(throws: DatabaseError.self) {
            try await store.writer.write { db in try db.execute(sql: "DELETE FROM events WHERE case_id = 'c1'") }
        }
        do {
            try await store.writer.write { db in try db.execute(sql: "DELETE FROM events") }
        } catch let e as DatabaseError {
            #expect(e.message == "events are append-only")
        }
        #expect(HashChain.verify(try await store.events(caseID: "c1")).isIntact)
    }

    @Test func oneChangedByteInTheFileIsFoundAtItsEvent() async throws {
        let (store, path) = try await Self.filledStore()
        let target = try #require(try await store.events(caseID: "c2").first { $0.sequence == 4 })
        // Tamper with a copy, as an intruder would: drop the guard, change one byte, put the guard back.
        let copy = path + ".tampered"
        try await store.writer.writeWithoutTransaction { db in try db.execute(sql: "VACUUM INTO ?", arguments: [copy]) }
        let queue = try DatabaseQueue(path: copy)
        try await queue.write { db in
            try db.execute(sql: "DROP TRIGGER events_no_update")
            try db.execute(sql: "UPDATE events SET body = substr(body, 1, 10) || char(unicode(substr(body, 11, 1)) + 1) || substr(body, 12) "
                                + "WHERE case_id = 'c2' AND seq = 4")
        }
        try queue.close()
        let tampered = try SQLiteStore(readingOnly: copy)
        guard case .broken(let b) = HashChain.verify(try await tampered.events(caseID: "c2")) else {
            Issue.record("the changed byte was not detected")
            return
        }
        #expect(b.caseID == "c2" && b.sequence == 4 && b.problem == .hash && b.found == target.hash)
        #expect(HashChain.verify(try await tampered.events(caseID: "c1")).isIntact)
    }

    /// The daemon counts the cases open at its start in the background: the count reads the
    /// store as it stood when it was asked for, never a commit made while it runs.
    @Test func openCaseCountsAsOfNowDoNotSeeLaterCommits() async throws {
        let path = try TestCases.temporaryDirectory().appendingPathComponent("cases.sqlite").path
        let store = try SQLiteStore(path: path)
        for w in try TestCases.openCase(caseID: "o1") { try await store.commit(w) }
        let counts = try await store.openCaseCountsAsOfNow()
        for w in try TestCases.openCase(caseID: "o2") + TestCases.openCase(caseID: "o3") { try await store.commit(w) }
        #expect(try await counts() == [OpenCaseCount(workflow: "deal", stage: "intake", count: 1)])
        #expect(try await store.openCaseCounts() == [OpenCaseCount(workflow: "deal", stage: "intake", count: 3)])
    }

    @Test func committedCasesSurviveReopening() async throws {
        let (store, path) = try await Self.filledStore()
        let before = try await store.events(caseID: "c1")
        let reopened = try SQLiteStore(path: path)
        #expect(try await reopened.events(caseID: "c1") == before)
        let snapshot = try #require(try await reopened.snapshot(caseID: "c2"))
        #expect(try snapshot.decodedState().outcome == "won")
        let readOnly = try SQLiteStore(readingOnly: path)
        #expect(try await readOnly.caseIDs() == ["c1", "c2"])
    }

    @Test func settingsAreDurable() async throws {
        let (store, _) = try await Self.filledStore()
        let (mode, sync) = try await store.writer.write { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"))
        }
        #expect(mode == "wal")
        #expect(sync == 2)
    }

    @Test func missingDatabaseIsAClearError() {
        #expect(throws: StoreError.unavailable("no database at /nonexistent/x.sqlite")) {
            try SQLiteStore(readingOnly: "/nonexistent/x.sqlite")
        }
    }

    @Test func concurrentCommitsShareTransactions() async throws {
        let path = try TestCases.temporaryDirectory().appendingPathComponent("group.sqlite").path
        let store = try SQLiteStore(path: path)
        let writes = try (0..<64).map { try TestCases.openCase(caseID: "g\($0)")[0] }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for w in writes { group.addTask { try await store.commit(w) } }
            try await group.waitForAll()
        }
        #expect(try await store.caseIDs().count == 64)
        #expect(store.commitBatches.reduce(0, +) == 64)
        #expect(store.commitBatches.count < 64)
    }

    /// A batch is written with a few statements; each write is still checked against the ones
    /// before it, and one that does not apply fails alone, writing nothing.
    @Test func aBatchChecksEachWriteAgainstTheOnesBeforeIt() async throws {
        let path = try TestCases.temporaryDirectory().appendingPathComponent("batch.sqlite").path
        let store = try SQLiteStore(path: path)
        let a = try TestCases.writes(caseID: "a")
        let b = try TestCases.openCase(caseID: "b")[0]
        var k1 = try TestCases.openCase(caseID: "k1")[0]
        k1.idempotency = StoredResponse(key: "K", fingerprint: "f1", status: 201, body: "{}")
        var k2 = try TestCases.openCase(caseID: "k2")[0]
        k2.idempotency = StoredResponse(key: "K", fingerprint: "f2", status: 201, body: "{}")
        let batch = try (a + [b, b, k1, k2]).map { w throws(StoreError) in try PreparedWrite(w) }
        let outcomes = try await store.writer.write { db in try SQLiteWriteApplier.apply(batch: batch, in: db) }
        let failures = outcomes.map { o -> StoreError? in if case .failure(let e) = o { e } else { nil } }
        #expect(failures.count == batch.count)
        #expect(failures.prefix(a.count + 1).allSatisfy { $0 == nil })
        #expect(failures[a.count + 1] == .staleVersion(caseID: "b", expected: 0, actual: b.events.count))
        #expect(failures[a.count + 2] == nil)
        #expect(failures[a.count + 3] == .idempotencyKeyTaken("K"))
        #expect(try await store.caseIDs() == ["a", "b", "k1"])
        #expect(try await store.idempotentResponse(key: "K")?.fingerprint == "f1")
        for id in ["a", "b", "k1"] { #expect(try await store.verify(caseID: id)?.isIntact == true) }
        #expect(try await store.snapshot(caseID: "a")?.version == a.last?.snapshot.version)
        #expect(try await store.events(caseID: "b").count == b.events.count)
        // Each write that applied is answered with the hash its case's history now ends with.
        #expect(try outcomes[a.count - 1].get() == (try await store.events(caseID: "a").last?.hash))
    }

    /// A database from before `last_hash` is migrated, and its cases' chains continue.
    @Test func aVersion1DatabaseIsMigratedAndItsChainsContinue() async throws {
        let path = try TestCases.temporaryDirectory().appendingPathComponent("v1.sqlite").path
        let writes = try TestCases.writes(caseID: "old")
        do {
            let queue = try DatabaseQueue(path: path)
            try SQLiteSchema.migrator.migrate(queue, upTo: "v1-definitions-events-cases-idempotency")
            // What the version-1 store wrote: events chained from genesis and the snapshot row.
            try await queue.write { db in
                var previous = HashChain.genesis
                for w in writes.prefix(2) {
                    let p = try PreparedWrite(w)
                    for e in p.chained(after: previous) {
                        try db.execute(sql: "INSERT INTO events (\(StoredRows.eventColumns)) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                       arguments: [e.caseID, e.sequence, e.at.millis, e.type, e.body, e.previousHash, e.hash])
                        previous = e.hash
                    }
                    let s = w.snapshot
                    try db.execute(sql: "INSERT OR REPLACE INTO cases (\(StoredRows.caseColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                   arguments: [s.id, s.workflow, s.workflowVersion, s.stage, s.status, s.role, s.breached, s.version,
                                               s.nextDue?.millis, s.updatedAt.millis, s.state])
                }
            }
        }
        let store = try SQLiteStore(path: path)
        for w in writes.dropFirst(2) { try await store.commit(w) }
        #expect(try await store.verify(caseID: "old")?.isIntact == true)
        #expect(try await store.events(caseID: "old").count == writes.reduce(0) { $0 + $1.events.count })
    }

    /// When a batch statement fails, the batch is rolled back and retried write by write: the
    /// write at fault fails alone and the others are kept.
    @Test func aFailingBatchIsRetriedWriteByWrite() async throws {
        let path = try TestCases.temporaryDirectory().appendingPathComponent("fallback.sqlite").path
        let store = try SQLiteStore(path: path)
        // A stray event where case "x" will write its first one: its insert breaks the primary key.
        try await store.writer.write { db in
            try db.execute(sql: "INSERT INTO events (\(StoredRows.eventColumns)) VALUES ('x', 1, 0, 'opened', '{}', '', '')")
        }
        let x = try PreparedWrite(try TestCases.openCase(caseID: "x")[0])
        let y = try PreparedWrite(try TestCases.openCase(caseID: "y")[0])
        // Together, the batch's statement fails.
        try await store.writer.write { db in
            try db.inSavepoint {
                #expect(throws: (any Error).self) { try SQLiteWriteApplier.apply(batch: [x, y], in: db) }
                return .rollback
            }
        }
        let results = await withTaskGroup(of: (String, Bool).self) { group in
            for w in [x.write, y.write] {
                group.addTask { (w.caseID, (try? await store.commit(w)) != nil) }
            }
            return await Dictionary(uniqueKeysWithValues: group.reduce(into: []) { $0.append($1) })
        }
        #expect(results == ["x": false, "y": true])
        #expect(try await store.caseIDs() == ["y"])
        #expect(try await store.verify(caseID: "y")?.isIntact == true)
    }

    /// A batch's savepoint journal past 64 KiB went to a temporary file that SQLite created,
    /// wrote and deleted for most transactions; the writer keeps it in memory, on every open.
    @Test func theWriterKeepsItsTemporaryDataInMemory() async throws {
        let (store, path) = try await Self.filledStore()
        #expect(try await store.writer.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA temp_store") } == 2)
        let reopened = try SQLiteStore(path: path)
        #expect(try await reopened.writer.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA temp_store") } == 2)
        #expect(try await reopened.events(caseID: "c1").count == (try await store.events(caseID: "c1")).count)
    }

    /// A write's events are hashed before the writer takes them, after the hash the store last
    /// wrote for the case. Should the database say otherwise (another program wrote the row), the
    /// writer chains them after the database's hash, as if nothing had been computed before.
    @Test func theWriterChainsAfterTheDatabasesHashNotTheRememberedOne() async throws {
        let path = try TestCases.temporaryDirectory().appendingPathComponent("heads.sqlite").path
        let store = try SQLiteStore(path: path)
        let writes = try TestCases.writes(caseID: "h")
        for w in writes.prefix(2) { try await store.commit(w) }
        let remembered = try #require(try await store.events(caseID: "h").last?.hash)
        let other = String(repeating: "e", count: 64)
        try await store.writer.write { db in try db.execute(sql: "UPDATE cases SET last_hash = ? WHERE id = 'h'", arguments: [other]) }
        try await store.commit(writes[2])
        let third = try #require(try await store.events(caseID: "h").first { $0.sequence == writes[2].expectedVersion + 1 })
        #expect(third.previousHash == other)
        #expect(third.hash == HashChain.hash(previous: other, body: third.body))
        // And a write prepared after a wrong hash is chained after the one given to the writer.
        let prepared = try PreparedWrite(writes[3], after: remembered)
        #expect(prepared.chained(after: other).first?.previousHash == other)
        #expect(prepared.chained(after: other).map(\.hash) == (try PreparedWrite(writes[3])).chained(after: other).map(\.hash))
    }
}
