import ArgumentParser
import CaseflowEngine
import CaseflowModel
import CaseflowRules
import CaseflowStore
import Foundation
import GRDB
import Testing
@testable import CaseflowCLI
import CaseflowTestSupport

/// `caseflow verify` and `caseflow history` on a database made here from real engine runs.
@Suite struct AuditCommandTests {
    static let definitions = """
        kind: workflow
        id: deal
        version: 1
        calendar: office
        roles: [rep, boss]
        data:
          amount: { type: number, min: 0 }
        start: intake
        stages:
          intake:
            role: rep
            requires: [amount]
            next:
              - when: amount > 10.0
                to: approval
              - to: won
          approval:
            gate: { approvers: [boss], quorum: 1, four_eyes: true, on_reject: lost }
            next: won
          won: { end: won }
          lost: { end: lost }
        ---
        kind: calendar
        id: office
        timezone: Asia/Shanghai
        hours:
          mon-fri: "09:00-12:00, 13:00-18:00"
        ---
        kind: directory
        id: staff
        people:
          ann: { name: Ann, roles: [rep] }
          ben: { name: Ben, roles: [boss] }
        """

    /// Two closed deals in a fresh database file; returns its path.
    static func database() async throws -> String {
        let loaded = DefinitionLoader.load([DefinitionLoader.File(path: "deal.yaml", bytes: Array(definitions.utf8))])
        #expect(!loaded.hasErrors, "\(loaded.diagnostics)")
        let engine = Engine(catalog: try WorkflowCompiler.compileAll(loaded.definitions))
        let dir = Scratch.path("caseflow-cli")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("caseflow.sqlite").path
        let store = try SQLiteStore(path: path)
        let monday = Instant(millis: 1_772_413_200_000)
        for id in ["d1", "d2"] {
            var now = monday
            var outcome = try engine.open(caseID: id, workflow: "deal", data: [("amount", .double(50))], by: "ann", at: now).get()
            try await store.commit(try CaseWrite(outcome: outcome, engine: engine, expectedVersion: 0, at: now))
            for (command, who) in [(Command.complete(task: nil, data: []), "ann"), (.approve(comment: "fine, go"), "ben")] {
                now = now + 3_600_000
                let before = outcome.state.sequence
                outcome = try engine.handle(command, on: outcome.state, by: who, at: now).get()
                try await store.commit(try CaseWrite(outcome: outcome, engine: engine, expectedVersion: before, at: now))
            }
        }
        return path
    }

    static func run(_ arguments: [String]) async throws -> Int32 {
        var command = try CaseflowCommand.parseAsRoot(arguments)
        do {
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch let e as ExitCode {
            return e.rawValue
        }
    }

    /// Mistakes in the command are usage errors (64), said before anything is read: a public key
    /// that is not one exited 1 as if the proof had failed, and `audit key` with both --db and
    /// --key printed the --key file's key, silently ignoring the database named.
    @Test func aKeyThatIsNotOneAndTwoKeySourcesAreUsageErrors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-keyusage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let garbage = try CLIProcess.run(["verify", "--proof", folder.appendingPathComponent("none.json").path, "--public-key", "garbage"])
        #expect(garbage.status == 64, "\(garbage.status) \(garbage.stderr)")
        #expect(garbage.stderr.contains("--public-key") && garbage.stderr.contains("base64"), "\(garbage.stderr)")
        let both = try CLIProcess.run(["audit", "key", "--db", folder.appendingPathComponent("cases.sqlite").path,
                                       "--key", folder.appendingPathComponent("audit.key").path])
        #expect(both.status == 64, "\(both.status) \(both.stderr)")
        #expect(both.stderr.contains("--key or --db, not both"), "\(both.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("audit.key").path), "no key is made")
    }

    @Test func verifyPassesAnIntactDatabase() async throws {
        let path = try await Self.database()
        #expect(try await Self.run(["verify", "--db", path]) == 0)
        #expect(try await Self.run(["verify", "d1", "--db", path]) == 0)
        #expect(try await Self.run(["verify", "nobody", "--db", path]) == 1)
        #expect(try await Self.run(["verify", "--db", path + ".missing"]) == 1)
        let (lines, intact) = try await VerifyCommand.verify(store: try SQLiteStore(readingOnly: path), caseID: nil)
        #expect(intact)
        #expect(lines.count == 2 && lines.allSatisfy { $0.contains(" events; snapshot not checked") && $0.contains(": ok (") })
    }

    @Test func verifyNamesTheTamperedEvent() async throws {
        let path = try await Self.database()
        let before = try await SQLiteStore(readingOnly: path).events(caseID: "d2")
        let target = try #require(before.first { $0.sequence == 3 })
        try Self.tamper(path, caseID: "d2", sequence: 3)
        #expect(try await Self.run(["verify", "--db", path]) == 1)
        #expect(try await Self.run(["verify", "d1", "--db", path]) == 0)
        let (lines, intact) = try await VerifyCommand.verify(store: try SQLiteStore(readingOnly: path), caseID: nil)
        #expect(!intact)
        #expect(lines[0].hasPrefix("d1: ok"))
        #expect(lines[1].hasPrefix("d2: BROKEN at event 3: hash does not match its body: expected "))
        #expect(lines[1].hasSuffix("found \(target.hash)"))
    }

    /// Changes one byte of one event's body in the file, past the database's own guard.
    static func tamper(_ path: String, caseID: String, sequence: Int) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "DROP TRIGGER events_no_update")
            try db.execute(sql: "UPDATE events SET body = replace(body, '\"ann\"', '\"anm\"') WHERE case_id = ? AND seq = ?",
                           arguments: [caseID, sequence])
            #expect(db.changesCount == 1)
        }
        try queue.close()
    }

    @Test func historyPrintsATimeline() async throws {
        let path = try await Self.database()
        let events = try await SQLiteStore(readingOnly: path).events(caseID: "d1")
        let text = try HistoryFormatter.render(events, format: .text, zone: try #require(TimeZoneRules(identifier: "Asia/Shanghai")))
        let lines = text.split(separator: "\n")
        #expect(lines.count == events.count)
        #expect(lines[0].hasPrefix("2026-03-02 09:00:00 +08:00  ann (rep)  opened  deal amount=50.0"))
        #expect(text.contains("2026-03-02 09:00:00 +08:00  system  stage_entered  intake (rep)  — why: the workflow starts at intake"))
        #expect(text.contains("ben (boss)  vote_cast  approval approve: fine, go"))
        #expect(lines.last?.contains("case_closed  won") == true)

        let json = try HistoryFormatter.render(events, format: .json, zone: .utc)
        guard case .success(.list(let items)) = JSONParser.parse(json) else { Issue.record("not a JSON array"); return }
        #expect(items.count == events.count)

        let csv = try HistoryFormatter.render(events, format: .csv, zone: .utc)
        let rows = csv.split(separator: "\n")
        #expect(rows.first == "seq,at,actor,role,type,what,why,release,hash")
        #expect(rows.count == events.count + 1)
        #expect(rows.contains { $0.contains(#""approval approve: fine, go""#) })

        #expect(try await Self.run(["history", "d1", "--db", path]) == 0)
        #expect(try await Self.run(["history", "d1", "--format", "csv", "--db", path]) == 0)
        #expect(try await Self.run(["history", "nobody", "--db", path]) == 1)
        #expect(throws: (any Error).self) { try CaseflowCommand.parseAsRoot(["history", "d1", "--zone", "Mars/Base"]) }
    }
}
