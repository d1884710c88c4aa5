import CaseflowEngine
import CaseflowModel
import CaseflowRules
import CaseflowStore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Bulk actions: one command run on every case a filter finds, in the background, through the
/// command path (each case locked, checked, acknowledged when durable), as the admin who asked.
/// Progress is kept a page at a time; each case's command carries the idempotency key
/// `batch:ID:CASE`, so a batch resumed after a restart never acts twice on a case.
public final class BatchService: Sendable {
    public enum Action: Sendable {
        case assign(to: String)
        case cancel(reason: String)
        case move(to: String, reason: String)
        case set(data: [(field: String, value: Value)])
        /// To another version of the workflow (the filter names the workflow and its version).
        case migrate(to: Int, options: MigrationOptions)

        var command: Command? {
            switch self {
            case .assign(let to): return .assign(to: to)
            case .cancel(let reason): return .cancel(reason: reason)
            case .move(let to, let reason): return .move(to: to, reason: reason, reopen: false)
            case .set(let data): return .setData(data)
            case .migrate: return nil
            }
        }
    }

    struct Spec: Sendable {
        var filters: [String: String]
        var action: Action
    }

    let cases: CaseService
    let store: any CaseStore
    let logger: Logger
    private let running = Mutex<Set<String>>([])
    /// Who this daemon is when it leases a batch (several daemons share one PostgreSQL).
    let owner = "daemon-" + BatchService.newID().dropFirst(2)
    /// How long a lease holds without being renewed: a daemon that stops leaves its batches to
    /// another daemon after this long. Renewed before each page.
    static let leaseMillis: Int64 = 30_000
    /// How often running batches are looked for (ones whose daemon stopped).
    static let resumeEvery: Duration = .seconds(10)
    /// Cases a dry run counts at most.
    static let dryRunLimit = 100_000
    static let page = 100

    /// The only daemon on its store (SQLite: a second one refuses to start on the file): a batch
    /// leased by another owner was left by a daemon that stopped, and is resumed at once rather
    /// than after that lease runs out.
    let soleDaemon: Bool

    public init(cases: CaseService, store: any CaseStore, logger: Logger, soleDaemon: Bool = false) {
        self.cases = cases
        self.store = store
        self.logger = logger
        self.soleDaemon = soleDaemon
    }

