import Hummingbird
import ServiceLifecycle

/// A capability beside the server (audit, notifications, console) that adds routes and
/// background services to the daemon. It works through the daemon's services and its rules of
/// who may do what (`Access`), never around them.
public protocol DaemonModule: Sendable {
    func register(on router: Router<CaseflowContext>, daemon: CaseflowDaemon)
    func services(daemon: CaseflowDaemon) -> [any Service]
    /// Rereads the module's own configuration (SIGHUP, `POST /v1/admin/reload`).
    func reload(daemon: CaseflowDaemon) async
}

extension DaemonModule {
    public func services(daemon: CaseflowDaemon) -> [any Service] { [] }
    public func reload(daemon: CaseflowDaemon) async {}
}
