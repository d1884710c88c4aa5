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
public struct CaseSearch: Sendable {
    static let parameters = ["workflow", "version", "stage", "status", "role", "breached", "assignee", "opened_after",
                             "opened_before", "where", "limit", "after"]
    /// Cases looked at per request, at most: a filter that matches little answers with fewer
    /// cases and a `next` to go on from, never with unbounded work.
    public static let maxScan = 5_000

    var query: CaseQuery
    var version: Int?
    var assignee: String?
    var openedAfter: Instant?
    var openedBefore: Instant?
    var condition: String?
    let engine: Engine
    /// Who searches: only the workflows they hold a role in are walked (nil: every workflow, for
    /// the CLI on the database).
    let person: String?

    /// The search a request's query string asks for (read as a form: `+` is a space).
    init(_ request: Request, engine: Engine, person: String) throws {
        try self.init(filters: try QueryForm.dictionary(request), engine: engine, person: person)
    }

    /// What is wrong with a search's form on its face, before any definition is read (a value no
    /// case can have, a limit out of range, a filter that needs another): nil when nothing is.
    /// `name` words a parameter as the caller knows it (`--opened-after` for the CLI).
    public static func formProblem(_ f: [String: String], name: (String) -> String = { $0 }) -> String? {
        if let status = f["status"], !["open", "closed", "cancelled"].contains(status) {
            return "\(name("status")) is open, closed or cancelled, not '\(status.prefix(40))'"
        }
        if let b = f["breached"], !["true", "false"].contains(b) { return "\(name("breached")) must be true or false, not '\(b.prefix(40))'" }
        if let l = f["limit"], (try? QueryFlag.limit(Substring(l))) == nil { return "\(name("limit")) must be 1 to 1000" }
        for key in ["opened_after", "opened_before"] {
            if let v = f[key], RFC3339.parse(v) == nil, LocalDate(v) == nil {
                return "\(name(key)) must be a date (2026-03-01) or a timestamp (2026-03-01T09:00:00+08:00), not '\(v.prefix(40))'"
            }
        }
        if let v = f["version"], !(Int(v).map { $0 > 0 } ?? false) { return "\(name("version")) must be a whole number" }
        if f["version"] != nil, f["workflow"] == nil { return "\(name("version")) needs \(name("workflow"))" }
        if f["where"] != nil, f["workflow"] == nil {
            return "\(name("where")) needs \(name("workflow")): a condition is checked against one workflow's data"
        }
        return nil
    }

