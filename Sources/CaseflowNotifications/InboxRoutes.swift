import CaseflowEngine
import CaseflowModel
import CaseflowRules
import CaseflowServer
import CaseflowStore
import Foundation
import Hummingbird

/// `GET /v1/notifications?unread=true` and `POST /v1/notifications/{id}/read`: the token's own
/// person's inbox, newest first.
struct InboxRoutes {
    let daemon: CaseflowDaemon

    func register(on router: Router<CaseflowContext>) {
        router.get("/v1/notifications") { request, context in
            let person = try Access.person(context)
            let q = request.uri.queryParameters
            try Paging.only(q, ["unread", "limit", "before"])
            let unread: Bool
            switch q["unread"] {
            case nil, "false": unread = false
            case "true": unread = true
            case let other?: throw APIError.badRequest("unread must be true or false, not '\(other.prefix(40))'")
            }
            let limit = try Paging.limit(q)
            let page = try await daemon.store.notifications(person: person, unreadOnly: unread, before: try Paging.before(q), limit: limit)
            return JSONResponse.make(.stringMap([
                ("person", .string(person)),
                ("notifications", .list(page.map(Self.json))),
                ("next", page.count == limit ? (page.last.map { .string(String($0.id)) } ?? .null) : .null),
            ]))
        }
        router.post("/v1/notifications/:id/read") { request, context in
            let person = try Access.person(context)
            try await NoFieldsBody.check(request)
            let text = try context.parameters.require("id")
            guard let id = Int64(text), id > 0,
                  try await daemon.store.markNotificationRead(id: id, person: person,
                                                              at: WallClock.now())
            else { throw APIError.notFound("\(person) has no notification \(text)") }
            guard let n = try await daemon.store.notifications(person: person, unreadOnly: false, before: id + 1, limit: 1).first,
                  n.id == id else { throw APIError.notFound("\(person) has no notification \(text)") }
            return JSONResponse.make(.stringMap([("notification", Self.json(n))]))
        }
    }

    static func json(_ n: InboxNotification) -> Value {
        let payload = (try? JSONParser.parse(n.payload).get()) ?? .null
        return .stringMap([
            ("id", .int(n.id)), ("message", .string(n.message)), ("case", .string(n.caseID)),
            ("created_at", ValueDecoder.timestamp(n.createdAt)), ("read", .bool(n.readAt != nil)),
            ("read_at", n.readAt.map(ValueDecoder.timestamp) ?? .null), ("about", payload),
        ])
    }
}
