import Foundation
import ArgumentParser
import CaseflowAudit

/// `caseflow audit key [--key FILE]`: the public key auditors check checkpoints with.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "The audit trail's signing key.",
        discussion: """
            Examples:
              caseflow audit key
              caseflow audit key --db /var/lib/caseflow/cases.sqlite > caseflow-audit.pub
            """,
        subcommands: [KeyCommand.self]
    )

    struct KeyCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "key",
            abstract: "Print the public key that verifies the daemon's signed checkpoints (making the key pair if there is none).",
            discussion: """
                The daemon signs the ledger head with an Ed25519 key kept in --key (made on first \
                start, readable by its owner only). Give auditors the public key this prints; they \
                check checkpoints and proofs with `caseflow verify --public-key KEY`.

                Examples:
                  caseflow audit key
                  caseflow audit key --db /var/lib/caseflow/cases.sqlite > caseflow-audit.pub
                """
        )

        @Option(help: ArgumentHelp("The private key file the daemon signs with (default: the one `caseflow serve --db` uses).",
                                   valueName: "file"))
        var key: String?

        @Option(help: "The daemon's database: its key lies beside it (default: caseflow.sqlite).")
        var db: String?

        func validate() throws {
            // Both given, one of them would be ignored: the key printed might not be the one the
            // daemon on that database signs with.
            if key != nil, db != nil { throw ValidationError("give --key or --db, not both: --key names the key file itself") }
        }

        func run() async throws {
            let db = self.db ?? "caseflow.sqlite"
            // The key is found beside the database: a mistyped --db must not make an unrelated key.
            if self.key == nil, !StoreOpener.isShared(db), !FileManager.default.fileExists(atPath: db) {
                Terminal.error("no database at \(db): give the daemon's --db (its key lies beside it), or the key itself with --key FILE")
                throw ExitCode(1)
            }
            let key = self.key ?? ServeCommand.besideDatabase(db, ServeCommand.defaultAuditKey)
            do {
                let (loaded, created) = try AuditKey.loadOrCreate(path: key)
                if created { Terminal.status("made a new audit key in \(key)") }
                print(loaded.publicKeyText)
            } catch {
                Terminal.error("\(error)")
                throw ExitCode(1)
            }
        }
    }
}
