import ArgumentParser
import CaseflowModel
import CaseflowStore

/// `caseflow history CASE [--format text|json|csv] [--db PATH] [--zone ZONE]`: a case's audit trail.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Print a case's full history: when, who, what, why.",
        discussion: """
            Reads the database without changing it (a copy works; the daemon need not run).
            text: one line per event, `WHEN  WHO  TYPE  WHAT  — why: REASON (VALUES)`, times in --zone.
            json: the events exactly as stored and hashed (canonical JSON, see README), as an array.
            csv: seq,at,actor,role,type,what,why,release,hash with a header line; `at` in UTC (RFC 3339).
            text marks where the release of the definitions in force changes (`-- release 3 (was 2) --`).

            Examples:
              caseflow history c-1m8mz2a00brx7
              caseflow history c-1m8mz2a00brx7 --format csv > case.csv
            """
    )

    @Argument(help: "The case.")
    var caseID: String

    @Option(help: "text, json or csv.")
    var format: HistoryFormat = .text

    @Option(help: "The database file (or postgres:// URL).")
    var db = "caseflow.sqlite"

    @Option(help: "Time zone for text output (an IANA name such as Asia/Shanghai).")
    var zone = "UTC"

    init() {}

    func validate() throws {
        guard TimeZoneRules(identifier: zone) != nil else { throw ValidationError("unknown time zone '\(zone)'") }
    }

    func run() async throws {
        do {
            let store = try await StoreOpener.openForReading(db)
            let record = try await store.caseRecord(caseID: caseID)
            let events = record.events
            guard !events.isEmpty else {
                Terminal.error("no case '\(caseID)' in \(db)")
                throw ExitCode(1)
            }
            print(try HistoryFormatter.render(events, format: format, zone: TimeZoneRules(identifier: zone) ?? .utc,
                                              dateFields: try await Self.dateFields(events, store: store)), terminator: "")
            // What was stored is shown, to be examined; a history that does not verify says so
            // (it printed tampered events without a word) and the exit status is 1.
            if case .broken(let b)? = record.verify(caseID: caseID) {
                Terminal.error("case \(caseID)'s history does not verify: \(b.description); what is shown above is what the "
                               + "database holds, not what was recorded (caseflow verify \(caseID))")
                throw ExitCode(1)
            }
        } catch let e as StoreError {
            Terminal.error(e.description)
            throw ExitCode(1)
        } catch let e as CodecError {
            Terminal.error("case \(caseID): an event cannot be read: \(e.message)")
            throw ExitCode(1)
        }
    }
}

extension HistoryFormat: ExpressibleByArgument {}

extension HistoryCommand {
    /// The case's `date` fields, from the workflow versions the store keeps (so they print as days).
    static func dateFields(_ events: [StoredEvent], store: any CaseStore) async throws -> Set<String> {
        guard let first = events.first, let (_, event) = try? EventCodec.decode(first.body),
              case .opened(let workflow, _, _) = event.kind else { return [] }
        var names = Set<String>()
        for d in try await store.definitions() where d.kind == "workflow" && d.id == workflow {
            let loaded = DefinitionLoader.load([DefinitionLoader.File(path: "stored", bytes: Array(d.source.utf8))])
            for w in loaded.definitions.workflows { names.formUnion(w.data.filter { $0.type == .date }.map(\.name.value)) }
        }
        return names
    }
}
