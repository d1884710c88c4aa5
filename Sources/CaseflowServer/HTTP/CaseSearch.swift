import CaseflowEngine
import CaseflowModel
import CaseflowRules
import CaseflowStore
import Foundation
import Hummingbird

/// `GET /v1/cases`: filters on the stored columns (workflow, stage, status, role, breached), on
/// the case (version, assignee, opened before/after) and any CEL condition over the case
/// (`where`, type-checked against the workflow). Only cases the caller may read are walked; the
/// work of one request is bounded (`scanned` says how many cases it looked at), and `next` is an
/// opaque cursor to go on from.
struct CaseSearch {
    static let parameters = ["workflow", "version", "stage", "status", "role", "breached", "assignee", "opened_after",
                             "opened_before", "where", "limit", "after"]
    /// Cases looked at per request, at most: a filter that matches little answers with fewer
    /// cases and a `next` to go on from, never with unbounded work.
    static let maxScan = 5_000

    var query: CaseQuery
    var version: Int?
    var assignee: String?
    var openedAfter: Instant?
    var openedBefore: Instant?
    var condition: String?
    let engine: Engine
    let person: String

    init(_ q: Parameters, engine: Engine, person: String) throws {
        for (key, _) in q where !Self.parameters.contains(String(key)) {
            throw APIError.badRequest("unknown parameter '\(key)'; cases are searched by " + Self.parameters.joined(separator: ", "))
        }
        self.engine = engine
        self.person = person
        query = CaseQuery(workflow: q["workflow"].map(String.init), stage: q["stage"].map(String.init),
                          status: q["status"].map(String.init), role: q["role"].map(String.init))
        query.breached = try QueryFlag.bool(q["breached"].map(String.init), "breached")
        if let l = q["limit"] {
            guard let n = Int(l), (1...1000).contains(n) else { throw APIError.badRequest("limit must be 1 to 1000") }
            query.limit = n
        }
        if let cursor = q["after"] { query.after = try Self.decode(String(cursor)) }
        if let v = q["version"] {
            guard query.workflow != nil else { throw APIError.badRequest("version needs workflow") }
            guard let n = Int(v), n > 0 else { throw APIError.badRequest("version must be a whole number") }
            version = n
        }
        assignee = q["assignee"].map(String.init)
        openedAfter = try q["opened_after"].map { try Self.instant(String($0), "opened_after") }
        openedBefore = try q["opened_before"].map { try Self.instant(String($0), "opened_before") }
        if let w = q["where"] {
            guard let id = query.workflow, let workflow = engine.catalog.workflow(id) else {
                throw APIError.badRequest("where needs workflow: a condition is checked against one workflow's data")
            }
            if case .failure(let r) = Engine.condition(String(w), for: workflow) { throw APIError.badRequest(r.message) }
            condition = String(w)
        }
        // Only the workflows the caller may read are walked: a cursor never passes through others.
        let readable = engine.catalog.latest.filter { Access.mayRead(person, $0, engine.directory) }.map(\.id)
        query.workflows = query.workflow.map { readable.contains($0) ? [$0] : [] } ?? readable
    }

    struct Page {
        var cases: [CaseState]
        var next: String?
        var scanned: Int
    }

    func run(store: any CaseStore, now: Instant) async throws -> Page {
        var found: [CaseState] = []
        var scanned = 0
        var programs: [Int: Program?] = [:]
        var q = query
        let wanted = query.limit
        while found.count < wanted, scanned < Self.maxScan {
            q.limit = min(500, Self.maxScan - scanned)
            let rows = try await store.cases(q)
            for row in rows {
                scanned += 1
                q.after = row.id
                guard version.map({ row.workflowVersion == $0 }) ?? true,
                      let state = try? StateCodec.decode(row.state), let w = engine.workflow(of: state),
                      Access.mayRead(person, w, engine.directory) else { continue }
                if let assignee, state.assignee != assignee { continue }
                if let openedAfter, state.openedAt <= openedAfter { continue }
                if let openedBefore, state.openedAt >= openedBefore { continue }
                if let condition {
                    if programs[w.version] == nil { programs[w.version] = try? Engine.condition(condition, for: w).get() }
                    guard let program = programs[w.version] ?? nil, (try? engine.holds(program, on: state, at: now).get()) == true
                    else { continue }
                }
                found.append(state)
                if found.count == wanted { break }
            }
            if rows.count < q.limit && found.count < wanted { return Page(cases: found, next: nil, scanned: scanned) }
        }
        return Page(cases: found, next: q.after.map(Self.encode), scanned: scanned)
    }

    /// Cursors are opaque: what lies behind them is only ever a case the caller could read.
    static func encode(_ id: String) -> String {
        Data(("c1:" + id).utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ cursor: String) throws -> String {
        var b = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b.count % 4 != 0 { b += "=" }
        guard cursor.count <= 200, let data = Data(base64Encoded: b), let text = String(data: data, encoding: .utf8),
              text.hasPrefix("c1:") else {
            throw APIError.badRequest("after must be the `next` of a previous page")
        }
        return String(text.dropFirst(3))
    }

    static func instant(_ text: String, _ name: String) throws -> Instant {
        if let t = RFC3339.parse(text) { return t }
        if let d = LocalDate(text) { return Instant(seconds: Int64(d.dayNumber) * 86_400) }
        throw APIError.badRequest("\(name) must be a date (2026-03-01) or a timestamp (2026-03-01T09:00:00+08:00)")
    }
}
