import CaseflowModel
import CaseflowStore
import Dispatch
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// Assembles the daemon: store, definitions, the command path, HTTP routes, the timer service,
/// reload on SIGHUP, graceful shutdown on SIGTERM/SIGINT.
public final class CaseflowDaemon: Sendable {
    public let configuration: ServerConfiguration
    public let store: any CaseStore
    public let registry: DefinitionRegistry
    public let metrics: ServerMetrics
    public let cases: CaseService
    public let timers: TimerService
    public let batches: BatchService
    /// Plans what events cause beyond the case (the notifications module), if any.
    public let notifier: (any NotificationPlanner)?
    /// Other daemons write the same (PostgreSQL) database.
    public let isShared: Bool
    public let logger: Logger
    private let tokens: Mutex<TokenStore>
    private let jwt: Mutex<JWTAuth?>
    private let readyFlag = Mutex(false)
    private let modules = Mutex<[any DaemonModule]>([])

    public struct StartupError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Loads definitions (refusing to start on errors) and tokens.
    public init(configuration: ServerConfiguration, store: any CaseStore, logger: Logger,
                clock: (@Sendable () -> Instant)? = nil, notifier: (any NotificationPlanner)? = nil, shared: Bool = false) async throws {
        self.configuration = configuration
        self.store = store
        self.logger = logger
        let metrics = ServerMetrics()
        self.metrics = metrics
        registry = DefinitionRegistry(paths: configuration.definitionPaths, store: store, logger: logger)
        if case .refused(let errors) = await registry.reload() {
            throw StartupError(description: "the definitions have errors; not starting:\n"
                               + errors.map(\.description).joined(separator: "\n"))
        }
        self.notifier = notifier
        isShared = shared
        if let clock {
            cases = CaseService(store: store, registry: registry, metrics: metrics, notifier: notifier, logger: logger,
                                cacheCapacity: configuration.caseCacheCapacity, clock: clock)
        } else {
            cases = CaseService(store: store, registry: registry, metrics: metrics, notifier: notifier, logger: logger,
                                cacheCapacity: configuration.caseCacheCapacity)
        }
        timers = TimerService(cases: cases, store: store, interval: configuration.timerInterval, logger: logger)
        batches = BatchService(cases: cases, store: store, logger: logger, soleDaemon: !shared)
        let tokenStore = try configuration.tokensFile.map(TokenStore.load) ?? TokenStore(entries: [TokenStore.Entry]())
        tokens = Mutex(tokenStore)
        var auth: JWTAuth?
        if let settings = configuration.jwt { auth = try await JWTAuth(settings: settings) }
        jwt = Mutex(auth)
        if tokenStore.isEmpty, configuration.jwt == nil {
            logger.warning("no tokens: every API request will be refused with 401; make one with caseflow token issue PERSON")
        }
        try await countOpenCases()
    }

    public var isReady: Bool { readyFlag.withLock { $0 } }
    var tokenStore: TokenStore { tokens.withLock { $0 } }
    var jwtAuth: JWTAuth? { jwt.withLock { $0 } }

    /// Fires what fell due while the daemon was down, then reports ready.
    public func catchUp() async throws {
        while try await timers.sweep() > 0 {}
        readyFlag.withLock { $0 = true }
    }

    /// Reloads definitions and tokens (SIGHUP).
    public func reload(by who: String = "SIGHUP") async {
        await registry.reload(by: who)
        if let path = configuration.tokensFile {
            do {
                let loaded = try TokenStore.load(path: path)
                tokens.withLock { $0 = loaded }
                logger.info("tokens loaded", metadata: ["tokens": "\(loaded.count)", "file": "\(path)"])
            } catch {
                logger.error("tokens not reloaded", metadata: ["error": "\(error)"])
            }
        }
        if let settings = configuration.jwt {
            do {
                let loaded = try await JWTAuth(settings: settings)
                jwt.withLock { $0 = loaded }
                logger.info("JWT keys loaded", metadata: ["file": "\(settings.jwksFile)"])
            } catch {
                logger.error("JWT keys not reloaded; the previous ones stay", metadata: ["error": "\(error)"])
            }
        }
        for module in modules.withLock({ $0 }) { await module.reload(daemon: self) }
    }

