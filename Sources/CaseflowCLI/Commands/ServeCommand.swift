import ArgumentParser
import CaseflowConsole
import CaseflowAudit
import CaseflowFiles
import CaseflowNotifications
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
          caseflow serve --receivers /etc/caseflow/receivers.yaml --smtp smtp://caseflow@mail.example.com:587 \\
                         --public-url https://caseflow.example.com

        Escalations leave through an outbox written with their events: webhooks (signed as the
        Standard Webhooks specification says, with the secrets of the receivers file), email to
        the people the directory gives an `email`, and each person's inbox
        (GET /v1/notifications). The SMTP password comes from CASEFLOW_SMTP_PASSWORD.
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

    @Flag(help: "Send every event to the --webhook receivers, not only escalations.")
    var webhookAllEvents = false

    @Option(help: ArgumentHelp("Webhook receivers with their signing secrets (YAML, reread on SIGHUP).", valueName: "file"))
    var receivers: String?

    @Option(help: ArgumentHelp("Send escalation emails through this server: smtp://[user@]host:port[?tls=required|none&from=ADDR]; "
                               + "the password comes from CASEFLOW_SMTP_PASSWORD.", valueName: "url"))
    var smtp: String?

    @Option(help: ArgumentHelp("CA certificates (PEM) to trust for the SMTP server's STARTTLS, beside the system's.", valueName: "file"))
    var smtpCa: String?

    @Option(help: ArgumentHelp("The address people open cases at, for links in notifications (e.g. https://caseflow.example.com).",
                               valueName: "url"))
    var publicUrl: String?

    @Option(help: ArgumentHelp("Attempts before a delivery is marked failed.", valueName: "n"))
    var deliveryAttempts = 12

    @Option(help: ArgumentHelp("Hours after which a delivery that still fails is marked failed.", valueName: "hours"))
    var deliveryMaxAge = 24.0

    @Option(help: ArgumentHelp("Seconds before a failed delivery's second attempt; doubles with each attempt up to 10 minutes.",
                               valueName: "seconds"))
    var deliveryBackoff = 1.0

    @Option(help: ArgumentHelp("Seconds a webhook receiver has to answer.", valueName: "seconds"))
    var webhookTimeout = 10.0

    @Option(help: ArgumentHelp("Accept OpenID Connect / JWT bearer tokens signed by a key of this JWKS file (reread on SIGHUP).",
                               valueName: "file"))
    var jwtJwks: String?

    @Option(help: ArgumentHelp("The audience (aud) a JWT must be for.", valueName: "aud"))
    var jwtAudience: String?

    @Option(help: ArgumentHelp("The issuer (iss) a JWT must come from.", valueName: "iss"))
    var jwtIssuer: String?

    @Option(help: ArgumentHelp("The JWT claim that names the directory person.", valueName: "claim"))
    var jwtClaim = "sub"

    @Option(help: ArgumentHelp("Seconds a client has to send a request's head (a connection trickling it is closed).",
                               valueName: "seconds"))
    var requestHeadTimeout = 20

    @Option(help: ArgumentHelp("Cases kept in memory between commands (0: none; each command reads its case from the database). "
                               + "About 2 KB each; the least recently used give way.", valueName: "n"))
    var caseCache = CaseService.defaultCacheCapacity

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
        if (jwtJwks == nil) != (jwtAudience == nil) {
            throw ValidationError("--jwt-jwks and --jwt-audience go together: a JWT is only accepted for a known audience")
        }
        guard (1...3600).contains(requestHeadTimeout) else { throw ValidationError("--request-head-timeout must be 1 to 3600 seconds") }
        guard (0...10_000_000).contains(caseCache) else { throw ValidationError("--case-cache must be 0 to 10,000,000 cases") }
        guard deliveryAttempts >= 1 else { throw ValidationError("--delivery-attempts must be 1 or more") }
        guard deliveryMaxAge > 0 else { throw ValidationError("--delivery-max-age must be more than 0 hours") }
        guard deliveryBackoff >= 0.01, deliveryBackoff <= 3600 else { throw ValidationError("--delivery-backoff must be 0.01 to 3600 seconds") }
        guard webhookTimeout >= 0.1, webhookTimeout <= 300 else { throw ValidationError("--webhook-timeout must be 0.1 to 300 seconds") }
        if let publicUrl {
            guard let url = URL(string: publicUrl), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw ValidationError("--public-url \(publicUrl) is not an http or https URL")
            }
        }
    }

    /// Receivers, SMTP and delivery limits, checked before the database is touched.
    func makeNotifications(logger: Logger) throws -> NotificationsModule {
        var client: SMTPClient?
        if let smtp {
            let config: SMTPConfiguration
            do {
                config = try SMTPConfiguration.parse(smtp, passwordFromEnvironment: ProcessInfo.processInfo.environment["CASEFLOW_SMTP_PASSWORD"],
                                                     trustRootsFile: smtpCa)
            } catch let e as SMTPError {
                // A mistyped URL is the operator's to fix, not a "temporary" sending failure.
                throw ValidationError("--smtp: \(e.message)")
            }
            if URLComponents(string: smtp)?.password != nil {
                logger.warning("the SMTP password is on the command line, where other users can see it; put it in CASEFLOW_SMTP_PASSWORD")
            }
            logger.info("escalation emails go through \(config.redacted)")
            client = SMTPClient(configuration: config)
        }
        var options = DispatchOptions()
        options.maxAttempts = deliveryAttempts
        options.maxAge = .milliseconds(Int64(deliveryMaxAge * 3_600_000))
        options.backoff = .milliseconds(Int64(deliveryBackoff * 1000))
        options.webhookTimeout = .milliseconds(Int64(webhookTimeout * 1000))
        return try NotificationsModule(webhooks: webhooks.compactMap(URL.init(string:)), allEvents: webhookAllEvents,
                                       receiversFile: receivers, smtp: client, publicURL: publicUrl, options: options, logger: logger)
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
        var config = ServerConfiguration(host: host, port: port, database: db, definitionPaths: definitions.paths,
                                         tokensFile: tokens)
        config.requestHeadTimeoutSeconds = requestHeadTimeout
        config.caseCacheCapacity = caseCache
        if let jwtJwks, let jwtAudience {
            config.jwt = JWTSettings(jwksFile: jwtJwks, audience: jwtAudience, issuer: jwtIssuer, claim: jwtClaim)
        }
        // Everything that can be found wrong before the database is touched: nothing is left
        // behind by a start that cannot succeed.
        let checked = DefinitionFiles.load(definitions.paths)
        if checked.hasErrors {
            for d in checked.diagnostics where d.isError { Terminal.status(d.description) }
            Terminal.error("the definitions have errors; not starting (run caseflow validate)")
            throw ExitCode(1)
        }
        let notifications: NotificationsModule
        do {
            notifications = try makeNotifications(logger: logger)
        } catch {
            Terminal.error("\(error)")
            throw ExitCode(1)
        }
        if let problem = PortCheck.problem(host: host, port: port) {
            Terminal.error(problem)
            throw ExitCode(1)
        }
        var lock: DaemonLock?
        if !StoreOpener.isShared(db) {
            do {
                lock = try DaemonLock.acquire(for: db)
            } catch let held as DaemonLock.Held {
                Terminal.error(held.description)
                throw ExitCode(1)
            } catch let unusable as DaemonLock.Unusable {
                Terminal.error(unusable.description)
                throw ExitCode(1)
            }
        }
        defer { lock?.release() }
        do {
            let store = try await StoreOpener.open(db, logger: logger)
            // Several daemons may share a PostgreSQL database: none may trust a case it read earlier.
            let shared = StoreOpener.isShared(db)
            let daemon = try await CaseflowDaemon(configuration: config, store: store, logger: logger,
                                                  notifier: notifications.planner, shared: shared)
            let keyFile = auditKey ?? Self.besideDatabase(db, Self.defaultAuditKey)
            let (key, created) = try AuditKey.loadOrCreate(path: keyFile)
            if created { logger.notice("made a new audit key; give auditors its public key (caseflow audit key)", metadata: ["file": "\(keyFile)"]) }
            let signer = CheckpointSigner(store: store, key: key, directory: checkpoints ?? Self.besideDatabase(db, "caseflow-checkpoints"),
                                          logger: logger, publish: { c in
                await notifications.notice(type: "checkpoint", id: "checkpoint/\(c.size)", payload: c.json, store: store)
            })
            let audit = AuditModule(signer: signer, interval: .seconds(checkpointInterval))
            let listen = self.listen
            let console = ConsoleModule(publicURL: publicUrl, logger: Logger(label: "caseflow.console"))
            let address = ConsoleModule.address(publicURL: publicUrl, host: host, port: port)
            try await daemon.application(modules: [audit, notifications, console]) {
                logger.info("caseflow serving", metadata: ["listen": "\(listen)", "db": "\(db)"])
                Terminal.status("console: \(address) (sign in with a token from caseflow token issue PERSON)")
            }.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        } catch let e as CaseflowDaemon.StartupError {
            Terminal.error(e.description)
            throw ExitCode(1)
        } catch let e as JWTAuth.Refused {
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
