import CaseflowRules
import CaseflowServer
import CaseflowStore
import Hummingbird
import Logging
import ServiceLifecycle

/// The audit trail in the daemon: `GET /v1/audit/checkpoints` for admins and auditors, and the
/// checkpoint service.
public struct AuditModule: DaemonModule {
    public let signer: CheckpointSigner
    public let interval: Duration

    public init(signer: CheckpointSigner, interval: Duration) {
        self.signer = signer
        self.interval = interval
    }

    public func register(on router: Router<CaseflowContext>, daemon: CaseflowDaemon) {
        router.get("/v1/audit/checkpoints") { request, context in
            guard let active = daemon.registry.current else { throw APIError.unavailable("definitions are still loading") }
            _ = try Access.auditReader(context, active.engine.directory)
            let q = request.uri.queryParameters
            let limit = try QueryFlag.limit(q["limit"], standard: 100)
            var before: Int?
            if let a = q["before"] {
                guard let n = Int(a), n > 0 else { throw APIError.badRequest("before must be a ledger size from a previous page") }
                before = n
            }
            for (key, _) in q where !["limit", "before"].contains(String(key)) {
                throw APIError.badRequest("unknown parameter '\(key)'; this list takes limit and before")
            }
            let page = try await daemon.store.checkpoints(before: before, limit: limit)
            let items = page.map { (try? JSONParser.parse($0.body).get()) ?? .null }
            let next: Value = page.count == limit ? (page.last.map { .string(String($0.size)) } ?? .null) : .null
            return JSONResponse.make(.map(MapValue(uniqueKeys: [
                (.string("public_key"), .string(signer.key.publicKeyText)),
                (.string("checkpoints"), .list(items)), (.string("next"), next),
            ])))
        }
    }

    public func services(daemon: CaseflowDaemon) -> [any Service] {
        [CheckpointService(signer: signer, interval: interval, logger: Logger(label: "caseflow.audit"))]
    }
}
