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
}
