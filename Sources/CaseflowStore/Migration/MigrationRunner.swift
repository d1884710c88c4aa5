import CaseflowEngine
import CaseflowModel
import CaseflowRules

/// What to migrate: the open cases of `workflow` on version `from` (and matching `where`) to `to`.
public struct MigrationJob: Sendable {
    public var workflow: String
    public var from: Int
    public var to: Int
    public var options: MigrationOptions
    public var whereCondition: String?
    public var dryRun: Bool
    public var by: String
    /// At most this many cases are migrated by one run (nil: all); the report says when more remain.
    public var limit: Int?
    /// Only the cases after this id (the `next` of a run that stopped at its limit).
    public var after: String?

    public init(workflow: String, from: Int, to: Int, options: MigrationOptions, whereCondition: String? = nil, dryRun: Bool,
                by: String, limit: Int? = nil, after: String? = nil) {
        self.after = after
        self.workflow = workflow
        self.from = from
        self.to = to
        self.options = options
        self.whereCondition = whereCondition
        self.dryRun = dryRun
        self.by = by
        self.limit = limit
    }
}

/// One case's result: the plan it was (or would be) moved by, or why it cannot move.
public enum CaseMigration: Sendable {
    case moved(MigrationPlan)
    case refused(caseID: String, reason: String)
    case skipped(caseID: String, reason: String)
}

public struct MigrationReport: Sendable {
    public var dryRun: Bool
    public var moved: [MigrationPlan] = []
    public var refused: [(caseID: String, reason: String)] = []
    /// Already on the target version (a run resumed), not matching `where`.
    public var alreadyMigrated = 0
    public var notMatching = 0
    /// Open cases of the workflow on a version other than `from` and `to`.
    public var otherVersions = 0
    /// The run stopped at its limit with cases left to migrate.
    public var remaining = false
    /// When `remaining`: the last case this run looked at; a run `after` it goes on from there
    /// (a dry run moves nothing, so without it the same cases would come again).
    public var next: String?
    public var seconds: Double = 0

    public var rate: Double { seconds > 0 ? Double(moved.count + refused.count) / seconds : 0 }
}

/// Runs a migration over the store in pages: a dry run lists each case with "would migrate" or
/// the reason it cannot; a real run writes one `migrated` event per case, many at once so the
/// store commits them together. A case already on the target version is left alone, so a run
/// killed half way is resumed by running it again.
public struct MigrationRunner: Sendable {
    public typealias Mover = @Sendable (_ caseID: String, _ job: MigrationJob) async throws -> CaseMigration

    public let store: any CaseStore
    public let engine: Engine
    let move: Mover
    let clock: @Sendable () -> Instant
    public static let page = 256
    public static let concurrency = 32

    /// `move` moves one case (the daemon goes through its command path); by default the case is
    /// read from the store, its snapshot checked against its history, and the write committed.
    public init(store: any CaseStore, engine: Engine, clock: @escaping @Sendable () -> Instant, move: Mover? = nil) {
        self.store = store
        self.engine = engine
        self.clock = clock
        self.move = move ?? { [store, engine, clock] id, job in
            try await Self.moveDirectly(id, job, store: store, engine: engine, at: clock())
        }
    }

    /// A `set` no case could take: a field the new version does not have, or a value its field
    /// refuses (of the wrong type, not one of its `enum`, outside its `min`/`max`); nil when none.
    public static func setProblem(_ set: [(field: String, value: Value)], workflow id: String, to: Int, engine: Engine) -> String? {
        guard let new = engine.catalog.workflow(id, version: to) else { return nil }
        for (name, value) in set {
            guard let slot = new.fieldSlots[name] else {
                return "set \(name): version \(to) of \(id) has no field '\(name)'" + Suggestion.hint(for: name, in: new.fieldSlots.keys)
            }
            guard !value.isNull else { continue }
            switch new.values.check(value, new.fields[slot].type) {
            case .failure(let p): return "set \(name): \(p.message)"
            case .success(let v): if let p = Engine.constraintProblem(v, of: new.fields[slot]) { return "set \(name): \(p)" }
            }
        }
        return nil
    }

    /// What is wrong with a stage mapping (old stage → new stage): a stage the old version does not
    /// have (a typo would otherwise be ignored) or one the new version does not have (which every
    /// case would otherwise be refused over, naming the old stage). Nil when it holds.
    public static func mapProblem(_ map: [String: String], workflow id: String, from: Int, to: Int, engine: Engine) -> String? {
        guard let old = engine.catalog.workflow(id, version: from), let new = engine.catalog.workflow(id, version: to) else { return nil }
        for (a, b) in map.sorted(by: { $0.key < $1.key }) {
            if old.stageIndex[a] == nil {
                return "map \(a)=\(b): version \(from) of \(id) has no stage '\(a)'" + Suggestion.hint(for: a, in: old.stageIndex.keys)
            }
            if new.stageIndex[b] == nil {
                return "map \(a)=\(b): version \(to) of \(id) has no stage '\(b)'" + Suggestion.hint(for: b, in: new.stageIndex.keys)
            }
        }
        return nil
    }

