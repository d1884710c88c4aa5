import CaseflowAudit
import CaseflowModel
import CaseflowStore
import CaseflowTestSupport
import Foundation
import GRDB
import Logging
import Testing
@testable import CaseflowCLI

/// Someone with write access to the SQLite file (the daemon stopped) edits it the ways an
/// attacker would; `caseflow verify` with a checkpoint kept elsewhere reports each, naming the case.
@Suite struct TamperTests {
    struct Fixture {
        let path: String
        let folder: String
        let keyFile: String
        let publicKey: String
        let checkpointFile: String
        let workflowFile: String
    }

    /// Two closed deals, a signed checkpoint written outside the database, the definitions on disk.
    static func fixture() async throws -> Fixture {
        let path = try await AuditCommandTests.database()
        let folder = (path as NSString).deletingLastPathComponent
        let keyFile = folder + "/audit.key"
        let (key, created) = try AuditKey.loadOrCreate(path: keyFile)
        #expect(created)
        let signer = CheckpointSigner(store: try SQLiteStore(path: path), key: key, directory: folder + "/offsite",
                                      logger: Logger(label: "test"))
        let checkpoint = try #require(try await signer.signHead())
        #expect(checkpoint.size == 2 * 9)
        #expect(try await signer.signHead() == nil)  // nothing new to sign
        let workflowFile = folder + "/deal.yaml"
        try AuditCommandTests.definitions.write(toFile: workflowFile, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: folder + "/policies", withIntermediateDirectories: true)
        return Fixture(path: path, folder: folder, keyFile: keyFile, publicKey: key.publicKeyText,
                       checkpointFile: folder + "/offsite/latest.json", workflowFile: workflowFile)
    }

    static func problems(_ f: Fixture) async throws -> [String] {
        let checkpoint = try Checkpoint(json: String(contentsOfFile: f.checkpointFile, encoding: .utf8))
        let report = try await CheckpointVerifier(store: try SQLiteStore(readingOnly: f.path),
                                                  publicKey: try AuditKey.publicKey(f.publicKey)).verify(checkpoint)
        return report.problems
    }

    static func verify(_ f: Fixture) async throws -> Int32 {
        try await AuditCommandTests.run(["verify", "--db", f.path, "--checkpoint", f.checkpointFile, "--public-key", f.publicKey,
                                         "--workflows", f.workflowFile, "--policies", f.folder + "/policies"])
    }