    /// `{"filter": {…}, "action": {"assign": {"to"}} | {"cancel": {"reason"}} | {"move": {"to", "reason"}} | {"set": {"data"}}}`
    static func spec(_ v: Value) throws(APIError) -> Spec {
        guard case .map(let m) = v else { throw APIError.badRequest("a batch is an object with filter and action") }
        var filters: [String: String] = [:]
        var action: Action?
        for e in m.entries {
            guard case .string(let key) = e.key else { continue }
            switch (key, e.value) {
            case ("filter", .map(let f)):
                for fe in f.entries {
                    guard case .string(let k) = fe.key else { continue }
                    guard k != "after", k != "limit" else { throw APIError.badRequest("a batch filter does not take \(k)") }
                    switch fe.value {
                    case .string(let s): filters[k] = s
                    case .bool(let b): filters[k] = b ? "true" : "false"
                    case .int(let i): filters[k] = String(i)
                    case .double(let d): filters[k] = String(d)
                    default: throw APIError.badRequest("filter.\(k) must be text, a number or true/false")
                    }
                }
            case ("action", .map(let a)):
                guard a.entries.count == 1, let first = a.entries.first, case .string(let name) = first.key,
                      case .map(let args) = first.value else {
                    throw APIError.badRequest("action is one of {\"assign\": {\"to\"}}, {\"cancel\": {\"reason\"}}, "
                                              + "{\"move\": {\"to\", \"reason\"}}, {\"set\": {\"data\"}}, {\"migrate\": {\"to\", \"map\", \"reason\"}}")
                }
                func text(_ k: String) throws(APIError) -> String {
                    for x in args.entries { if case .string(k) = x.key, case .string(let s) = x.value, !s.isEmpty { return s } }
                    throw APIError.badRequest("action \(name) needs \(k)")
                }
                switch name {
                case "assign": action = .assign(to: try text("to"))
                case "cancel": action = .cancel(reason: try text("reason"))
                case "move": action = .move(to: try text("to"), reason: try text("reason"))
                case "set":
                    guard let d = args.entries.first(where: { $0.key == .string("data") }), case .map(let data) = d.value else {
                        throw APIError.badRequest("action set needs data: an object of field values")
                    }
                    action = .set(data: data.entries.compactMap { x in if case .string(let k) = x.key { return (k, x.value) }; return nil })
                case "migrate":
                    guard let t = args.entries.first(where: { $0.key == .string("to") }), case .int(let to) = t.value else {
                        throw APIError.badRequest("action migrate needs to: the version to move the cases to")
                    }
                    var map: [String: String] = [:]
                    var set: [(field: String, value: Value)] = []
                    var reason: String?
                    for x in args.entries {
                        switch (x.key, x.value) {
                        case (.string("map"), .map(let m)):
                            for e in m.entries { if case .string(let k) = e.key, case .string(let v) = e.value { map[k] = v } }
                        case (.string("set"), .map(let m)):
                            set = m.entries.compactMap { e in if case .string(let k) = e.key { return (k, e.value) }; return nil }
                        case (.string("reason"), .string(let r)): reason = r
                        default: break
                        }
                    }
                    action = .migrate(to: Int(to), options: MigrationOptions(map: map, set: set, reason: reason))
                default: throw APIError.badRequest("unknown action '\(name)'; a batch can assign, cancel, move, set or migrate")
                }
            case ("filter", _), ("action", _): throw APIError.badRequest("\(key) must be an object")
            case ("dry_run", _): break
            default: throw APIError.badRequest("unknown field '\(key)'; a batch has filter, action and dry_run")
            }
        }
        guard let action else { throw APIError.badRequest("a batch needs an action") }
        guard !filters.isEmpty else { throw APIError.badRequest("a batch needs a filter: it never acts on every case by default") }
        if case .migrate = action, filters["workflow"] == nil || filters["version"] == nil {
            throw APIError.badRequest("a migrate batch needs filter.workflow and filter.version: the version the cases are on")
        }
        return Spec(filters: filters, action: action)
    }