    public func run(_ job: MigrationJob, progress: @Sendable (MigrationReport, Int) -> Void = { _, _ in }) async throws -> MigrationReport {
        let started = ContinuousClock.now
        var report = MigrationReport(dryRun: job.dryRun)
        guard let from = engine.catalog.workflow(job.workflow, version: job.from) else {
            throw Refusal(.notFound, "workflow '\(job.workflow)' has no version \(job.from) loaded")
        }
        guard engine.catalog.workflow(job.workflow, version: job.to) != nil else {
            throw Refusal(.notFound, "workflow '\(job.workflow)' has no version \(job.to) loaded")
        }
        guard job.from != job.to else { throw Refusal(.invalidData, "the version to migrate from and the version to migrate to are the same (\(job.from))") }
        if let problem = Self.mapProblem(job.options.map, workflow: job.workflow, from: job.from, to: job.to, engine: engine)
            ?? Self.setProblem(job.options.set, workflow: job.workflow, to: job.to, engine: engine) {
            throw Refusal(.invalidData, problem)
        }
        let condition = try job.whereCondition.map { w throws(Refusal) in try Engine.condition(w, for: from).get() }
        let total = try await store.openCaseCounts().filter { $0.workflow == job.workflow }.reduce(0) { $0 + $1.count }
        var after = job.after
        pages: while true {
            let rows = try await store.cases(CaseQuery(workflow: job.workflow, status: "open", after: after, limit: Self.page))
            guard !rows.isEmpty else { break }
            // The counts as they stood at the page's start and after each candidate: a run that
            // stops at its limit part way through the page counts only the cases up to its `next`.
            typealias Counts = (already: Int, notMatching: Int, other: Int, refused: Int)
            func counts() -> Counts { (report.alreadyMigrated, report.notMatching, report.otherVersions, report.refused.count) }
            let atStart = (after: after, counts: counts())
            after = rows.last?.id
            var candidates: [String] = []
            var marks: [Counts] = []
            for row in rows {
                if row.workflowVersion == job.to { report.alreadyMigrated += 1; continue }
                if row.workflowVersion != job.from { report.otherVersions += 1; continue }
                if let condition {
                    guard let state = try? StateCodec.decode(row.state) else {
                        report.refused.append((row.id, "its snapshot cannot be read"))
                        continue
                    }
                    switch engine.holds(condition, on: state, at: clock()) {
                    case .success(false): report.notMatching += 1; continue
                    case .failure(let r): report.refused.append((row.id, r.message)); continue
                    case .success(true): break
                    }
                }
                candidates.append(row.id)
                marks.append(counts())
            }
            if let limit = job.limit, report.moved.count + candidates.count > limit {
                let keep = max(0, limit - report.moved.count)
                candidates = Array(candidates.prefix(keep))
                let (next, kept) = keep > 0 ? (candidates.last, marks[keep - 1]) : (atStart.after, atStart.counts)
                report.alreadyMigrated = kept.already
                report.notMatching = kept.notMatching
                report.otherVersions = kept.other
                report.refused.removeSubrange(kept.refused...)
                report.remaining = true
                report.next = next
            }
            for chunk in stride(from: 0, to: candidates.count, by: Self.concurrency).map({ candidates[$0..<min($0 + Self.concurrency, candidates.count)] }) {
                let results = try await withThrowingTaskGroup(of: CaseMigration.self) { group in
                    for id in chunk { group.addTask { try await move(id, job) } }
                    var out: [CaseMigration] = []
                    for try await r in group { out.append(r) }
                    return out
                }
                for r in results {
                    switch r {
                    case .moved(let plan): report.moved.append(plan)
                    case .refused(let id, let reason): report.refused.append((id, reason))
                    case .skipped: report.alreadyMigrated += 1
                    }
                }
                progress(report, total)
            }
            if report.remaining || rows.count < Self.page { break pages }
        }
        let elapsed = (ContinuousClock.now - started).components
        report.seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        return report
    }

    /// One case straight through the store: read, checked against history, migrated, committed.
    public static func moveDirectly(_ id: String, _ job: MigrationJob, store: any CaseStore, engine: Engine, at now: Instant) async throws -> CaseMigration {
        for _ in 0..<3 {
            let record = try await store.caseRecord(caseID: id)
            let state: CaseState
            switch SnapshotCheck.check(events: record.events, snapshot: record.snapshot, catalog: engine.catalog) {
            case .matches(let s): state = s
            case .differs(let problems): return .refused(caseID: id, reason: "its snapshot does not match its history: " + problems.prefix(3).joined(separator: "; "))
            case .unchecked(let why): return .refused(caseID: id, reason: why)
            case .broken(let b): return .refused(caseID: id, reason: "its history does not verify: the hash chain breaks at \(b.description)")
            }
            if state.version == job.to { return .skipped(caseID: id, reason: "already on version \(job.to)") }
            guard state.version == job.from else {
                return .refused(caseID: id, reason: "it is on version \(state.version), not \(job.from)")
            }
            switch engine.migrate(state, to: job.to, options: job.options, by: job.by, at: now) {
            case .failure(let r): return .refused(caseID: id, reason: r.message)
            case .success(let (plan, outcome)):
                if job.dryRun { return .moved(plan) }
                do {
                    try await store.commit(try CaseWrite(outcome: outcome, engine: engine, expectedVersion: state.sequence, at: now))
                    return .moved(plan)
                } catch StoreError.staleVersion {
                    continue  // the case changed meanwhile: plan again on what it is now
                }
            }
        }
        return .refused(caseID: id, reason: "it kept changing while being migrated; run again")
    }
}
