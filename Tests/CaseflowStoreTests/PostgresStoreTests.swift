import CaseflowEngine
import CaseflowModel
@testable import CaseflowPostgres
import CaseflowStore
import Foundation
import Logging
import PostgresNIO
import Testing

/// What only the PostgreSQL store promises: several stores (daemons) on one database.
/// The shared suite (`CaseStoreSuite`) runs against it too.
@Suite(.enabled(if: PostgresTestServer.url != nil,
                "CASEFLOW_TEST_POSTGRES is not set: run .ci/run, or point it at a server where the user may create databases"))
struct PostgresStoreTests {
    /// Runs SQL on the database as an intruder or an operator would, outside the store.
    static func sql(_ url: String, _ query: PostgresQuery) async throws {
        try await withConnection(url) { conn in _ = try await conn.query(query, logger: Logger(label: "test")) }
    }

    /// `body` on a connection of a client of its own, outside any store.
    static func withConnection<T: Sendable>(_ url: String, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        let client = PostgresClient(configuration: try PostgresLocation(url: url).clientConfiguration, backgroundLogger: Logger(label: "test"))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            try await Task.sleep(for: .milliseconds(20))
            defer { group.cancelAll() }
            return try await client.withConnection(body)
        }
    }

    /// One batch through the writer the store's group committer uses.
    static func runBatch(_ batch: [PreparedWrite], on url: String) async throws -> [StoreError?] {
        try await withConnection(url) { conn in
            try await PostgresBatchWriter(connection: conn, owner: "test", logger: Logger(label: "test")).run(batch)
        }
    }

    static func twoStores(claimTimeout: Double = 10) async throws -> (url: String, PostgresStore, PostgresStore) {
        let url = try await PostgresTestServer.freshDatabase(options: ["claim_timeout": "\(claimTimeout)"])
        async let a = PostgresStore(url: url)
        async let b = PostgresStore(url: url)
        return (url, try await a, try await b)
    }

    @Test func migrationsAreNamedAndRunOnceWhenDaemonsStartTogether() async throws {
        let (url, a, _) = try await Self.twoStores()
        let again = try await PostgresStore(url: url)
        try await a.commit(try TestCases.writes(caseID: "c1")[0])
        #expect(try await again.caseIDs() == ["c1"])
        let names = try await Self.withConnection(url) { conn in
            var names: [String] = []
            for try await n in try await conn.query("SELECT name FROM caseflow_migrations ORDER BY name", logger: Logger(label: "test"))
                .decode(String.self) { names.append(n) }
            return names
        }
        #expect(names == ["v1-definitions-events-cases-idempotency", "v2-timer-claims", "v3-ledger-checkpoints", "v4-releases",
                         "v5-outbox-inbox", "v6-case-search", "v7-batches", "v8-batch-leases", "v9-commit-function"])
    }

    @Test func theDatabaseRefusesToChangeEvents() async throws {
        let url = try await PostgresTestServer.freshDatabase()
        let store = try await PostgresStore(url: url)
        for w in try TestCases.writes(caseID: "c1") { try await store.commit(w) }
        for statement: PostgresQuery in ["UPDATE events SET body = 'x' WHERE case_id = 'c1' AND seq = 1",
                                         "DELETE FROM events WHERE case_id = 'c1'", "TRUNCATE events"] {
            do {
                try await Self.sql(url, statement)
                Issue.record("\(statement.sql) was allowed")
            } catch let e as PSQLError {
                #expect(e.serverInfo?[.message] == "events are append-only")
            }
        }
        #expect(HashChain.verify(try await store.events(caseID: "c1")).isIntact)
    }

    @Test func twoDaemonsWritingOneCaseAtOnceHaveOneWinner() async throws {
        let (_, a, b) = try await Self.twoStores()
        let writes = try TestCases.writes(caseID: "c1")
        try await a.commit(writes[0])
        let wins = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<16 {
                let store = i % 2 == 0 ? a : b
                group.addTask { (try? await store.commit(writes[1])) != nil }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(wins == 1)
        // Both see the one outcome, and a write from the outdated version is refused by either.
        #expect(try await b.snapshot(caseID: "c1")?.version == writes[1].snapshot.version)
        await #expect(throws: StoreError.staleVersion(caseID: "c1", expected: writes[1].expectedVersion, actual: writes[1].snapshot.version)) {
            try await b.commit(writes[1])
        }
        #expect(HashChain.verify(try await a.events(caseID: "c1")).isIntact)
    }

    @Test func twoDaemonsOpeningTheSameCaseIdHaveOneWinner() async throws {
        let (_, a, b) = try await Self.twoStores()
        let first = try TestCases.writes(caseID: "c1")[0]
        async let x: Bool = (try? await a.commit(first)) != nil
        async let y: Bool = (try? await b.commit(first)) != nil
        let results = await [x, y]
        #expect(results.filter { $0 }.count == 1)
        #expect(try await a.events(caseID: "c1").count == first.events.count)
    }

    /// Another daemon's transaction holds a new case under the same id while this store opens
    /// one: when that transaction commits, this open is refused as stale and leaves nothing
    /// behind, neither events nor the answer it would have kept for its idempotency key, and
    /// the other daemon's case stays as it wrote it.
    @Test func anOpenWhoseIdIsTakenMeanwhileLeavesNothing() async throws {
        let (url, a, _) = try await Self.twoStores()
        var write = try TestCases.writes(caseID: "c1")[0]
        write.idempotency = StoredResponse(key: "k-open", fingerprint: "ann POST /v1/cases", status: 201, body: #"{"id":"c1"}"#)
        let open = write
        let outcome: (any Error)? = try await Self.withConnection(url) { conn in
            try await conn.query("BEGIN", logger: Logger(label: "test"))
            try await conn.query("""
                INSERT INTO cases (id, workflow, workflow_version, stage, status, breached, version, updated_at, state)
                VALUES ('c1', 'sales', 1, 'screening', 'open', false, 7, 0, '{}')
                """, logger: Logger(label: "test"))
            try await conn.query("""
                INSERT INTO events (case_id, seq, at, type, body, prev_hash, hash)
                VALUES ('c1', 1, 0, 'opened', '{}', \(HashChain.genesis), 'h1')
                """, logger: Logger(label: "test"))
            // The store's open waits on the row this transaction holds.
            let commit = Task { () -> (any Error)? in
                do { try await a.commit(open); return nil } catch { return error }
            }
            try await Task.sleep(for: .milliseconds(300))
            try await conn.query("COMMIT", logger: Logger(label: "test"))
            return await commit.value
        }
        #expect(outcome as? StoreError == .staleVersion(caseID: "c1", expected: 0, actual: 7))
        #expect(try await a.events(caseID: "c1").map(\.hash) == ["h1"])
        #expect(try await a.idempotentResponse(key: "k-open") == nil)
        #expect(try await a.snapshot(caseID: "c1")?.version == 7)
    }

    /// One batch with the writes the one-statement call cannot take (a second write on a case,
    /// a key given twice): those follow it in a transaction, each with its own outcome, and the
    /// ledger and every chain come out whole.
    @Test func aBatchWithTwoWritesOnACaseAndAKeyGivenTwice() async throws {
        let url = try await PostgresTestServer.freshDatabase()
        let store = try await PostgresStore(url: url)
        let c1 = try TestCases.writes(caseID: "c1")
        var c2 = try TestCases.writes(caseID: "c2")[0], c3 = try TestCases.writes(caseID: "c3")[0]
        c2.idempotency = StoredResponse(key: "k", fingerprint: "f2", status: 201, body: "{}")
        c3.idempotency = StoredResponse(key: "k", fingerprint: "f3", status: 201, body: "{}")
        let batch = try [PreparedWrite(c1[0]), PreparedWrite(c1[1]), PreparedWrite(c2), PreparedWrite(c3)]
        let results = try await Self.runBatch(batch, on: url)
        #expect(results == [nil, nil, nil, .idempotencyKeyTaken("k")])
        #expect(try await store.version(caseID: "c1") == c1[1].snapshot.version)
        #expect(try await store.idempotentResponse(key: "k")?.fingerprint == "f2")
        #expect(try await store.snapshot(caseID: "c3") == nil)
        for id in ["c1", "c2"] { #expect(HashChain.verify(try await store.events(caseID: id)).isIntact) }
        let leaves = try await store.ledgerLeaves(from: 0, limit: 100)
        #expect(leaves.count == c1[0].events.count + c1[1].events.count + c2.events.count)
        #expect(try await store.ledgerSize() == leaves.count)
        #expect(zip(leaves, leaves.dropFirst()).allSatisfy { $1.index == $0.index + 1 })
        let hashes = try await store.events(caseID: "c1") + store.events(caseID: "c2")
        #expect(Set(leaves.map(\.eventHash)) == Set(hashes.map(\.hash)))
    }

    /// When the transaction after the call fails (here the database refuses a text holding a
    /// NUL), only its writes fail: what the call committed is reported written.
    @Test func aFailureAfterTheCallIsOnlyTheLaterWrites() async throws {
        let url = try await PostgresTestServer.freshDatabase()
        let store = try await PostgresStore(url: url)
        let c1 = try TestCases.writes(caseID: "c1")
        var second = c1[1]
        second.snapshot.state = "broken\u{0}state"
        let batch = try [PreparedWrite(c1[0]), PreparedWrite(second), PreparedWrite(try TestCases.writes(caseID: "c2")[0])]
        let results = try await Self.runBatch(batch, on: url)
        #expect(results[0] == nil && results[2] == nil)
        guard case .unavailable? = results[1] else { Issue.record("the later write: \(String(describing: results[1]))"); return }
        #expect(try await store.version(caseID: "c1") == c1[0].snapshot.version)
        #expect(try await store.version(caseID: "c2") != nil)
    }

    @Test func aDueTimerIsClaimedByOneDaemonUntilItsCommitOrTheClaimExpires() async throws {
        let (_, a, b) = try await Self.twoStores(claimTimeout: 1)
        let writes = try TestCases.openCase(caseID: "due")
        for w in writes { try await a.commit(w) }
        let far = TestCases.monday + 1000 * TestCases.hour
        #expect(try await a.dueCases(before: far, limit: 10).map(\.caseID) == ["due"])
        #expect(try await b.dueCases(before: far, limit: 10).isEmpty)      // a holds it
        #expect(try await a.dueCases(before: far, limit: 10).map(\.caseID) == ["due"])  // a's own claim does not stop a
        // a dies holding the claim: b gets the timer once the claim has expired.
        try await Task.sleep(for: .milliseconds(1200))
        #expect(try await b.dueCases(before: far, limit: 10).map(\.caseID) == ["due"])
        #expect(try await a.dueCases(before: far, limit: 10).isEmpty)
        // b fires it: the commit ends the claim; a's copy of the same firing is refused.
        let fired = try TestCases.openCase(caseID: "due", advancedBy: 40 * TestCases.hour)[1]
        try await b.commit(fired)
        await #expect(throws: StoreError.self) { try await a.commit(fired) }
        #expect(try await a.events(caseID: "due").filter { $0.type == "escalation_raised" }.count
                == fired.events.filter { $0.kind.name == "escalation_raised" }.count)
        let next = try #require(try await a.snapshot(caseID: "due")?.nextDue)
        #expect(try await a.dueCases(before: next, limit: 10).map(\.caseID) == ["due"])  // free for whoever asks first
    }

    @Test func concurrentWritesAreCommittedTogether() async throws {
        let store = try await PostgresTestServer.freshStore()
        let cases = try (0..<64).map { try TestCases.writes(caseID: "g\($0)") }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writes in cases { group.addTask { for w in writes { try await store.commit(w) } } }
            try await group.waitForAll()
        }
        #expect(try await store.caseIDs().count == 64)
        #expect(store.commitBatches.reduce(0, +) == cases.joined().count)
        #expect(store.commitBatches.contains { $0 > 1 })
        for id in ["g0", "g31", "g63"] { #expect(HashChain.verify(try await store.events(caseID: id)).isIntact) }
    }
}

/// URLs need no server.
@Suite struct PostgresLocationTests {
    @Test func urlsAreReadWithoutLeakingThePassword() throws {
        let l = try PostgresLocation(url: "postgres://app:s3cret@db.example:6432/cases?sslmode=require&pool=4&claim_timeout=2.5",
                                     environment: [:])
        #expect(l.username == "app" && l.password == "s3cret" && l.host == "db.example" && l.port == 6432 && l.database == "cases")
        #expect(l.tls == .require && l.poolSize == 4 && l.claimTimeout == .milliseconds(2500))
        #expect(!l.description.contains("s3cret"))
        let fromEnvironment = try PostgresLocation(url: "postgres://app@db/cases", environment: ["PGPASSWORD": "pw"])
        #expect(fromEnvironment.password == "pw" && fromEnvironment.port == 5432)
        #expect(throws: StoreError.self) { try PostgresLocation(url: "postgres://db/cases", environment: [:]) }
        #expect(throws: StoreError.self) { try PostgresLocation(url: "postgres://app@db/cases?sslmode=maybe", environment: [:]) }
    }
}
