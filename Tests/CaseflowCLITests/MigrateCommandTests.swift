import CaseflowEngine
import CaseflowFiles
import CaseflowModel
import CaseflowStore
import CaseflowTestSupport
import Foundation
import Testing

/// `caseflow migrate` with a stage that version 2 renamed (`--map`), a field it made required
/// (`--set`) and only some of the cases (`--where`), as an administrator types it.
@Suite struct MigrateCommandTests {
    static let version1 = """
        kind: workflow
        id: desk
        version: 1
        title: Request desk
        roles: [sales_rep]
        data:
          amount: { type: number, required: true }
        start: triage
        stages:
          triage:  { role: sales_rep, next: done }
          done:    { end: true }
        """

    /// `triage` is called `screening` now, and every request names its region.
    static let version2 = """
        kind: workflow
        id: desk
        version: 2
        title: Request desk
        roles: [sales_rep]
        data:
          amount: { type: number, required: true }
          region: { type: string, required: true, enum: [north, south] }
        start: screening
        stages:
          screening: { role: sales_rep, next: done }
          done:      { end: true }
        """

    struct Desk {
        let workflows: String
        let policies: String
        let db: String
        let engine: Engine
    }

    /// Four requests on version 1, standing at `triage`: amounts 50, 150, 250 and 350.
    static func desk() async throws -> Desk {
        let dir = try Scratch.folder("caseflow-migrate-map")
        let workflows = dir.appendingPathComponent("workflows")
        try FileManager.default.createDirectory(at: workflows, withIntermediateDirectories: true)
        try version1.write(to: workflows.appendingPathComponent("desk.yaml"), atomically: true, encoding: .utf8)
        try version2.write(to: workflows.appendingPathComponent("desk-v2.yaml"), atomically: true, encoding: .utf8)
        let policies = CLIProcess.repository.appendingPathComponent("Policies").path
        let loaded = DefinitionFiles.load([workflows.path, policies])
        #expect(!loaded.hasErrors, "\(loaded.diagnostics)")
        let engine = Engine(catalog: try WorkflowCompiler.compileAll(loaded.definitions))
        let db = dir.appendingPathComponent("desk.sqlite").path
        let store = try SQLiteStore(path: db)
        let start = Instant(millis: Int64(Date().timeIntervalSince1970 * 1000) - 3_600_000)
        for (i, amount) in [50.0, 150.0, 250.0, 350.0].enumerated() {
            let opened = try engine.open(caseID: "d-\(i)", workflow: "desk", version: 1, data: [("amount", .double(amount))],
                                         by: "alice", at: start + Int64(i * 60_000)).get()
            try await store.commit(CaseWrite(caseID: opened.state.id, expectedVersion: 0, events: opened.events,
                                             snapshot: try StoredCase(state: opened.state, engine: engine, updatedAt: start)))
        }
        return Desk(workflows: workflows.path, policies: policies, db: db, engine: engine)
    }

    static func migrate(_ desk: Desk, _ extra: [String]) throws -> CLIProcess.Output {
        try CLIProcess.run(["migrate", "desk", "--from", "1", "--to", "2", "--db", desk.db, "--workflows", desk.workflows,
                            "--policies", desk.policies, "--reason", "triage is screening now"] + extra)
    }

    static func stored(_ desk: Desk, _ id: String) async throws -> CaseState {
        try #require(try await SQLiteStore(readingOnly: desk.db).snapshot(caseID: id)).decodedState()
    }

    /// A typo in --map: an old stage that does not exist was ignored (the mapping did nothing and
    /// nothing said so); a new stage that does not exist made every case be refused naming the
    /// old stage, as if it had not been mapped.
    @Test func aMapNamingNoStageIsRefusedBeforeAnythingMoves() async throws {
        let desk = try await Self.desk()
        let oldTypo = try Self.migrate(desk, ["--map", "trage=screening", "--set", "region=north", "--dry-run"])
        #expect(oldTypo.status == 1)
        #expect(oldTypo.stderr.contains("map trage=screening: version 1 of desk has no stage 'trage' (did you mean 'triage'?)"), "\(oldTypo.stderr)")
        let newTypo = try Self.migrate(desk, ["--map", "triage=screenin", "--set", "region=north"])
        #expect(newTypo.status == 1)
        #expect(newTypo.stderr.contains("map triage=screenin: version 2 of desk has no stage 'screenin' (did you mean 'screening'?)"), "\(newTypo.stderr)")
        #expect(try await Self.stored(desk, "d-1").version == 1, "nothing moved")
    }