    /// Refuses an action that cannot succeed on any case the filter could find, before anything
    /// runs: a person not in the directory, a stage, field or version no workflow version has, a
    /// value no version's field takes. (What depends on each case, such as its stage, is still
    /// checked case by case.)
    static func check(_ spec: Spec, _ engine: Engine) throws(APIError) {
        let workflows: [CompiledWorkflow]
        if let id = spec.filters["workflow"] {
            guard let versions = engine.catalog.byID[id], !versions.isEmpty else { throw APIError.badRequest("no workflow '\(id)'") }
            workflows = versions.values.sorted { $0.version > $1.version }
        } else {
            workflows = engine.catalog.byID.values.flatMap { $0.values }.sorted { ($0.id, -$0.version) < ($1.id, -$1.version) }
        }
        let which = spec.filters["workflow"].map { "workflow \($0)" } ?? "any workflow"
        switch spec.action {
        case .assign(let to):
            guard engine.directory.exists(to) else { throw APIError.badRequest("action assign: no person '\(to)' in the directory") }
        case .move(let to, _):
            guard workflows.contains(where: { $0.stageIndex[to] != nil }) else {
                let names = Set(workflows.flatMap { $0.stages.map(\.id) }).sorted()
                throw APIError.badRequest("action move: no stage '\(to)' in \(which)"
                                          + Suggestion.hint(for: to, in: names))
            }
        case .set(let data):
            for (field, value) in data {
                let having = workflows.filter { $0.fieldSlots[field] != nil }
                guard let newest = having.first, let slot = newest.fieldSlots[field] else {
                    throw APIError.badRequest("action set: no field '\(field)' in \(which)"
                                              + Suggestion.hint(for: field, in: Set(workflows.flatMap { $0.fields.map(\.name) })))
                }
                if case .failure(let p) = newest.values.check(value, newest.fields[slot].type) {
                    throw APIError.badRequest("action set: \(field): \(p.message)")
                }
                // A value no version's field takes (not in its enum, outside its range) would be
                // refused on every case: refused now, a dry run included.
                let accepted = having.contains { w in
                    guard let s = w.fieldSlots[field], case .success = w.values.check(value, w.fields[s].type) else { return false }
                    return Engine.constraintProblem(value, of: w.fields[s]) == nil
                }
                if !accepted, let problem = Engine.constraintProblem(value, of: newest.fields[slot]) {
                    throw APIError.badRequest("action set: \(field): \(problem)")
                }
            }
        case .migrate(let to, let options):
            guard let id = spec.filters["workflow"], engine.catalog.workflow(id, version: to) != nil else {
                throw APIError.badRequest("action migrate: \(which) has no version \(to)")
            }
            if let from = spec.filters["version"].flatMap({ Int($0) }),
               let problem = MigrationRunner.mapProblem(options.map, workflow: id, from: from, to: to, engine: engine) {
                throw APIError.badRequest("action migrate: " + problem)
            }
            if let problem = MigrationRunner.setProblem(options.set, workflow: id, to: to, engine: engine) {
                throw APIError.badRequest("action migrate: " + problem)
            }
        case .cancel:
            break
        }
    }

    /// What the filter finds now: how many (up to 100,000) and the first few.
    public func dryRun(_ specJSON: Value, by person: String) async throws -> Value {
        let spec = try Self.spec(specJSON)
        let engine = try cases.engine().engine
        try Self.check(spec, engine)
        var filters = spec.filters
        filters["limit"] = "1000"
        var count = 0
        var sample: [String] = []
        var complete = false
        while count < Self.dryRunLimit {
            let page = try await CaseSearch(filters: filters, engine: engine, person: person).run(store: store, now: cases.clock())
            count += page.cases.count
            if sample.count < 10 { sample += page.cases.prefix(10 - sample.count).map(\.id) }
            guard let next = page.next else {
                complete = true
                break
            }
            filters["after"] = next
        }
        return .stringMap([("dry_run", .bool(true)), ("count", .int(count)), ("complete", .bool(complete)),
                           ("sample", .list(sample.map(Value.string)))])
    }

    /// Records the batch and starts it in the background.
    public func start(_ specJSON: Value, text: String, by person: String) async throws -> StoredBatch {
        let spec = try Self.spec(specJSON)
        let engine = try cases.engine().engine
        _ = try CaseSearch(filters: spec.filters, engine: engine, person: person)   // a bad filter is refused now
        try Self.check(spec, engine)
        let now = cases.clock()
        let batch = StoredBatch(id: Self.newID(), createdAt: now, createdBy: person, spec: text, status: "running", done: 0, refused: 0,
                                cursor: nil, updatedAt: now)
        try await store.saveBatch(batch)
        logger.notice("batch started", metadata: ["batch": "\(batch.id)", "by": "\(person)"])
        launch(batch)
        return batch
    }

    /// Runs every batch left running whose lease is free (its daemon stopped), from where it got to.
    public func resumeAll() async {
        do {
            var before: String?
            repeat {
                let page = try await store.batches(status: "running", before: before, limit: 500)
                for b in page where !running.withLock({ $0.contains(b.id) }) { launch(b, resumed: true) }
                before = page.count == 500 ? page.last?.id : nil
            } while before != nil
        } catch {
            logger.error("running batches not resumed", metadata: ["error": "\(error)"])
        }
    }