    /// Filters by the names of the query parameters (`workflow`, `where`, `after`, …).
    public init(filters f: [String: String], engine: Engine, person: String?) throws(APIError) {
        self.engine = engine
        self.person = person
        // A value no case can have is a mistake to name, not an empty list.
        if let problem = Self.formProblem(f) { throw APIError.badRequest(problem) }
        if let id = f["workflow"], engine.catalog.workflow(id) == nil {
            throw APIError.badRequest("no workflow '\(id)'" + Suggestion.hint(for: id, in: engine.catalog.byID.keys))
        }
        // A stage, role or version that no version of the workflow (or of any workflow) has: a typo,
        // not an empty list.
        let versions = f["workflow"].flatMap { engine.catalog.byID[$0].map { Array($0.values) } }
            ?? engine.catalog.byID.values.flatMap { Array($0.values) }
        let scopeName = f["workflow"].map { "workflow \($0)" } ?? "any workflow"
        if let stage = f["stage"], !versions.contains(where: { $0.stageIndex[stage] != nil }) {
            throw APIError.badRequest("no stage '\(stage)' in \(scopeName)"
                                      + Suggestion.hint(for: stage, in: Set(versions.flatMap { $0.stages.map(\.id) })))
        }
        if let role = f["role"], !versions.contains(where: { $0.roles.contains(role) }) {
            throw APIError.badRequest("no role '\(role)' in \(scopeName)" + Suggestion.hint(for: role, in: Set(versions.flatMap(\.roles))))
        }
        query = CaseQuery(workflow: f["workflow"], stage: f["stage"], status: f["status"], role: f["role"])
        // Well formed (`formProblem` above).
        query.breached = f["breached"].map { $0 == "true" }
        query.limit = f["limit"].flatMap { Int($0) } ?? query.limit
        if let cursor = f["after"] { query.after = try Self.decode(cursor) }
        if let v = f["version"], let n = Int(v) {
            if let id = query.workflow, let known = engine.catalog.byID[id], known[n] == nil {
                throw APIError.badRequest("workflow \(id) has no version \(n) (it has \(known.keys.sorted().map(String.init).joined(separator: ", ")))")
            }
            version = n
        }
        assignee = f["assignee"]
        openedAfter = try f["opened_after"].map { v throws(APIError) in try Self.instant(v, "opened_after") }
        openedBefore = try f["opened_before"].map { v throws(APIError) in try Self.instant(v, "opened_before") }
        if let w = f["where"], let id = query.workflow, let workflow = engine.catalog.workflow(id) {
            if case .failure(let r) = Engine.condition(w, for: workflow) { throw APIError.badRequest(r.message) }
            condition = w
        }
        // Only the workflows the caller may read are walked: a cursor never passes through others.
        let readableWorkflows = engine.catalog.latest.filter { w in person.map { Access.mayRead($0, w, engine.directory) } ?? true }
        let readable = readableWorkflows.map(\.id)
        query.workflows = query.workflow.map { readable.contains($0) ? [$0] : [] } ?? readable
        // Anything else is equality on a `search:` field: `customer=Acme` or `data.customer=Acme`.
        let scope = query.workflow.flatMap { engine.catalog.workflow($0) }.map { [$0] } ?? readableWorkflows
        let searchable = Set(scope.flatMap { $0.definition.search.map(\.value) })
        for (key, value) in f.sorted(by: { $0.key < $1.key }) where !Self.parameters.contains(key) {
            let field = key.hasPrefix("data.") ? String(key.dropFirst(5)) : key
            guard searchable.contains(field) else {
                throw APIError.badRequest("unknown parameter '\(key)'; cases are searched by " + Self.parameters.joined(separator: ", ")
                    + (searchable.isEmpty ? "" : ", and by the search fields " + searchable.sorted().joined(separator: ", "))
                    + " (a workflow lists the fields it can be searched by under search:)")
            }
            query.data.append((field, Self.normalized(value, field: field, in: scope)))
        }
    }

    /// A number as the index keeps it (`100000`, not `100000.0`), when the field is a number.
    static func normalized(_ value: String, field: String, in workflows: [CompiledWorkflow]) -> String {
        guard workflows.contains(where: { $0.definition.field(field)?.type == .number }), let d = Double(value) else { return value }
        return StoredCase.searchText(.double(d), workflows[0]) ?? value
    }

    public struct Page: Sendable {
        public var cases: [CaseState]
        public var next: String?
        public var scanned: Int
        /// Cases `where` could not be evaluated on, with why (only when the caller keeps them).
        public var unevaluated: [(caseID: String, message: String)] = []
    }