    public func router(modules: [any DaemonModule] = []) -> Router<CaseflowContext> {
        let router = Router(context: CaseflowContext.self)
        router.add(middleware: ErrorMiddleware(metrics: metrics))
        router.add(middleware: LogRequestsMiddleware(.debug))
        router.add(middleware: QueryCheckMiddleware())
        router.add(middleware: AuthMiddleware(authenticate: { [self] token throws(APIError) in try await self.authenticate(bearer: token) }))
        let locks = CaseLocks()
        CaseRoutes(cases: cases, registry: registry, store: store, idempotency: Idempotency(store: store, locks: locks),
                   limit: configuration.maxBodyBytes).register(on: router)
        ReadRoutes(cases: cases, store: store).register(on: router)
        MigrationRoutes(cases: cases, store: store, limit: configuration.maxBodyBytes).register(on: router)
        AdminRoutes(registry: registry, metrics: metrics, store: store, ready: { [self] in self.isReady }).register(on: router)
        BatchRoutes(batches: batches, cases: cases, store: store, limit: configuration.maxBodyBytes).register(on: router)
        for module in modules { module.register(on: router, daemon: self) }
        return router
    }

    /// `onServerRunning` runs once the port is bound (where the daemon says it is serving).
    public func application(modules: [any DaemonModule] = [],
                            onServerRunning: @escaping @Sendable () async -> Void = {}) -> some ApplicationProtocol {
        self.modules.withLock { $0 = modules }
        var services: [any Service] = [CatchUpService(daemon: self), timers, HangupService(daemon: self), SearchIndexService(daemon: self),
                                       BatchResumeService(batches: batches)]
        for module in modules { services += module.services(daemon: self) }
        return Application(
            router: router(modules: modules),
            server: .http1(configuration: .init(
                additionalChannelHandlers: [
                    ProtocolErrorHandler(),
                    SlowRequestHandler(head: .seconds(Int64(self.configuration.requestHeadTimeoutSeconds)),
                                       body: .seconds(Int64(self.configuration.requestBodyTimeoutSeconds))),
                ],
                idleTimeout: .seconds(Int64(configuration.idleTimeoutSeconds)))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "caseflow"),
            services: services,
            onServerRunning: { _ in await onServerRunning() },
            logger: logger)
    }

    /// The open-case gauges start from the cases open when the daemon starts. At a million cases
    /// counting takes seconds (longer when the file is not in the page cache), so the count reads
    /// a snapshot taken here, in the background: the daemon gets ready without waiting for it,
    /// and the commits made meanwhile move the gauges as they happen, on top of it.
    private func countOpenCases() async throws {
        let counts = try await store.openCaseCountsAsOfNow()
        let metrics = self.metrics, logger = self.logger
        Task {
            do {
                for c in try await counts() { metrics.countOpen(workflow: c.workflow, stage: c.stage, count: c.count) }
            } catch {
                logger.error("open cases not counted: the caseflow_cases_open gauges count only what opens from now on",
                             metadata: ["error": "\(error)"])
            }
        }
    }
}

/// Runs the start-up catch-up once, then stays out of the way.
struct CatchUpService: Service {
    let daemon: CaseflowDaemon

    func run() async throws {
        try await daemon.catchUp()
        try? await gracefulShutdown()
    }
}

/// SIGHUP reloads definitions and tokens.
struct HangupService: Service {
    let daemon: CaseflowDaemon

    func run() async throws {
        signal(SIGHUP, SIG_IGN)
        let (signals, continuation) = AsyncStream.makeStream(of: Void.self)
        let source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        source.setEventHandler { continuation.yield() }
        source.resume()
        await cancelWhenGracefulShutdown {
            for await _ in signals {
                daemon.logger.info("SIGHUP: reloading definitions, tokens and module settings")
                await daemon.reload()
            }
        }
        source.cancel()
    }
}
