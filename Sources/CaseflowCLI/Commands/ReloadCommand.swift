import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `caseflow reload [--db caseflow.sqlite]`: asks the daemon serving that database to reload.
struct ReloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload",
        abstract: "Ask the daemon serving a SQLite database to reload its definitions and tokens.",
        discussion: """
            Signals (SIGHUP) exactly the `caseflow serve` that holds --db's lock, never another \
            process. The daemon logs what it loaded, or why it kept its last good set. For \
            daemons on PostgreSQL, use POST /v1/admin/reload (admin) on each.

            Examples:
              caseflow reload
              caseflow reload --db /var/lib/caseflow/cases.sqlite
            """
    )

    @Option(help: "The SQLite database the daemon serves.") var db = "caseflow.sqlite"

    func run() throws {
        guard let pid = DaemonLock.holder(of: db) else {
            Terminal.error("no caseflow serve is running on \(db)")
            throw ExitCode(1)
        }
        guard kill(pid, SIGHUP) == 0 else {
            Terminal.error("cannot signal the daemon (pid \(pid)): \(String(cString: strerror(errno)))")
            throw ExitCode(1)
        }
        print("asked the daemon on \(db) (pid \(pid)) to reload; its log says what it loaded")
    }
}
