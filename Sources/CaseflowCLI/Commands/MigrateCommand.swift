import ArgumentParser
import CaseflowEngine
import CaseflowModel
import CaseflowRules
import CaseflowStore
import Foundation
import Logging

/// `caseflow migrate WORKFLOW --from V --to W [--map OLD=NEW]... [--set F=V]... [--where CEL] [--dry-run] [--db]`.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Move running cases from one version of a workflow to another.",
        discussion: """
            Plans every open case of WORKFLOW on version --from (and matching --where) before \
            anything moves: its stage maps to a stage of --to (the same id unless --map says \
            otherwise), its data must fit the new version (new required fields need --set), done \
            tasks and gate votes carry over where the stage, task and approvers still exist (else \
            the gate votes afresh), SLA clocks are re-targeted keeping the working time already \
            spent. Each case gets one `migrated` event (from, to, mapping, who, reason).

            --dry-run lists each case with "would migrate" or the reason it cannot, and counts. A \
            run is idempotent: cases already on --to are left alone, so a run that was stopped is \
            resumed by running it again. Cases on another version are refused.

            Examples:
              caseflow diff service-sales@1 service-sales@2
              caseflow migrate service-sales --from 1 --to 2 --dry-run
              caseflow migrate service-sales --from 1 --to 2 --map legal_check=compliance_review \\
                  --set compliance_notes='"migrated"' --where 'contract_value > 1000000.0' --reason "compliance review"
            """
    )

    @Argument(help: "The workflow id.") var workflow: String
    @Option(help: "The version the cases are on.") var from: Int
    @Option(help: "The version to move them to.") var to: Int
    @Option(help: ArgumentHelp("A stage of --from and the stage of --to it becomes (repeatable).", valueName: "OLD=NEW"))
    var map: [String] = []
    @Option(help: ArgumentHelp("A field's value in the new version, as JSON (text may be left unquoted) (repeatable).", valueName: "FIELD=VALUE"))
    var set: [String] = []
    @Option(name: .customLong("where"), help: ArgumentHelp("Only cases for which this condition holds (over --from's data).", valueName: "CEL"))
    var condition: String?
    @Flag(help: "Plan only: list what would move and what cannot, and change nothing.") var dryRun = false
    @Option(help: "Why, recorded in each case's history.") var reason: String?
    @Option(help: ArgumentHelp("The admin recorded as having migrated the cases (default: the first admin of the directory).",
                               valueName: "person"))
    var by: String?
    @Option(help: "The database file (or postgres:// URL).") var db = "caseflow.sqlite"
    @OptionGroup var definitions: DefinitionOptions
    @Flag(name: .customLong("cases"), help: "Print one line per case migrated too (those that cannot be are always listed).") var perCase = false

    func validate() throws {
        for m in map where m.split(separator: "=").count != 2 { throw ValidationError("--map takes OLD=NEW, found '\(m)'") }
        for s in set where !s.contains("=") || s.hasPrefix("=") { throw ValidationError("--set takes FIELD=VALUE, found '\(s)'") }
    }

    static func value(_ text: String) -> Value {
        if case .success(let v) = JSONParser.parse(text, strict: true) { return v }
        return .string(text)
    }

    func run() async throws {
        var logger = Logger(label: "caseflow")
        logger.logLevel = .error
        let store: any CaseStore
        // Cases are migrated where they are: a mistyped path must not make a new, empty database.
        if !StoreOpener.isShared(db), !FileManager.default.fileExists(atPath: db) {
            Terminal.error(StoreError.unavailable("no database at \(db)").description)
            throw ExitCode(1)
        }
        do {
            store = try await StoreOpener.open(db, logger: logger)
        } catch let e as StoreError {
            Terminal.error(e.description)
            throw ExitCode(1)
        }
        guard let catalog = try await ReplayCatalog.load(store: store, workflows: definitions.workflows, policies: definitions.policies) else {
            Terminal.error("no definitions to run the cases with: give --workflows and --policies")
            throw ExitCode(1)
        }
        let engine = Engine(catalog: catalog, release: try await store.releases().first?.number)
        guard let by = by ?? engine.directory.people(holding: BuiltInRole.admin).first, engine.directory.isAdmin(by) else {
            Terminal.error("\(by ?? "nobody") is not an admin in the directory: give --by ADMIN (the person recorded as having migrated the cases)")
            throw ExitCode(1)
        }
        let options = MigrationOptions(
            map: Dictionary(map.map { m in let p = m.split(separator: "=", maxSplits: 1); return (String(p[0]), String(p[1])) },
                            uniquingKeysWith: { _, b in b }),
            set: set.map { s in let p = s.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return (String(p[0]), Self.value(p.count > 1 ? String(p[1]) : "")) },
            reason: reason)
        let job = MigrationJob(workflow: workflow, from: from, to: to, options: options, whereCondition: condition, dryRun: dryRun, by: by)
        let runner = MigrationRunner(store: store, engine: engine, clock: { WallClock.now() })
        let report: MigrationReport
        do {
            report = try await runner.run(job) { r, total in
                Terminal.status("\(r.dryRun ? "planned" : "migrated") \(r.moved.count), refused \(r.refused.count) (of \(total) open \(workflow) cases)")
            }
        } catch let r as Refusal {
            Terminal.error(r.message)
            throw ExitCode(1)
        }
        if perCase || dryRun {
            for p in report.moved {
                print("\(p.caseID): \(dryRun ? "would migrate" : "migrated") (\(p.fromStage) → \(p.toStage))" + (p.notes.isEmpty ? "" : "; " + p.notes.joined(separator: "; ")))
            }
        }
        // The cases left behind are always named, with why: they are what needs a decision (a
        // real run printed only their count).
        for r in report.refused { print("\(r.caseID): cannot migrate: \(r.reason)") }
        print("\(dryRun ? "would migrate" : "migrated") \(report.moved.count) case\(report.moved.count == 1 ? "" : "s"), "
              + "\(report.refused.count) cannot, \(report.alreadyMigrated) already on version \(to), "
              + "\(report.notMatching) not matching --where, \(report.otherVersions) on other versions "
              + String(format: "(%.1f s, %.0f cases/s)", report.seconds, report.rate))
        if !report.refused.isEmpty { throw ExitCode(1) }
    }
}
