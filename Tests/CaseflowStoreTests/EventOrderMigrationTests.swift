import CaseflowEngine
import CaseflowModel
@testable import CaseflowStore
import Foundation
import GRDB
import Synchronization
import Testing

/// Events are kept in commit order (migration v9): a database written in the older (case, seq)
/// order is migrated without losing or reordering anything, its guards still hold, and its
/// chains continue.
@Suite struct EventOrderMigrationTests {
    /// Two cases whose writes interleave, written as a version-8 store wrote them.
    static func version8Database() async throws -> (path: String, writes: [CaseWrite]) {
        let path = try TestCases.temporaryDirectory().appendingPathComponent("v8.sqlite").path
        let a = try TestCases.writes(caseID: "a")
        let b = try TestCases.writes(caseID: "b", amount: 900)
        var interleaved: [CaseWrite] = []
        for i in 0..<max(a.count, b.count) {
            if i < a.count { interleaved.append(a[i]) }
            if i < b.count { interleaved.append(b[i]) }
        }
        let firstWrites = interleaved.prefix(6)
        let queue = try DatabaseQueue(path: path)
        try SQLiteSchema.migrator.migrate(queue, upTo: "v8-batch-leases")
        try await queue.write { db in
            var heads: [String: String] = [:]
            // The first three writes of each case: the rest is committed after the migration.
            for w in firstWrites {
                let p = try PreparedWrite(w)
                let chained = p.chained(after: heads[w.caseID] ?? HashChain.genesis)
                for e in chained {
                    try db.execute(sql: "INSERT INTO events (\(StoredRows.eventColumns)) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                   arguments: [e.caseID, e.sequence, e.at.millis, e.type, e.body, e.previousHash, e.hash])
                    try db.execute(sql: "INSERT INTO ledger (case_id, seq, event_hash) VALUES (?, ?, ?)", arguments: [e.caseID, e.sequence, e.hash])
                }
                heads[w.caseID] = chained.last?.hash
                let s = w.snapshot
                try db.execute(sql: "INSERT OR REPLACE INTO cases (\(StoredRows.caseColumns), last_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               arguments: [s.id, s.workflow, s.workflowVersion, s.stage, s.status, s.role, s.breached, s.version,
                                           s.nextDue?.millis, s.updatedAt.millis, s.state, heads[w.caseID]])
            }
            let layout = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'events'") ?? ""
            #expect(layout.contains("WITHOUT ROWID"))
        }
        try queue.close()
        return (path, interleaved)
    }

    @Test func aVersion8DatabaseKeepsEveryEventInCommitOrder() async throws {
        let (path, writes) = try await Self.version8Database()
        let before = try DatabaseQueue(path: path)
        let eventsBefore = try await before.read { db in
            try Row.fetchAll(db, sql: "SELECT \(StoredRows.eventColumns) FROM events ORDER BY case_id, seq").map(StoredRows.event)
        }
        let ledgerBefore = try await before.read { db in try Row.fetchAll(db, sql: "SELECT case_id, seq, event_hash FROM ledger ORDER BY idx") }
        try before.close()

        // Whoever opens the store hears of the table rewrite before it runs; a new database is quiet.
        let told = Mutex<[String]>([])
        let store = try SQLiteStore(path: path) { pending in told.withLock { $0 += pending } }
        #expect(told.withLock { $0 } == ["v9-events-in-commit-order"])
        let fresh = try TestCases.temporaryDirectory().appendingPathComponent("new.sqlite").path
        _ = try SQLiteStore(path: fresh) { pending in told.withLock { $0 += pending } }
        #expect(told.withLock { $0 }.count == 1)
        let (eventsAfter, ledgerAfter, rowOrder, layout) = try await store.writer.read { db in
            (try Row.fetchAll(db, sql: "SELECT \(StoredRows.eventColumns) FROM events ORDER BY case_id, seq").map(StoredRows.event),
             try Row.fetchAll(db, sql: "SELECT case_id, seq, event_hash FROM ledger ORDER BY idx"),
             try Row.fetchAll(db, sql: "SELECT case_id, seq, hash AS event_hash FROM events ORDER BY rowid"),
             try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'events'") ?? "")
        }
        #expect(eventsAfter == eventsBefore)
        #expect(eventsAfter.count == writes.prefix(6).reduce(0) { $0 + $1.events.count })
        #expect(ledgerAfter == ledgerBefore)
        // The table itself is in the ledger's (commit) order now: a and b interleaved.
        #expect(rowOrder == ledgerAfter)
        #expect(Set(rowOrder.prefix(4).map { $0["case_id"] as String }) == ["a", "b"])
        #expect(!layout.contains("WITHOUT ROWID"))

        // The guards are back: no update, no delete, no replacing an event.
        await #expect(throws: DatabaseError.self) {
            try await store.writer.write { db in try db.execute(sql: "UPDATE events SET body = 'x' WHERE case_id = 'a' AND seq = 1") }
        }
        await #expect(throws: DatabaseError.self) {
            try await store.writer.write { db in try db.execute(sql: "DELETE FROM events WHERE case_id = 'b'") }
        }
        await #expect(throws: DatabaseError.self) {
            try await store.writer.write { db in
                try db.execute(sql: "INSERT OR REPLACE INTO events (\(StoredRows.eventColumns)) VALUES ('a', 1, 0, 'opened', '{}', 'x', 'y')")
            }
        }

        // The chains go on from where they stood, and the whole history verifies.
        for w in writes.dropFirst(6) { try await store.commit(w) }
        #expect(try await store.verify(caseID: "a")?.isIntact == true)
        #expect(try await store.verify(caseID: "b")?.isIntact == true)
        #expect(try await store.events(caseID: "a").count + store.events(caseID: "b").count == writes.reduce(0) { $0 + $1.events.count })
        #expect(try await store.ledgerSize() == writes.reduce(0) { $0 + $1.events.count })
    }
}