    /// A mistyped --db made a new, empty database and said "migrated 0 cases" (exit 0); a --set
    /// with no field name was refused case by case instead of as a usage error.
    @Test func aDatabaseThatIsNotThereAndASetWithoutAFieldAreRefused() async throws {
        let desk = try await Self.desk()
        let typo = desk.db + ".typo"
        let missing = try CLIProcess.run(["migrate", "desk", "--from", "1", "--to", "2", "--db", typo, "--workflows", desk.workflows,
                                          "--policies", desk.policies, "--dry-run"])
        #expect(missing.status == 1 && missing.stderr.contains("no database at \(typo)"), "\(missing.status) \(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: typo))
        let noField = try Self.migrate(desk, ["--set", "=north", "--dry-run"])
        #expect(noField.status == 64 && noField.stderr.contains("--set takes FIELD=VALUE"), "\(noField.status) \(noField.stderr)")
        // A field the new version does not have: refused before anything moves, as a --map typo is.
        let fieldTypo = try Self.migrate(desk, ["--map", "triage=screening", "--set", "regoin=north"])
        #expect(fieldTypo.status == 1 && fieldTypo.stderr.contains("set regoin: version 2 of desk has no field 'regoin' (did you mean 'region'?)"),
                "\(fieldTypo.stderr)")
        #expect(try await Self.stored(desk, "d-1").version == 1, "nothing moved")
    }

    @Test func aRenamedStageNeedsMapAndARequiredFieldNeedsSet() async throws {
        let desk = try await Self.desk()

        // Without --map the plan refuses every case, names the stage and says how to map it;
        // nothing moves.
        let unmapped = try Self.migrate(desk, ["--dry-run"])
        #expect(unmapped.status == 1)
        #expect(unmapped.stdout.contains("d-1: cannot migrate: stage triage has no counterpart in version 2: map it with --map triage=STAGE"),
                "\(unmapped.stdout)")
        #expect(unmapped.stdout.contains("would migrate 0 cases, 4 cannot"), "\(unmapped.stdout)")

        // A real run names each case it cannot move, with why (it printed only the count).
        let real = try Self.migrate(desk, [])
        #expect(real.status == 1)
        #expect(real.stdout.contains("d-1: cannot migrate: stage triage has no counterpart in version 2"), "\(real.stdout)")
        #expect(real.stdout.contains("migrated 0 cases, 4 cannot"), "\(real.stdout)")

        // Mapped, but version 2's new required field has no value.
        let unset = try Self.migrate(desk, ["--map", "triage=screening", "--dry-run"])
        #expect(unset.status == 1)
        #expect(unset.stdout.contains("region is required in version 2: give --set region=VALUE"), "\(unset.stdout)")
        #expect(try await Self.stored(desk, "d-1").version == 1)

        // Mapped and set, for the requests above 100 only.
        let run = try Self.migrate(desk, ["--map", "triage=screening", "--set", "region=north", "--where", "amount > 100.0", "--cases"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("d-2: migrated (triage → screening)"), "\(run.stdout)")
        #expect(run.stdout.contains("migrated 3 cases, 0 cannot, 0 already on version 2, 1 not matching --where"), "\(run.stdout)")

        for id in ["d-1", "d-2", "d-3"] {
            let state = try await Self.stored(desk, id)
            let workflow = try #require(desk.engine.workflow(of: state))
            #expect(state.version == 2)
            #expect(workflow.stages[state.stage].id == "screening")
            #expect(state.value(try #require(workflow.fieldSlots["region"])) == .string("north"))
        }
        let small = try await Self.stored(desk, "d-0")
        #expect(small.version == 1)
        #expect(desk.engine.workflow(of: small)?.stages[small.stage].id == "triage")

        // Each moved case records the mapping in its history, and every chain still verifies.
        let history = try CLIProcess.run(["history", "d-2", "--db", desk.db, "--format", "json"])
        #expect(history.status == 0, "\(history.stderr)")
        #expect(history.stdout.contains("\"migrated\""), "\(history.stdout.suffix(800))")
        #expect(history.stdout.contains("triage") && history.stdout.contains("screening"))
        #expect(history.stdout.contains("triage is screening now"))
        // The text timeline marks where the case changed version (it marked only a change of release).
        let text = try CLIProcess.run(["history", "d-2", "--db", desk.db])
        #expect(text.stdout.contains("-- workflow version 2 (was 1) --"), "\(text.stdout)")
        let verify = try CLIProcess.run(["verify", "--db", desk.db])
        #expect(verify.status == 0, "\(verify.stdout.suffix(500))")

        // A moved case goes on under version 2's stage names.
        let moved = try await Self.stored(desk, "d-3")
        let next = try desk.engine.handle(.complete(task: nil, data: []), on: moved, by: "alice",
                                          at: moved.lastEventAt + Int64(60_000), stage: "screening").get()
        #expect(next.state.status == .closed)

        // Run again: the moved cases are left alone, the one outside --where is still outside it.
        let again = try Self.migrate(desk, ["--map", "triage=screening", "--set", "region=north", "--where", "amount > 100.0"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("migrated 0 cases, 0 cannot, 3 already on version 2, 1 not matching --where"), "\(again.stdout)")
    }
}