    /// Takes or renews this daemon's lease on the batch (`takeOver`: whoever holds it).
    private func lease(_ id: String, takeOver: Bool = false) async throws -> Bool {
        let now = cases.clock()
        // Taking over: as if every other lease had run out.
        let asOf = takeOver ? Instant(millis: Int64.max / 4) : now
        return try await store.leaseBatch(id: id, owner: owner, until: Instant(millis: now.millis + Self.leaseMillis), now: asOf)
    }

    private func launch(_ batch: StoredBatch, resumed: Bool = false) {
        guard running.withLock({ $0.insert(batch.id).inserted }) else { return }
        Task {
            await self.run(batch, resumed: resumed)
            _ = self.running.withLock { $0.remove(batch.id) }
        }
    }

    func run(_ start: StoredBatch, resumed: Bool = false) async {
        var b = start
        do {
            guard try await lease(b.id, takeOver: resumed && soleDaemon) else { return }  // another daemon runs it
            if resumed {
                logger.notice("batch resumed", metadata: ["batch": "\(b.id)", "done": "\(b.done)", "refused": "\(b.refused)"])
            }

            guard let json = try? JSONParser.parse(b.spec, strict: true).get() else { throw APIError.badRequest("the batch's request cannot be read") }
            let spec = try Self.spec(json)
            let command = spec.action.command
            var job: MigrationJob?
            if case .migrate(let to, let options) = spec.action {
                job = MigrationJob(workflow: spec.filters["workflow"] ?? "", from: Int(spec.filters["version"] ?? "") ?? 0, to: to,
                                   options: options, dryRun: false, by: b.createdBy)
            }
            try await finishPending(&b, command: command, job: job)
            while !Task.isCancelled {
                guard try await lease(b.id) else {
                    logger.notice("batch goes on on another daemon", metadata: ["batch": "\(b.id)"])
                    return
                }
                // Another daemon may have gone further while this one's lease ran out.
                if let latest = try await store.batch(id: b.id) {
                    if latest.status != "running" { return }
                    if let c = latest.cursor, b.cursor.map({ $0 < c }) ?? true { b.cursor = c }
                    // The counts as the store keeps them, from the results recorded (a resumed
                    // batch meets again cases it recorded before its stop).
                    b.done = latest.done
                    b.refused = latest.refused
                }
                var filters = spec.filters
                filters["limit"] = String(Self.page)
                if let cursor = b.cursor { filters["after"] = CaseSearch.encode(cursor) }
                let engine = try cases.engine().engine
                let page = try await CaseSearch(filters: filters, engine: engine, person: b.createdBy)
                    .run(store: store, now: cases.clock(), keepingUnevaluated: true)
                // Remembered before acting: a resumed batch finishes these even if the filter no longer finds them.
                try await store.recordBatch(b, results: page.cases.map { BatchResult(caseID: $0.id, outcome: BatchResult.pending, message: nil) })
                // A case the filter cannot be evaluated on is neither acted on nor quietly skipped.
                var results: [BatchResult] = page.unevaluated.map {
                    BatchResult(caseID: $0.caseID, outcome: "refused", message: "the filter cannot be evaluated on it: \($0.message)")
                }
                for state in page.cases { results.append(try await act(on: state.id, b, command: command, job: job)) }
                if let next = page.next { b.cursor = try CaseSearch.decode(next) } else { b.status = "done" }
                b.updatedAt = cases.clock()
                try await store.recordBatch(b, results: results)
                if b.status == "done" {
                    if let latest = try await store.batch(id: b.id) {
                        b.done = latest.done
                        b.refused = latest.refused
                    }
                    logger.notice("batch done", metadata: ["batch": "\(b.id)", "done": "\(b.done)", "refused": "\(b.refused)"])
                    return
                }
            }
        } catch {
            logger.error("batch stopped; it resumes at the next start", metadata: ["batch": "\(b.id)", "error": "\(error)"])
        }
    }

