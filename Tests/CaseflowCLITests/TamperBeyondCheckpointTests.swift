import CaseflowAudit
import CaseflowModel
import CaseflowStore
import CaseflowTestSupport
import Foundation
import GRDB
import Logging
import Testing
@testable import CaseflowCLI

/// Edits by someone with write access that a checkpoint alone did not expose: a ledger rewritten
/// and the stored tree replaced so that the daemon signed over it, a case made up in the
/// database, a case row deleted, a released workflow's stored text changed.
@Suite struct TamperBeyondCheckpointTests {
    typealias F = TamperTests

    /// Rewrites `caseID`'s event bodies with `change`, every hash recomputed, the case row fixed.
    static func rechain(_ db: Database, _ caseID: String, as newID: String? = nil, _ change: (String) -> String) throws {
        let rows = try Row.fetchAll(db, sql: "SELECT seq, at, type, body FROM events WHERE case_id = ? ORDER BY seq", arguments: [caseID])
        var previous = HashChain.genesis
        for row in rows {
            let seq: Int = row[0]
            let body = change(row[3] as String)
            let hash = HashChain.hash(previous: previous, body: body)
            if let newID {
                try db.execute(sql: "INSERT INTO events (case_id, seq, at, type, body, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
                               arguments: [newID, seq, row[1] as Int64, row[2] as String, body, previous, hash])
            } else {
                try db.execute(sql: "UPDATE events SET body = ?, prev_hash = ?, hash = ? WHERE case_id = ? AND seq = ?",
                               arguments: [body, previous, hash, caseID, seq])
            }
            previous = hash
        }
        if let newID {
            try db.execute(sql: "CREATE TEMP TABLE copy AS SELECT * FROM cases WHERE id = ?", arguments: [caseID])
            try db.execute(sql: "UPDATE copy SET id = ?, last_hash = ?", arguments: [newID, previous])
            try db.execute(sql: "INSERT INTO cases SELECT * FROM copy")
        } else {
            try db.execute(sql: "UPDATE cases SET last_hash = ? WHERE id = ?", arguments: [previous, caseID])
        }
    }

    /// d1 rewritten (amount 50 → 5), and the ledger rewritten to match.
    static func rewriteWithLedger(_ f: TamperTests.Fixture) throws {
        try F.edit(f.path) { db in
            try db.execute(sql: "DROP TRIGGER ledger_no_update")
            try rechain(db, "d1") { $0.replacingOccurrences(of: "50.0", with: "5.0") }
            try db.execute(sql: "UPDATE ledger SET event_hash = (SELECT hash FROM events WHERE events.case_id = ledger.case_id AND events.seq = ledger.seq) WHERE case_id = 'd1'")
        }
    }

    /// The daemon's signer extended the stored tree without checking it: with the ledger
    /// rewritten and the stored frontier replaced, its next checkpoint approved the rewrite.
    @Test func theSignerRefusesALedgerThatNoLongerGivesItsSignedRoot() async throws {
        let f = try await F.fixture()
        try Self.rewriteWithLedger(f)
        let key = try AuditKey.loadOrCreate(path: f.keyFile).key
        // The stored frontier replaced (as garbage here; a forged tree's frontier behaves the same).
        try F.edit(f.path) { db in try db.execute(sql: "UPDATE checkpoints SET frontier = 'garbage'") }
        let signer = CheckpointSigner(store: try SQLiteStore(path: f.path), key: key, directory: nil, logger: Logger(label: "test"))
        await #expect(throws: CheckpointSigner.LedgerChanged.self) { try await signer.signHead() }
        // The stored checkpoints deleted: the last one shipped to the checkpoint folder is the anchor.
        try F.edit(f.path) { db in try db.execute(sql: "DELETE FROM checkpoints") }
        let withFolder = CheckpointSigner(store: try SQLiteStore(path: f.path), key: key, directory: f.folder + "/offsite",
                                          logger: Logger(label: "test"))
        do {
            _ = try await withFolder.signHead()
            Issue.record("signed over a rewritten ledger")
        } catch let e as CheckpointSigner.LedgerChanged {
            #expect(e.description.contains("the ledger's first 18 entries no longer hash to the root this key signed"))
        }
    }

