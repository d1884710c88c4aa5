import ArgumentParser
import CaseflowAudit
import CaseflowFiles
import NIOCore
import CaseflowServer
import CaseflowStore
import Foundation
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the daemon: cases over HTTP, SLA timers, escalations, webhooks.",
        discussion: """
        Loads and validates the definitions (refuses to start on errors), opens the store (SQLite
        file by default), fires every timer that fell due while it was down, then serves the
        HTTP API. SIGHUP or POST /v1/admin/reload reloads definitions and tokens; a set with errors
        is not activated. SIGTERM/SIGINT stop it gracefully: in-flight requests finish.

        Every API request needs a bearer token made with `caseflow token issue PERSON`.

        Examples:
          caseflow serve
          caseflow serve --listen 0.0.0.0:8080 --db /var/lib/caseflow/cases.sqlite --tokens /etc/caseflow/tokens
          caseflow serve --webhook http://127.0.0.1:9000/escalations
        """
    )

    @Option(help: ArgumentHelp("Address and port to listen on.", valueName: "host:port"))
    var listen = "127.0.0.1:8080"

    @Option(help: ArgumentHelp("The store: a SQLite file, or postgres://USER@HOST:PORT/DB for several daemons.", valueName: "path|url"))
    var db = "caseflow.sqlite"

    @OptionGroup var definitions: DefinitionOptions

    @Option(help: ArgumentHelp("Token file (hashes and people), made by `caseflow token issue`.", valueName: "file"))
    var tokens = TokenCommand.defaultFile

    @Option(name: .customLong("webhook"), help: ArgumentHelp("POST escalations to this URL (repeatable).", valueName: "url"))
    var webhooks: [String] = []

    @Flag(help: "Send every event to the webhooks, not only escalations.")
    var webhookAllEvents = false

    @Option(help: ArgumentHelp("The Ed25519 key that signs ledger checkpoints, made on first start "
                               + "(default: caseflow-audit.key beside the SQLite file, or here for PostgreSQL).", valueName: "file"))
    var auditKey: String?

    @Option(help: ArgumentHelp("Folder the signed checkpoints are written to, to ship off the machine "
                               + "(default: caseflow-checkpoints beside the SQLite file, or here for PostgreSQL).", valueName: "dir"))
    var checkpoints: String?

    @Option(help: ArgumentHelp("Seconds between signed checkpoints (one more is signed at shutdown).", valueName: "seconds"))
    var checkpointInterval = 60

    static let defaultAuditKey = "caseflow-audit.key"

    /// Audit files live beside the SQLite file they vouch for (or in the working folder).
    static func besideDatabase(_ db: String, _ name: String) -> String {
        guard !StoreOpener.isShared(db) else { return name }
        let dir = (db as NSString).deletingLastPathComponent
        return dir.isEmpty ? name : (dir as NSString).appendingPathComponent(name)
    }

    @Option(help: ArgumentHelp("Log level: trace, debug, info, notice, warning, error.", valueName: "level"))
    var logLevel = "info"

    func validate() throws {
        guard parsedListen != nil else { throw ValidationError("--listen must be HOST:PORT, like 127.0.0.1:8080") }
        for w in webhooks where URL(string: w)?.scheme == nil {
            throw ValidationError("--webhook \(w) is not a URL")
        }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level \(logLevel)") }
        guard checkpointInterval >= 1 else { throw ValidationError("--checkpoint-interval must be 1 second or more") }
    }

    var parsedListen: (String, Int)? {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
              (0...65535).contains(port) else { return nil }
        return (String(listen[..<colon]), port)
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "caseflow")
        guard let (host, port) = parsedListen else { throw ExitCode(64) }
        let config = ServerConfiguration(host: host, port: port, database: db, definitionPaths: definitions.paths,
                                         tokensFile: tokens, webhooks: webhooks.compactMap(URL.init(string:)))
        // Everything that can be found wrong before the database is touched: nothing is left
        // behind by a start that cannot succeed.
        let checked = DefinitionFiles.load(definitions.paths)
        if checked.hasErrors {
            for d in checked.diagnostics where d.isError { Terminal.status(d.description) }
            Terminal.error("the definitions have errors; not starting (run caseflow validate)")
            throw ExitCode(1)
        }
        guard PortCheck.isFree(host: host, port: port) else {
            Terminal.error("port \(port) is in use on \(host): another program listens there; stop it or give --listen HOST:PORT")
            throw ExitCode(1)
        }
        var lock: DaemonLock?
        if !StoreOpener.isShared(db) {
            do {
                lock = try DaemonLock.acquire(for: db)
            } catch let held as DaemonLock.Held {
                Terminal.error(held.description)
                throw ExitCode(1)
            }
        }
        defer { lock?.release() }
        do {
            let store = try await StoreOpener.open(db, logger: logger)
            // Several daemons may share a PostgreSQL database: none may trust a case it read earlier.
            let shared = StoreOpener.isShared(db)
            let daemon = try await CaseflowDaemon(configuration: config, store: store, logger: logger, allEvents: webhookAllEvents,
                                                  shared: shared)
            let keyFile = auditKey ?? Self.besideDatabase(db, Self.defaultAuditKey)
            let (key, created) = try AuditKey.loadOrCreate(path: keyFile)
            if created { logger.notice("made a new audit key; give auditors its public key (caseflow audit key)", metadata: ["file": "\(keyFile)"]) }
            let signer = CheckpointSigner(store: store, key: key, directory: checkpoints ?? Self.besideDatabase(db, "caseflow-checkpoints"),
                                          logger: logger, publish: { [webhooks = daemon.webhooks] c in
                webhooks?.post(type: "checkpoint", id: "checkpoint/\(c.size)", payload: c.json)
            })
            let audit = AuditModule(signer: signer, interval: .seconds(checkpointInterval))
            let listen = self.listen
            try await daemon.application(modules: [audit]) {
                logger.info("caseflow serving", metadata: ["listen": "\(listen)", "db": "\(db)"])
            }.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        } catch let e as CaseflowDaemon.StartupError {
            Terminal.error(e.description)
            throw ExitCode(1)
        } catch let e as AuditKey.Failure {
            Terminal.error(e.description)
            throw ExitCode(1)
        } catch let e as IOError where e.errnoCode == EADDRINUSE {
            Terminal.error("port \(port) is in use on \(host): another program listens there; stop it or give --listen HOST:PORT")
            throw ExitCode(1)
        }
    }
}
