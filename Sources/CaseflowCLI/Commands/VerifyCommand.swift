import ArgumentParser
import CaseflowStore

/// `caseflow verify [CASE] [--db PATH]`: recomputes the tamper-evident history chain.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the hash chain of one case or of every case; name the first broken event.",
        discussion: """
            Reads the database without changing it (a copy works; the daemon need not run). \
            Prints one line per case: `CASE: ok (N events)`, or the first event whose hash or \
            link does not match, with the hash expected and the hash found. Exit status: 0 when \
            every chain is intact, 1 when any is broken or the case does not exist.
            """
    )

    @Argument(help: "The case to verify (default: every case).")
    var caseID: String?

    @Option(help: "The database file.")
    var db = "caseflow.sqlite"

    init() {}

    func run() async throws {
        do {
            let (lines, intact) = try await Self.verify(store: try await StoreOpener.openForReading(db), caseID: caseID)
            for line in lines { print(line) }
            if !intact { throw ExitCode(1) }
        } catch let e as StoreError {
            Terminal.error(e.description)
            throw ExitCode(1)
        }
    }

    /// One line per case, and whether all of them are intact.
    static func verify(store: any CaseStore, caseID: String?) async throws -> (lines: [String], intact: Bool) {
        let ids: [String]
        if let caseID { ids = [caseID] } else { ids = try await store.caseIDs() }
        var lines: [String] = []
        var intact = true
        for id in ids {
            switch try await store.verify(caseID: id) {
            case nil:
                lines.append("\(id): no such case")
                intact = false
            case .intact(let n, _)?:
                lines.append("\(id): ok (\(n) event\(n == 1 ? "" : "s"))")
            case .broken(let b)?:
                lines.append("\(id): BROKEN at \(b.description)")
                intact = false
            }
        }
        return (lines, intact)
    }
}
