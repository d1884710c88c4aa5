import CaseflowEngine
import CaseflowModel
import CaseflowRules
import CaseflowServer
import CaseflowStore
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// Notifications beside the server: the outbox dispatcher, the deliveries admin API and each
/// person's inbox. The receivers file is reread on SIGHUP.
public final class NotificationsModule: DaemonModule {
    public let planner: OutboxPlanner
    let receiversFile: String?
    let commandLineEndpoints: [WebhookEndpoint]
    let smtp: SMTPClient?
    let options: DispatchOptions
    let logger: Logger
    let dispatcherBox = DispatcherBox()

    /// `endpoints` come from `--webhook URL` (unsigned); the receivers file adds signed ones.
    public init(webhooks: [URL], allEvents: Bool, receiversFile: String?, smtp: SMTPClient?, publicURL: String?,
                options: DispatchOptions = DispatchOptions(), logger: Logger) throws {
        commandLineEndpoints = webhooks.map { WebhookEndpoint(name: $0.absoluteString, url: $0, secret: nil, allEvents: allEvents) }
        self.receiversFile = receiversFile
        self.smtp = smtp
        self.options = options
        self.logger = logger
        let fromFile = try receiversFile.map(ReceiversFile.load) ?? []
        let box = dispatcherBox
        planner = OutboxPlanner(endpoints: Self.merge(commandLineEndpoints, fromFile), email: smtp != nil, publicURL: publicURL,
                                wake: { box.dispatcher?.wake() })
        if let receiversFile, let warning = ReceiversFile.permissionWarning(path: receiversFile) { logger.warning("\(warning)") }
        for e in planner.endpoints where e.secret == nil {
            logger.notice("webhook receiver has no secret: its deliveries are not signed", metadata: ["receiver": "\(e.name)"])
        }
    }

    static func merge(_ a: [WebhookEndpoint], _ b: [WebhookEndpoint]) -> [WebhookEndpoint] {
        a.filter { e in !b.contains { $0.name == e.name } } + b
    }

    public func reload(daemon: CaseflowDaemon) async {
        guard let receiversFile else { return }
        do {
            let endpoints = Self.merge(commandLineEndpoints, try ReceiversFile.load(path: receiversFile))
            planner.replace(endpoints: endpoints)
            logger.info("webhook receivers loaded", metadata: ["receivers": "\(endpoints.count)", "file": "\(receiversFile)"])
            // At every reload, as at start: the file may have been replaced by one others can read.
            if let warning = ReceiversFile.permissionWarning(path: receiversFile) { logger.warning("\(warning)") }
        } catch {
            logger.error("webhook receivers not reloaded; the previous ones stay", metadata: ["error": "\(error)"])
        }
    }

    public func services(daemon: CaseflowDaemon) -> [any Service] {
        let dispatcher = DeliveryDispatcher(store: daemon.store, planner: planner, smtp: smtp, options: options,
                                            logger: Logger(label: "caseflow.notifications"), metrics: daemon.metrics.registry,
                                            releaseOnStart: !daemon.isShared)
        dispatcherBox.dispatcher = dispatcher
        return [dispatcher]
    }

    public func register(on router: Router<CaseflowContext>, daemon: CaseflowDaemon) {
        DeliveryRoutes(daemon: daemon, wake: { [dispatcherBox] in dispatcherBox.dispatcher?.wake() }).register(on: router)
        InboxRoutes(daemon: daemon).register(on: router)
    }
}

/// The dispatcher, once the daemon has made it (the planner wakes it after each commit).
final class DispatcherBox: Sendable {
    private let value = Mutex<DeliveryDispatcher?>(nil)

    var dispatcher: DeliveryDispatcher? {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}

extension NotificationsModule {
    /// A notice about no one case (a signed checkpoint) to every webhook receiver, through the
    /// outbox: `{"id", "type", "<type>": payload}`.
    public func notice(type: String, id: String, payload json: String, store: any CaseStore) async {
        let body = "{\"id\":\(JSONPrinter.print(.string(id))),\"type\":\(JSONPrinter.print(.string(type))),"
            + "\(JSONPrinter.print(.string(type))):\(json)}"
        let deliveries = planner.endpoints.map {
            NewDelivery(message: id, caseID: "", channel: "webhook", receiver: $0.name, payload: body)
        }
        guard !deliveries.isEmpty else { return }
        do {
            try await store.enqueue(deliveries, at: WallClock.now())
            dispatcherBox.dispatcher?.wake()
        } catch {
            logger.error("notice not written to the outbox", metadata: ["notice": "\(id)", "error": "\(error)"])
        }
    }
}