    static func edit(_ path: String, _ body: (Database) throws -> Void) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            for trigger in ["events_no_update", "events_no_delete", "events_no_replace"] {
                try db.execute(sql: "DROP TRIGGER IF EXISTS \(trigger)")
            }
            try body(db)
        }
        try queue.close()
    }

    @Test func anIntactDatabaseVerifiesAgainstItsCheckpoint() async throws {
        let f = try await Self.fixture()
        // A checkpoint file that is not there fails at once: it checked every case first.
        let missing = try CLIProcess.run(["verify", "--db", f.path, "--checkpoint", f.folder + "/none.json", "--public-key", f.publicKey])
        #expect(missing.status == 1 && missing.stderr.contains("cannot read") && missing.stdout.isEmpty, "\(missing.stdout) \(missing.stderr)")
        #expect(try await Self.problems(f).isEmpty)
        #expect(try await Self.verify(f) == 0)
        #expect(throws: (any Error).self) { try CaseflowCommand.parseAsRoot(["verify", "--db", f.path, "--checkpoint", f.checkpointFile]) }
        #expect(try await AuditCommandTests.run(["audit", "key", "--key", f.keyFile]) == 0)
    }

    @Test func truncationWithAFixedUpCaseRowIsReported() async throws {
        let f = try await Self.fixture()
        try Self.edit(f.path) { db in
            try db.execute(sql: "DELETE FROM events WHERE case_id = 'd1' AND seq > 7")
            try db.execute(sql: "UPDATE cases SET version = 7, last_hash = (SELECT hash FROM events WHERE case_id = 'd1' AND seq = 7) WHERE id = 'd1'")
        }
        let problems = try await Self.problems(f)
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("case d1: truncated — events 8, 9 covered by the checkpoint are gone") == true)
        #expect(try await Self.verify(f) == 1)
    }

    @Test func aDeletedCaseIsReported() async throws {
        let f = try await Self.fixture()
        try Self.edit(f.path) { db in
            try db.execute(sql: "DELETE FROM events WHERE case_id = 'd2'")
            try db.execute(sql: "DELETE FROM cases WHERE id = 'd2'")
        }
        // Without the checkpoint the ledger still names it (verify walked the case rows only, and said all was well).
        #expect(try await AuditCommandTests.run(["verify", "--db", f.path]) == 1)
        let (lines, _) = try await VerifyCommand.verify(store: try SQLiteStore(readingOnly: f.path), caseID: nil)
        #expect(lines.contains("d2: DELETED — the ledger records events of it, but the database holds none of them"), "\(lines)")
        // Asked for by id, the same (it said "no such case").
        let (one, _) = try await VerifyCommand.verify(store: try SQLiteStore(readingOnly: f.path), caseID: "d2")
        #expect(one == ["d2: DELETED — the ledger records events of it, but the database holds none of them"], "\(one)")
        let (typo, _) = try await VerifyCommand.verify(store: try SQLiteStore(readingOnly: f.path), caseID: "d9")
        #expect(typo == ["d9: no such case"], "\(typo)")
        let problems = try await Self.problems(f)
        #expect(problems == ["case d2: deleted — its 9 events covered by the checkpoint are gone"])
        #expect(try await Self.verify(f) == 1)
    }

    /// `caseflow history` of a case whose event was edited in the database shows what is stored,
    /// then says the history does not verify and exits 1 (it printed the edited event without a word).
    @Test func historyOfAnEditedCaseSaysItDoesNotVerify() async throws {
        let f = try await Self.fixture()
        #expect(try await AuditCommandTests.run(["history", "d1", "--db", f.path]) == 0)
        try Self.edit(f.path) { db in
            try db.execute(sql: "UPDATE events SET body = replace(body, '50.0', '5.0') WHERE case_id = 'd1' AND body LIKE '%50.0%'")
            #expect(db.changesCount >= 1)
        }
        #expect(try await AuditCommandTests.run(["history", "d1", "--db", f.path]) == 1)
    }

    /// The approver and the amount changed, every hash recomputed, the case row fixed up: the
    /// chains verify, the checkpoint does not.
    @Test func aConsistentRewriteIsReported() async throws {
        let f = try await Self.fixture()
        try Self.edit(f.path) { db in
            let rows = try Row.fetchAll(db, sql: "SELECT seq, body FROM events WHERE case_id = 'd1' ORDER BY seq")
            var previous = HashChain.genesis
            for row in rows {
                let seq: Int = row[0]
                let body = (row[1] as String).replacingOccurrences(of: "\"ben\"", with: "\"bob\"")
                    .replacingOccurrences(of: "50.0", with: "5.0")
                let hash = HashChain.hash(previous: previous, body: body)
                try db.execute(sql: "UPDATE events SET body = ?, prev_hash = ?, hash = ? WHERE case_id = 'd1' AND seq = ?",
                               arguments: [body, previous, hash, seq])
                previous = hash
            }
            try db.execute(sql: "UPDATE cases SET last_hash = ? WHERE id = 'd1'", arguments: [previous])
        }
        #expect(try await AuditCommandTests.run(["verify", "d1", "--db", f.path]) == 0)  // the chain alone is fooled
        let problems = try await Self.problems(f)
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("case d1: rewritten — event 1 no longer has the hash the checkpoint covers") == true)
        #expect(try await Self.verify(f) == 1)
    }

    /// The same rewrite with the ledger rewritten to match: the signed root gives it away.
    @Test func aRewrittenLedgerIsReported() async throws {
        let f = try await Self.fixture()
        try Self.edit(f.path) { db in
            try db.execute(sql: "DROP TRIGGER ledger_no_update")
            try db.execute(sql: "UPDATE events SET hash = 'x' || substr(hash, 2) WHERE case_id = 'd2' AND seq = 9")
            try db.execute(sql: "UPDATE ledger SET event_hash = 'x' || substr(event_hash, 2) WHERE case_id = 'd2' AND seq = 9")
        }
        let problems = try await Self.problems(f)
        #expect(problems.contains { $0.contains("the ledger itself was rewritten") && $0.contains("d2") })
        #expect(try await Self.verify(f) == 1)
    }

    /// One ledger entry deleted from the middle: the entries below the checkpoint's size are one
    /// short, and verify says which is gone (it used to report ok over the entries left).
    @Test func aLedgerEntryDeletedFromTheMiddleIsReported() async throws {
        let f = try await Self.fixture()
        try Self.edit(f.path) { db in
            try db.execute(sql: "DROP TRIGGER ledger_no_delete")
            try db.execute(sql: "DELETE FROM ledger WHERE idx = 5")
        }
        let problems = try await Self.problems(f)
        #expect(problems.contains { $0.contains("entries were removed (entry 5 is gone)") }, "\(problems)")
        #expect(try await Self.verify(f) == 1)
    }

    /// `cases.state` edited: the API would serve it, and an emptied actor list would defeat four-eyes.
    @Test func aForgedSnapshotIsReportedByVerify() async throws {
        let f = try await Self.fixture()
        try Self.edit(f.path) { db in
            try db.execute(sql: #"UPDATE cases SET state = replace(replace(state, '"actors":["ann"]', '"actors":[]'), '{"double":50.0}', '{"double":0.01}') WHERE id = 'd1'"#)
            #expect(db.changesCount == 1)
        }
        let args = ["verify", "--db", f.path, "--workflows", f.workflowFile, "--policies", f.folder + "/policies"]
        #expect(try await AuditCommandTests.run(args) == 1)
        let catalog = try #require(try await ReplayCatalog.load(store: try SQLiteStore(readingOnly: f.path), workflows: f.workflowFile,
                                                                  policies: f.folder + "/policies"))
        let (lines, intact) = try await VerifyCommand.verify(store: try SQLiteStore(readingOnly: f.path), caseID: nil, catalog: catalog)
        #expect(!intact)
        #expect(lines[0].hasPrefix("d1: SNAPSHOT DIFFERS from history: "))
        #expect(lines[0].contains("data.amount: history says 50.0, the snapshot says 0.01"))
        #expect(lines[0].contains("actors: history says ann, the snapshot says "))
        #expect(lines[1].hasPrefix("d2: ok"))
    }

    /// A snapshot whose stage entry was moved by a minute: verify said only "the snapshot differs
    /// from the history", naming nothing an auditor could check.
    @Test func aMovedInstantInASnapshotIsNamed() async throws {
        let f = try await Self.fixture()
        try Self.edit(f.path) { db in
            try db.execute(sql: "UPDATE cases SET state = json_set(state, '$.stage_entered_at', json_extract(state, '$.stage_entered_at') + 60000) WHERE id = 'd1'")
            #expect(db.changesCount == 1)
        }
        let catalog = try #require(try await ReplayCatalog.load(store: try SQLiteStore(readingOnly: f.path), workflows: f.workflowFile,
                                                                  policies: f.folder + "/policies"))
        let (lines, intact) = try await VerifyCommand.verify(store: try SQLiteStore(readingOnly: f.path), caseID: "d1", catalog: catalog)
        #expect(!intact)
        #expect(lines.first?.contains("stage_entered_at: history says ") == true && lines.first?.contains("differs from the history") == false,
                "\(lines)")
    }

    @Test func insertOrReplaceCannotRewriteAnEvent() async throws {
        let path = try await AuditCommandTests.database()
        let queue = try DatabaseQueue(path: path)
        #expect(throws: (any Error).self) {
            try queue.write { db in
                try db.execute(sql: "INSERT OR REPLACE INTO events (case_id, seq, at, type, body, prev_hash, hash) VALUES ('d1', 1, 0, 'opened', '{}', 'x', 'y')")
            }
        }
        #expect(throws: (any Error).self) {
            try queue.write { db in
                try db.execute(sql: "INSERT OR REPLACE INTO ledger (idx, case_id, seq, event_hash) VALUES (1, 'd1', 1, 'y')")
            }
        }
        try queue.close()
        #expect(try await AuditCommandTests.run(["verify", "--db", path]) == 0)
    }

    @Test func aProofIsCheckedOfflineWithThePublicKeyAlone() async throws {
        let f = try await Self.fixture()
        let proofFile = f.folder + "/d1.proof.json"
        #expect(try await AuditCommandTests.run(["export", "d1", "--proof", "--db", f.path, "--output", proofFile]) == 0)
        // A case the database never had: said so, not "has no event covered by the checkpoint".
        let unknown = try CLIProcess.run(["export", "nope", "--proof", "--db", f.path])
        #expect(unknown.status == 1 && unknown.stderr.contains("no case 'nope' in"), "\(unknown.stderr)")
        // A folder that is not there: said in words (it printed Foundation's error domain).
        let nowhere = try CLIProcess.run(["export", "d1", "--proof", "--db", f.path, "--output", f.folder + "/missing/d1.json"])
        #expect(nowhere.status == 1 && nowhere.stderr.contains("cannot write \(f.folder)/missing/d1.json") && !nowhere.stderr.contains("NSCocoa"),
                "\(nowhere.stderr)")
        // The whole database: a count at the end.
        let all = try CLIProcess.run(["verify", "--db", f.path])
        #expect(all.status == 0 && all.stderr.contains("2 cases checked: all intact"), "\(all.stderr)")
        try FileManager.default.removeItem(atPath: f.path)  // nothing but the proof and the key from here on
        #expect(try await AuditCommandTests.run(["verify", "--proof", proofFile, "--public-key", f.publicKey]) == 0)
        #expect(try await AuditCommandTests.run(["verify", "d1", "--proof", proofFile, "--public-key", f.publicKey]) == 0)
        // Asked about another case, the proof of d1 said "d1: ok" (exit 0).
        let otherCase = try CLIProcess.run(["verify", "d2", "--proof", proofFile, "--public-key", f.publicKey])
        #expect(otherCase.status == 1 && otherCase.stderr.contains("proves case d1, not d2") && !otherCase.stdout.contains("ok"), "\(otherCase.stderr)")
        let proof = try CaseProof(json: String(contentsOfFile: proofFile, encoding: .utf8))
        #expect(proof.entries.count == 9)
        #expect(proof.verify(with: try AuditKey.publicKey(f.publicKey)).isEmpty)

        var forged = proof
        forged.entries[0].body = forged.entries[0].body.replacingOccurrences(of: "\"ann\"", with: "\"amy\"")
        forged.entries[0].hash = HashChain.hash(previous: forged.entries[0].previousHash, body: forged.entries[0].body)
        #expect(forged.entries[0].body != proof.entries[0].body)
        #expect(forged.verify(with: try AuditKey.publicKey(f.publicKey)).contains { $0.contains("not included in the signed ledger") })
        var emptied = proof
        emptied.entries = []
        #expect(emptied.verify(with: try AuditKey.publicKey(f.publicKey)) == ["the proof holds no events of case d1: it proves nothing"])
        let other = try AuditKey.loadOrCreate(path: f.folder + "/other.key").key
        #expect(proof.verify(with: try AuditKey.publicKey(other.publicKeyText)).contains { $0.contains("signature does not verify") })

        // A key given twice: the proof was accepted, read one way by the verifier while the file
        // says two things to a person reading it.
        let text = try String(contentsOfFile: proofFile, encoding: .utf8)
        let doubled = f.folder + "/doubled.proof.json"
        try ("{\"case\":\"d2\"," + text.dropFirst()).write(toFile: doubled, atomically: true, encoding: .utf8)
        #expect(throws: CaseProof.Failure.self) { try CaseProof(json: try String(contentsOfFile: doubled, encoding: .utf8)) }
        #expect(try await AuditCommandTests.run(["verify", "--proof", doubled, "--public-key", f.publicKey]) == 1)
    }
}