    /// A checkpoint signed over the rewritten ledger (as the signer did before it checked) is
    /// contradicted by the earlier one the database still holds.
    @Test func anEarlierStoredCheckpointContradictsALaterOneSignedOverARewrite() async throws {
        let f = try await F.fixture()
        try Self.rewriteWithLedger(f)
        let key = try AuditKey.loadOrCreate(path: f.keyFile).key
        let store = try SQLiteStore(path: f.path)
        var hashes: [MerkleTree.Hash] = []
        for leaf in try await store.ledgerLeaves(from: 0, limit: 100) { hashes.append(MerkleTree.leafHash(leaf)) }
        // One more entry, so the forged checkpoint is newer than the honest one.
        try F.edit(f.path) { db in
            try db.execute(sql: "INSERT INTO ledger (idx, case_id, seq, event_hash) VALUES ((SELECT max(idx) + 1 FROM ledger), 'd2', 10, 'ff')")
        }
        hashes.append(MerkleTree.leafHash(caseID: "d2", sequence: 10, eventHash: "ff"))
        let forged = try Checkpoint.sign(size: 19, root: MerkleTree.root(hashes[...]), at: Instant(millis: 1), with: key)
        let file = f.folder + "/forged.json"
        try forged.json.write(toFile: file, atomically: true, encoding: .utf8)
        let report = try await CheckpointVerifier(store: try SQLiteStore(readingOnly: f.path), publicKey: key.privateKey.publicKey).verify(forged)
        #expect(report.problems.contains { $0.contains("the checkpoint of 18 entries the database holds") && $0.contains("the ledger was changed after it was signed") },
                "\(report.problems)")
    }

    /// A case written into the database around the daemon: chained, with a case row, and in no
    /// checkpoint; every event the daemon writes is in the ledger, and these are not.
    @Test func aCaseMadeUpInTheDatabaseIsReported() async throws {
        let f = try await F.fixture()
        try F.edit(f.path) { db in try Self.rechain(db, "d2", as: "d9") { $0.replacingOccurrences(of: "\"d2\"", with: "\"d9\"") } }
        #expect(try await AuditCommandTests.run(["verify", "d9", "--db", f.path]) == 0)  // its chain alone holds
        let problems = try await F.problems(f)
        #expect(problems == ["case d9: events 1–9 are not in the ledger: every event the daemon writes is recorded there as it is written, "
                             + "so they were written around it"], "\(problems)")
        #expect(try await F.verify(f) == 1)
    }

    /// A stored value of the wrong type (text where the event's number is): reading the case
    /// failed, and `verify` stopped at that case with a database error instead of reporting it
    /// and going on to the others.
    @Test func anEventRowThatNoLongerReadsIsReportedAndTheOthersStillChecked() async throws {
        let f = try await F.fixture()
        try F.edit(f.path) { db in try db.execute(sql: "UPDATE events SET seq = 'three' WHERE case_id = 'd2' AND seq = 3") }
        let catalog = try await ReplayCatalog.load(store: try SQLiteStore(readingOnly: f.path), workflows: f.workflowFile, policies: f.folder + "/policies")
        let (lines, intact) = try await VerifyCommand.verify(store: try SQLiteStore(readingOnly: f.path), caseID: nil, catalog: catalog)
        #expect(!intact)
        #expect(lines.contains { $0.hasPrefix("d2: UNREADABLE") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("d1: ok") }, "\(lines)")
        #expect(try await AuditCommandTests.run(["verify", "--db", f.path, "--workflows", f.workflowFile, "--policies", f.folder + "/policies"]) == 1)
        #expect(try await AuditCommandTests.run(["verify", "d2", "--db", f.path]) == 1)
    }

    /// A case row deleted: the case drops out of lists and queues; the whole-database verify
    /// walked the rows only, and said every case was intact.
    @Test func aCaseWhoseRowWasDeletedIsReported() async throws {
        let f = try await F.fixture()
        try F.edit(f.path) { db in try db.execute(sql: "DELETE FROM cases WHERE id = 'd2'") }
        let problems = try await F.problems(f)
        #expect(problems.contains { $0.hasPrefix("case d2: has events in the ledger but no case row") }, "\(problems)")
        #expect(try await AuditCommandTests.run(["verify", "--db", f.path, "--workflows", f.workflowFile, "--policies", f.folder + "/policies"]) == 1)
        let catalog = try await ReplayCatalog.load(store: try SQLiteStore(readingOnly: f.path), workflows: f.workflowFile, policies: f.folder + "/policies")
        let (lines, _) = try await VerifyCommand.verify(store: try SQLiteStore(readingOnly: f.path), caseID: nil, catalog: catalog)
        #expect(lines.contains { $0.hasPrefix("d2: ") && !$0.hasPrefix("d2: ok") }, "\(lines)")
    }

    /// A released version's text is kept under its SHA-256; changed in the database, its cases
    /// would run (and be replayed) by other rules. The text was never checked against the hash.
    @Test func aReleasedWorkflowTextChangedInTheDatabaseIsReported() async throws {
        let f = try await F.fixture()
        let store = try SQLiteStore(path: f.path)
        let honest = AuditCommandTests.definitions.replacingOccurrences(of: "version: 1", with: "version: 2")
        _ = try await store.saveDefinition(StoredDefinition(hash: StoredDefinition.hash(of: honest), kind: "workflow", id: "deal", version: 2,
                                                            source: honest))
        #expect(try await F.verify(f) == 0)
        try F.edit(f.path) { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS definitions_no_update")
            try db.execute(sql: "UPDATE definitions SET source = replace(source, 'deal', 'deal') || '# changed' WHERE version = 2")
            #expect(db.changesCount == 1)
        }
        let out = try CLIProcess.run(["verify", "--db", f.path, "--workflows", f.workflowFile, "--policies", f.folder + "/policies"])
        #expect(out.status == 1)
        #expect(out.stdout.contains("definition deal@2: BROKEN — its stored text no longer hashes to the SHA-256 it was released under"),
                "\(out.stdout)")
    }

    /// The timer index and the breach flag are columns outside the state: set `next_due` to
    /// nothing and a case's SLA clocks never fire; clear `breached` and it leaves the breach
    /// lists. Neither was compared with the history.
    @Test func silencedTimersAndABreachFlagAreReported() async throws {
        let path = try Scratch.folder("caseflow-timer-tamper").appendingPathComponent("cases.sqlite").path
        let written = try await SalesCasesFixture.write(3, to: try SQLiteStore(path: path))
        let (silenced, flagged) = (written[0].id, written[1].id)
        try F.edit(path) { db in
            try db.execute(sql: "UPDATE cases SET next_due = NULL WHERE id = ?", arguments: [silenced])
            try db.execute(sql: "UPDATE cases SET breached = 1 WHERE id = ?", arguments: [flagged])
        }
        let root = CLIProcess.repository
        let catalog = try await ReplayCatalog.load(store: try SQLiteStore(readingOnly: path), workflows: root.appendingPathComponent("Workflows").path,
                                                   policies: root.appendingPathComponent("Policies").path)
        let (lines, intact) = try await VerifyCommand.verify(store: try SQLiteStore(readingOnly: path), caseID: nil, catalog: catalog)
        #expect(!intact)
        #expect(lines.contains { $0.hasPrefix("\(silenced): SNAPSHOT DIFFERS") && $0.contains("next_due column: history says a timer is due at")
            && $0.contains("the row says none: its timers would fire late or never") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("\(flagged): SNAPSHOT DIFFERS") && $0.contains("breached column: history says false, the row says true") },
                "\(lines)")
        #expect(lines.contains { $0.hasPrefix("\(written[2].id): ok") })
    }

    /// The anchor's legitimate paths: stored checkpoints gone but the ledger intact, signing
    /// goes on from the checkpoint folder's `latest.json`; a new database beside an older one's
    /// folder is refused with what to do, not called a rewrite.
    @Test func theSignerGoesOnOverAnIntactLedgerAndNamesANewDatabase() async throws {
        let f = try await F.fixture()
        let key = try AuditKey.loadOrCreate(path: f.keyFile).key
        try F.edit(f.path) { db in
            try db.execute(sql: "DELETE FROM checkpoints")
            try db.execute(sql: "INSERT INTO ledger (idx, case_id, seq, event_hash) VALUES ((SELECT max(idx) + 1 FROM ledger), 'd2', 10, 'ff')")
        }
        let signer = CheckpointSigner(store: try SQLiteStore(path: f.path), key: key, directory: f.folder + "/offsite", logger: Logger(label: "test"))
        #expect(try await signer.signHead()?.size == 19)
        // A fresh database, the same folder and key.
        let fresh = try SQLiteStore(path: f.folder + "/fresh.sqlite")
        let beside = CheckpointSigner(store: fresh, key: key, directory: f.folder + "/offsite", logger: Logger(label: "test"))
        do {
            _ = try await beside.signHead()
            Issue.record("signed a new database as if it continued the old one's checkpoints")
        } catch let e as CheckpointSigner.LedgerChanged {
            #expect(e.description.contains("covers 19 ledger entries, but the ledger holds 0")
                    && e.description.contains("move the checkpoint folder aside"), "\(e.description)")
        }
    }

    /// A row written far past the ledger's end: the signer appended it and signed a bigger
    /// checkpoint every interval, each time over a tree the ledger does not have.
    @Test func aGapInTheLedgerStopsTheSigner() async throws {
        let f = try await F.fixture()
        try F.edit(f.path) { db in
            try db.execute(sql: "INSERT INTO ledger (idx, case_id, seq, event_hash) VALUES (100, 'd1', 99, 'abab')")
        }
        let key = try AuditKey.loadOrCreate(path: f.keyFile).key
        let signer = CheckpointSigner(store: try SQLiteStore(path: f.path), key: key, directory: nil, logger: Logger(label: "test"))
        do {
            _ = try await signer.signHead()
            Issue.record("signed over a gap")
        } catch let e as CheckpointSigner.LedgerChanged {
            #expect(e.description.contains("ledger entry 19 is missing (the next is 100)"), "\(e.description)")
        }
    }
}
