import CaseflowEngine
import CaseflowModel
import CaseflowRules
import CaseflowServer
import CaseflowStore
import Foundation
import Hummingbird

/// `GET /v1/admin/deliveries?state=`, `GET /v1/admin/deliveries/{id}`,
/// `POST /v1/admin/deliveries/{id}/retry`, `POST /v1/admin/deliveries/retry-failed`: admins only.
struct DeliveryRoutes {
    let daemon: CaseflowDaemon
    let wake: @Sendable () -> Void

    func register(on router: Router<CaseflowContext>) {
        router.get("/v1/admin/deliveries") { request, context in
            try admin(context, "list deliveries")
            let q = request.uri.queryParameters
            try Paging.only(q, ["state", "limit", "before"])
            var state: DeliveryState?
            if let s = q["state"] {
                guard let parsed = DeliveryState(rawValue: String(s)) else {
                    throw APIError.badRequest("state is pending, failed or delivered, not '\(s)'")
                }
                state = parsed
            }
            let limit = try Paging.limit(q)
            let before = try Paging.before(q)
            let page = try await daemon.store.deliveries(state: state, before: before, limit: limit)
            let stats = try await daemon.store.deliveryStats()
            return JSONResponse.make(.stringMap([
                ("deliveries", .list(page.map(Self.json))),
                ("next", page.count == limit ? (page.last.map { .string(String($0.id)) } ?? .null) : .null),
                ("counts", .stringMap([("pending", .int(stats.pending)), ("delivered", .int(stats.delivered)),
                                       ("failed", .int(stats.failed))])),
            ]))
        }
        router.get("/v1/admin/deliveries/:id") { _, context in
            try admin(context, "read deliveries")
            let id = try Self.id(context)
            guard let d = try await daemon.store.delivery(id: id) else { throw APIError.notFound("no delivery \(id)") }
            return JSONResponse.make(.stringMap([("delivery", Self.json(d))]))
        }
        router.post("/v1/admin/deliveries/:id/retry") { request, context in
            let person = try admin(context, "retry deliveries")
            try await NoFieldsBody.check(request)
            let id = try Self.id(context)
            guard let d = try await daemon.store.delivery(id: id) else { throw APIError.notFound("no delivery \(id)") }
            guard d.state != .pending else {
                throw APIError.conflict("delivery \(id) is already pending (attempt \(d.attempts)); it is sent without a retry")
            }
            _ = try await daemon.store.retryDeliveries(.one(id), at: WallClock.now())
            daemon.logger.notice("delivery sent again", metadata: ["delivery": "\(id)", "by": "\(person)"])
            wake()
            let after = try await daemon.store.delivery(id: id) ?? d
            return JSONResponse.make(.stringMap([("delivery", Self.json(after))]))
        }
        router.post("/v1/admin/deliveries/retry-failed") { request, context in
            let person = try admin(context, "retry deliveries")
            try await NoFieldsBody.check(request)
            let count = try await daemon.store.retryDeliveries(.allFailed, at: WallClock.now())
            daemon.logger.notice("failed deliveries sent again", metadata: ["deliveries": "\(count)", "by": "\(person)"])
            wake()
            return JSONResponse.make(.stringMap([("retried", .int(count))]))
        }
    }

    @discardableResult
    private func admin(_ context: CaseflowContext, _ what: String) throws -> String {
        guard let active = daemon.registry.current else { throw APIError.unavailable("definitions are still loading") }
        return try Access.admin(context, active.engine.directory, to: what)
    }

    static func id(_ context: CaseflowContext) throws -> Int64 {
        let text = try context.parameters.require("id")
        guard let id = Int64(text), id > 0 else { throw APIError.notFound("no delivery \(text)") }
        return id
    }

    static func json(_ d: Delivery) -> Value {
        var fields: [(String, Value)] = [
            ("id", .int(d.id)), ("message", .string(d.message)), ("case", d.caseID.isEmpty ? .null : .string(d.caseID)),
            ("channel", .string(d.channel)), ("receiver", .string(d.receiver)), ("state", .string(d.state.rawValue)),
            ("attempts", .int(d.attempts)), ("created_at", ValueDecoder.timestamp(d.createdAt)),
        ]
        if d.state == .pending { fields.append(("next_attempt_at", ValueDecoder.timestamp(d.nextAttemptAt))) }
        fields.append(("last_error", d.lastError.map(Value.string) ?? .null))
        fields.append(("delivered_at", d.deliveredAt.map(ValueDecoder.timestamp) ?? .null))
        return .stringMap(fields)
    }
}

/// Query parameters every paged list of this module takes.
enum Paging {
    static func only(_ q: Parameters, _ allowed: [String]) throws {
        for (key, _) in q where !allowed.contains(String(key)) {
            throw APIError.badRequest("unknown parameter '\(key)'; this list takes \(allowed.joined(separator: ", "))")
        }
    }

    static func limit(_ q: Parameters) throws -> Int { try QueryFlag.limit(q["limit"]) }

    static func before(_ q: Parameters) throws -> Int64? {
        guard let b = q["before"] else { return nil }
        guard let n = Int64(b), n > 0 else { throw APIError.badRequest("before must be the `next` of a previous page") }
        return n
    }
}