    /// The next page. A case on which `where` reads data it cannot use (a field not set, a
    /// missing key) does not match. A case on which evaluating it stops at a limit of the
    /// expression language (too many iterations, a result too large) is never quietly left out:
    /// the search is refused (422) naming the case and the limit, or with `keepingUnevaluated` (a
    /// running batch, which records the case as refused) the case is returned in `unevaluated`.
    public func run(store: any CaseStore, now: Instant, keepingUnevaluated: Bool = false) async throws -> Page {
        var found: [CaseState] = []
        var unevaluated: [(caseID: String, message: String)] = []
        var scanned = 0
        var programs: [Int: Program?] = [:]
        var q = query
        let wanted = query.limit

        enum Check { case match(CaseState), skip, unknown(String) }
        /// Whether a row is listed: its case, skipped, or `where` could not be evaluated on it.
        func check(_ row: StoredCase) -> Check {
            guard version.map({ row.workflowVersion == $0 }) ?? true,
                  let state = try? StateCodec.decode(row.state), let w = engine.workflow(of: state),
                  person.map({ Access.mayRead($0, w, engine.directory) }) ?? true else { return .skip }
            if let assignee, state.assignee != assignee { return .skip }
            if let openedAfter, state.openedAt <= openedAfter { return .skip }
            if let openedBefore, state.openedAt >= openedBefore { return .skip }
            if let condition {
                if programs[w.version] == nil { programs[w.version] = try? Engine.condition(condition, for: w).get() }
                // A version whose data the condition does not fit (a field it lacks) has no match.
                guard let program = programs[w.version] ?? nil else { return .skip }
                switch engine.match(program, on: state, at: now) {
                case .yes: break
                case .no: return .skip
                case .unknown(let message): return .unknown(message)
                }
            }
            return .match(state)
        }

        while found.count < wanted, scanned < Self.maxScan {
            q.limit = min(500, Self.maxScan - scanned)
            let rows = try await store.cases(q)
            for (index, row) in rows.enumerated() {
                scanned += 1
                q.after = row.id
                switch check(row) {
                case .skip:
                    continue
                case .unknown(let message):
                    guard keepingUnevaluated else {
                        throw APIError.unprocessable("where cannot be evaluated on case \(row.id): \(message); "
                                                     + "no case is listed rather than a list that may leave it out")
                    }
                    unevaluated.append((row.id, message))
                    continue
                case .match(let state):
                    found.append(state)
                }
                guard found.count == wanted else { continue }
                let next = Self.next(after: row, rest: rows[(index + 1)...], last: rows.count < q.limit, scanned: &scanned) {
                    if case .skip = check($0) { false } else { true }
                }
                return Page(cases: found, next: next, scanned: scanned, unevaluated: unevaluated)
            }
            if rows.count < q.limit {
                return Page(cases: found, next: nil, scanned: scanned, unevaluated: unevaluated)
            }
        }
        return Page(cases: found, next: q.after.map(Self.encode), scanned: scanned, unevaluated: unevaluated)
    }

    /// The cursor after a full page that ended at `row`: the rows already read after it are looked
    /// at, and when none of them would be listed the next page starts after them, or there is none
    /// when they were the store's last (`last`). So `next` never leads to an empty page this one
    /// could see.
    static func next(after row: StoredCase, rest: ArraySlice<StoredCase>, last: Bool, scanned: inout Int,
                     listed: (StoredCase) -> Bool) -> String? {
        if rest.contains(where: listed) { return encode(row.id) }
        scanned += rest.count
        if last { return nil }
        return encode(rest.last?.id ?? row.id)
    }

    /// Cursors are opaque: what lies behind them is only ever a case the caller could read.
    public static func encode(_ id: String) -> String {
        Data(("c1:" + id).utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    public static func decode(_ cursor: String) throws(APIError) -> String {
        var b = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b.count % 4 != 0 { b += "=" }
        guard cursor.count <= 200, let data = Data(base64Encoded: b), let text = String(data: data, encoding: .utf8),
              text.hasPrefix("c1:") else {
            throw APIError.badRequest("after must be the `next` of a previous page")
        }
        return String(text.dropFirst(3))
    }

    static func instant(_ text: String, _ name: String) throws(APIError) -> Instant {
        if let t = RFC3339.parse(text) { return t }
        if let d = LocalDate(text) { return Instant(seconds: Int64(d.dayNumber) * 86_400) }
        throw APIError.badRequest("\(name) must be a date (2026-03-01) or a timestamp (2026-03-01T09:00:00+08:00)")
    }
}