    /// One case of the batch: acted on once (its idempotency key says whether it already was).
    /// A transient failure (the store unavailable, or the case changing under every attempt
    /// while other daemons fire its timers) is tried again after a pause, a few times, before the
    /// case is counted as refused.
    private func act(on id: String, _ b: StoredBatch, command: Command?, job: MigrationJob?) async throws -> BatchResult {
        let key = "batch:\(b.id):\(id)"
        if try await store.idempotentResponse(key: key) != nil { return BatchResult(caseID: id, outcome: "done", message: nil) }
        var attempt = 0
        while true {
            attempt += 1
            do {
                if let job {
                    // Moving a case to a version is idempotent in itself: one already there is skipped.
                    switch try await cases.migrate(id, job) {
                    case .moved, .skipped: return BatchResult(caseID: id, outcome: "done", message: nil)
                    case .refused(_, let reason): return BatchResult(caseID: id, outcome: "refused", message: reason)
                    }
                }
                guard let command else { return BatchResult(caseID: id, outcome: "refused", message: "the batch has no action") }
                _ = try await cases.handle(command, on: id, by: b.createdBy, ifMatch: nil, receipt: Receipt(key: key, fingerprint: "batch \(b.id)"))
                return BatchResult(caseID: id, outcome: "done", message: nil)
            } catch let e as APIError {
                // Another daemon running the same batch (several on one PostgreSQL) did this case first.
                if try await store.idempotentResponse(key: key) != nil { return BatchResult(caseID: id, outcome: "done", message: nil) }
                guard e.isTransient, attempt < Self.attempts else { return BatchResult(caseID: id, outcome: "refused", message: e.message) }
                try await Task.sleep(for: .milliseconds(100 * attempt))
            }
        }
    }

    /// Tries a case gets when each fails for a transient reason.
    static let attempts = 5

    /// The cases of a page a stopped daemon had begun: each finished (or found done) now.
    private func finishPending(_ b: inout StoredBatch, command: Command?, job: MigrationJob?) async throws {
        var pending: [String] = []
        var after: String?
        while true {
            let chunk = try await store.batchResults(id: b.id, after: after, limit: 1000)
            pending += chunk.filter { $0.outcome == BatchResult.pending }.map(\.caseID)
            guard chunk.count == 1000 else { break }
            after = chunk.last?.caseID
        }
        guard !pending.isEmpty else { return }
        var results: [BatchResult] = []
        for id in pending { results.append(try await act(on: id, b, command: command, job: job)) }
        b.updatedAt = cases.clock()
        try await store.recordBatch(b, results: results)
        if let latest = try await store.batch(id: b.id) {
            b.done = latest.done
            b.refused = latest.refused
        }
    }

    static func newID() -> String {
        var g = SystemRandomNumberGenerator()
        let digits = CaseIDs.digits
        return "b-" + String(decoding: (0..<10).map { _ in digits[Int(g.next() % UInt64(digits.count))] }, as: UTF8.self)
    }

    static func json(_ b: StoredBatch) -> Value {
        let spec = (try? JSONParser.parse(b.spec, strict: true).get()) ?? .null
        var request: [(String, Value)] = []
        if case .map(let m) = spec {
            for e in m.entries { if case .string(let k) = e.key, k != "dry_run" { request.append((k, e.value)) } }
        }
        return .stringMap([
            ("id", .string(b.id)), ("status", .string(b.status)), ("created_by", .string(b.createdBy)),
            ("created_at", ValueDecoder.timestamp(b.createdAt)), ("updated_at", ValueDecoder.timestamp(b.updatedAt)),
            ("done", .int(b.done)), ("refused", .int(b.refused)),
        ] + request)
    }
}

/// Resumes the batches a stopped daemon left running: at start, and then every few seconds for
/// batches whose daemon stopped while this one runs.
struct BatchResumeService: Service {
    let batches: BatchService

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await batches.resumeAll()
                try? await Task.sleep(for: BatchService.resumeEvery)
            }
        }
    }
}
