import ArgumentParser
import CaseflowAudit
import CaseflowEngine
import CaseflowStore
import Foundation

/// `caseflow verify [CASE] [--db PATH] [--checkpoint FILE --public-key KEY] [--proof FILE --public-key KEY]`.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the history: hash chains, snapshots replayed from events, and signed checkpoints.",
        discussion: """
            Reads the database without changing it (a copy works; the daemon need not run).

            For each case (or the one named): recomputes its hash chain, then replays its events \
            through the engine and compares the result with the stored snapshot (stage, status, \
            data, votes, actors, clocks). Prints `CASE: ok (N events)` or what is broken: the first \
            event whose hash or link does not match, or the snapshot fields that differ from history.

            With --checkpoint FILE --public-key KEY: also proves, against a checkpoint kept outside \
            the database, that every event it covers is still there unchanged; truncated, deleted \
            and rewritten cases are named. With --proof FILE --public-key KEY: checks a proof that \
            `caseflow export CASE --proof` wrote, offline, without any database.

            Exit status: 0 when everything holds, 1 when anything is broken or missing.

            Examples:
              caseflow verify
              caseflow verify c-8k2m4x9q7r1t
              caseflow verify --checkpoint offsite/latest.json --public-key "$(cat audit.pub)"
              caseflow verify --proof c-8k2m4x9q7r1t.proof.json --public-key "$(cat audit.pub)"
            """
    )

    @Argument(help: "The case to verify (default: every case).")
    var caseID: String?

    @Option(help: "The database file (or postgres:// URL).")
    var db = "caseflow.sqlite"

    @OptionGroup var definitions: DefinitionOptions

    @Option(help: ArgumentHelp("A signed checkpoint file the daemon published.", valueName: "file"))
    var checkpoint: String?

    @Option(help: ArgumentHelp("A case proof written by `caseflow export CASE --proof` (checked offline).", valueName: "file"))
    var proof: String?

    @Option(help: ArgumentHelp("The auditors' public key (base64, as `caseflow audit key` prints it), or a file holding it.",
                               valueName: "key"))
    var publicKey: String?

    init() {}

    func validate() throws {
        if (checkpoint != nil || proof != nil) && publicKey == nil {
            throw ValidationError("--checkpoint and --proof need --public-key: a checkpoint is only as good as the key that signed it")
        }
        if checkpoint != nil && proof != nil { throw ValidationError("give --checkpoint or --proof, not both") }
        // A key that is not one is a mistake in the command, said before anything is read.
        if let publicKey {
            do {
                _ = try AuditKey.publicKey(publicKey)
            } catch {
                throw ValidationError("--public-key: \(error)")
            }
        }
    }

    func run() async throws {
        do {
            if let proof {
                try verifyProof(proof)
                return
            }
            // The checkpoint is read first: one that is missing or malformed fails before the
            // whole database is checked, not after.
            let signed = try checkpoint.map { path in (path, try readCheckpoint(path)) }
            let store = try await StoreOpener.openForReading(db)
            let (catalog, tampered) = try await ReplayCatalog.loadChecked(store: store, workflows: definitions.workflows,
                                                                          policies: definitions.policies)
            // A released version's text is kept under its SHA-256: one that no longer hashes to it
            // was changed in the database (its cases would run, and be replayed, by other rules).
            for name in tampered {
                print("definition \(name): BROKEN — its stored text no longer hashes to the SHA-256 it was released under: changed in the database")
            }
            var (lines, intact) = try await Self.verify(store: store, caseID: caseID, catalog: catalog)
            intact = intact && tampered.isEmpty
            for line in lines { print(line) }
            if caseID == nil {
                // The count at the end, on standard error: thousands of lines scroll past.
                let bad = lines.filter { !$0.contains(": ok (") }.count
                Terminal.status("\(lines.count) case\(lines.count == 1 ? "" : "s") checked: "
                                + (bad == 0 ? "all intact" : "\(bad) not intact (the lines above that do not say ok)"))
            }
            if let (path, checkpoint) = signed {
                let (checkLines, ok) = try await verifyCheckpoint(checkpoint, path, store: store)
                lines = checkLines
                for line in lines { print(line) }
                intact = intact && ok
            }
            if !intact { throw ExitCode(1) }
        } catch let e as StoreError {
            Terminal.error(e.description)
            throw ExitCode(1)
        }
    }

    private func readText(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            Terminal.error("cannot read \(path)")
            throw ExitCode(1)
        }
        return text
    }

    private func key() throws -> AuditPublicKey {
        do {
            return try AuditKey.publicKey(publicKey ?? "")
        } catch {
            Terminal.error("\(error)")
            throw ExitCode(1)
        }
    }

    private func readCheckpoint(_ path: String) throws -> Checkpoint {
        do {
            return try Checkpoint(json: try readText(path))
        } catch let e as Checkpoint.Failure {
            Terminal.error("\(path): \(e.description)")
            throw ExitCode(1)
        }
    }

    private func verifyCheckpoint(_ checkpoint: Checkpoint, _ path: String, store: any CaseStore) async throws -> ([String], Bool) {
        let report = try await CheckpointVerifier(store: store, publicKey: try key()).verify(checkpoint)
        if report.intact {
            return (["checkpoint \(path): ok (\(report.eventsCovered) events of \(report.casesChecked) cases, signed root \(checkpoint.root))"], true)
        }
        return (["checkpoint \(path): BROKEN"] + report.problems.map { "  \($0)" }, false)
    }

    private func verifyProof(_ path: String) throws {
        let proof: CaseProof
        do {
            proof = try CaseProof(json: try readText(path))
        } catch let e as CaseProof.Failure {
            Terminal.error("\(path): \(e.description)")
            throw ExitCode(1)
        } catch let e as Checkpoint.Failure {
            Terminal.error("\(path): \(e.description)")
            throw ExitCode(1)
        }
        // Asked about one case, a proof of another answers nothing about it.
        if let caseID, caseID != proof.caseID {
            Terminal.error("\(path) proves case \(proof.caseID), not \(caseID)")
            throw ExitCode(1)
        }
        let problems = proof.verify(with: try key())
        if problems.isEmpty {
            print("\(proof.caseID): ok (\(proof.entries.count) events included in the checkpoint of \(proof.checkpoint.size) entries, signed root \(proof.checkpoint.root))")
            return
        }
        print("\(proof.caseID): BROKEN")
        for p in problems { print("  \(p)") }
        throw ExitCode(1)
    }

    /// One line per case, and whether all of them hold: the chain, then the snapshot against history.
    static func verify(store: any CaseStore, caseID: String?, catalog: WorkflowCatalog? = nil) async throws -> (lines: [String], intact: Bool) {
        let ids: [String]
        // Every case: those with a row, and those the ledger has events of (a row deleted hides
        // its case from lists and queues, and is reported here rather than skipped).
        let inLedger = caseID == nil ? try await LedgerCases.ids(store) : []
        if let caseID { ids = [caseID] } else { ids = Set(try await store.caseIDs()).union(inLedger).sorted() }
        var lines: [String] = []
        var intact = true
        for id in ids {
            do {
                intact = try await verifyCase(id, store: store, inLedger: inLedger.contains(id), single: caseID != nil, catalog: catalog,
                                              into: &lines) && intact
            } catch StoreError.corrupt(let why) {
                // A row that no longer reads as what was written (text where a number was): the
                // case is reported, and the others are still checked.
                lines.append("\(id): UNREADABLE — its rows no longer read as the store wrote them (changed in the database): \(why.components(separatedBy: ", row: ").first ?? why)")
                intact = false
            }
        }
        return (lines, intact)
    }

    /// One case's lines; whether it holds.
    private static func verifyCase(_ id: String, store: any CaseStore, inLedger: Bool, single: Bool, catalog: WorkflowCatalog?,
                                   into lines: inout [String]) async throws -> Bool {
        var intact = true
        // One read for both checks: the chain and the snapshot against the same history.
        let record = try await store.caseRecord(caseID: id)
        switch record.verify(caseID: id) {
        case nil:
            // One case asked for by id: the ledger is read only now, to tell a deleted case from a
            // mistyped id (it said "no such case" of a deleted one).
            let recorded = inLedger ? true : single ? try await LedgerCases.ids(store).contains(id) : false
            lines.append(recorded ? "\(id): DELETED — the ledger records events of it, but the database holds none of them"
                         : "\(id): no such case")
            intact = false
        case .broken(let b)?:
            lines.append("\(id): BROKEN at \(b.description)")
            intact = false
        case .intact(let n, _)?:
            let events = n == 1 ? "1 event" : "\(n) events"
            guard let catalog else {
                lines.append("\(id): ok (\(events); snapshot not checked: no definitions to replay with, give --workflows and --policies)")
                return true
            }
            switch SnapshotCheck.check(events: record.events, snapshot: record.snapshot, catalog: catalog, timers: true, chainVerified: true) {
            case .matches:
                lines.append("\(id): ok (\(events))")
            case .unchecked(let why):
                lines.append("\(id): ok (\(events); snapshot not checked: \(why))")
            case .differs(let problems):
                lines.append("\(id): SNAPSHOT DIFFERS from history: " + problems.joined(separator: "; "))
                intact = false
            case .broken:  // only from a chain not verified above; this one was, on this same read
                break
            }
        }
        return intact
    }
}
