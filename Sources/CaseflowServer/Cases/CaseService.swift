import CaseflowEngine
import CaseflowModel
import CaseflowRules
import CaseflowStore
import Foundation
import Logging
import Synchronization

/// The one command path: API requests and fired timers both come through here. Commands on a
/// case are serialised; each is acknowledged only after its events are committed and synced.
/// What an idempotent request leaves behind, stored with its write.
public struct Receipt: Sendable {
    public var key: String
    public var fingerprint: String

    public init(key: String, fingerprint: String) {
        self.key = key
        self.fingerprint = fingerprint
    }
}

public final class CaseService: Sendable {
    let store: any CaseStore
    let registry: DefinitionRegistry
    let metrics: ServerMetrics
    let notifier: (any NotificationPlanner)?
    let logger: Logger
    private let locks = CaseLocks()
    private let cache: CaseCache
    /// Cases kept in memory by default (`--case-cache`).
    public static let defaultCacheCapacity = 100_000
    /// Cases in memory now.
    public var cachedCases: Int { cache.count }
    public let clock: @Sendable () -> Instant
    /// The id a case opened at an instant gets (`CaseIDs`).
    let newID: @Sendable (Instant) -> String

    public init(store: any CaseStore, registry: DefinitionRegistry, metrics: ServerMetrics, notifier: (any NotificationPlanner)?,
                logger: Logger, cacheCapacity: Int = CaseService.defaultCacheCapacity,
                clock: @escaping @Sendable () -> Instant = { WallClock.now() },
                newID: @escaping @Sendable (Instant) -> String = { CaseIDs.make(at: $0) }) {
        cache = CaseCache(capacity: cacheCapacity)
        self.store = store
        self.registry = registry
        self.metrics = metrics
        self.notifier = notifier
        self.logger = logger
        self.clock = clock
        self.newID = newID
    }

    public func engine() throws(APIError) -> DefinitionRegistry.Active {
        guard let active = registry.current else { throw APIError.unavailable("definitions are still loading") }
        return active
    }

    /// The case as stored (from memory when it has been seen and the store still has that version
    /// of it: another daemon on a shared store, or `caseflow migrate` on this one's SQLite file,
    /// may have written it since). A case read from the store is replayed from its events and
    /// compared with its snapshot first: one that does not match is refused, never acted on.
    public func state(_ id: String) async throws -> CaseState? {
        try await state(id, current: true)
    }

    /// `current` false: the case kept in memory without asking the store whether it is still
    /// current (the command path, whose write the store checks anyway).
    private func state(_ id: String, current: Bool) async throws -> CaseState? {
        if let cached = cache[id] {
            if !current { return cached }
            if try await store.version(caseID: id) == cached.sequence { return cached }
            cache[id] = nil
        }
        let record = try await store.caseRecord(caseID: id)
        let events = record.events
        guard let stored = record.snapshot else {
            if !events.isEmpty { throw integrity(id, "its stored snapshot does not match its history", ["the case has a history but no snapshot row"]) }
            return nil
        }
        let state: CaseState
        switch SnapshotCheck.check(events: events, snapshot: stored, catalog: try engine().engine.catalog) {
        case .matches(let replayed): state = replayed
        case .differs(let problems): throw integrity(id, "its stored snapshot does not match its history", problems)
        case .broken(let b): throw integrity(id, "its history does not verify", ["the hash chain breaks at \(b.description)"])
        case .unchecked: state = try StateCodec.decode(stored.state)
        }
        cache[id] = state
        return state
    }

    /// Drops a case from memory (a read found its stored record does not check out): the next
    /// command on it reads it from the store again, where the check refuses it.
    public func forget(_ id: String) {
        cache[id] = nil
    }

    private func integrity(_ id: String, _ what: String, _ problems: [String]) -> APIError {
        metrics.integrityFailure()
        logger.error("case refused: its stored history does not check out",
                     metadata: ["case": "\(id)", "problems": "\(problems.joined(separator: "; "))"])
        return APIError(.conflict, "integrity", "case \(id) is not acted on: \(what) ("
                        + problems.prefix(5).joined(separator: "; ") + "); run caseflow verify \(id)")
    }

    public func open(workflow: String, data: [(field: String, value: Value)], by person: String,
                     receipt: Receipt? = nil) async throws -> CaseState {
        let active = try engine()
        var attempt = 0
        while true {
            attempt += 1
            let now = clock()
            let id = newID(now)
            switch active.engine.open(caseID: id, workflow: workflow, data: data, by: person, at: now) {
            case .failure(let refusal):
                metrics.command("open", outcome: "refused")
                throw APIError(refusal)
            case .success(let outcome):
                do {
                    try await locks.withLock(id) {
                        try await self.persist(outcome, before: nil, active: active, receipt: receipt, status: 201)
                    }
                } catch let error as APIError where error.code == "stale_write" && attempt < 3 {
                    // The id is taken (another daemon on the same database made it in the
                    // same millisecond): nothing was stored, so open the case again under a new id.
                    logger.warning("case id taken; opening under a new id", metadata: ["case": "\(id)"])
                    continue
                }
                metrics.command("open", outcome: "accepted")
                return outcome.state
            }
        }
    }

    public func handle(_ command: Command, on id: String, by person: String, ifMatch: Int?,
                       receipt: Receipt? = nil, stage: String? = nil) async throws -> CaseState {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await attemptCommand(command, on: id, by: person, ifMatch: ifMatch, receipt: receipt, stage: stage)
            } catch let error as APIError where error.code == "stale_write" && ifMatch == nil {
                // Another daemon wrote the case first: run the command again on the new state.
                if attempt < 5 { continue }
                throw APIError.busy("case \(id) kept changing (\(error.message)); try again")
            } catch let error as APIError where error.code == "stale_write" {
                // The case changed after the version the client sent was read: the same answer
                // as any other If-Match that no longer matches.
                throw APIError.stale(error.message + "; read the case again")
            }
        }
    }

    private func attemptCommand(_ command: Command, on id: String, by person: String, ifMatch: Int?,
                                receipt: Receipt?, stage: String?) async throws -> CaseState {
        let active = try engine()
        return try await locks.withLock(id) {
            // The case kept in memory may be behind a write made around this daemon (another
            // daemon on a shared store; `caseflow migrate` on this SQLite file). A write based on
            // it fails (the store checks the version) and the command is run again on the case
            // read afresh (`handle`); a refusal or an If-Match mismatch is answered only once the
            // case is known to be current. So a command that succeeds costs no extra read.
            var current = false
            while true {
                guard let state = try await self.state(id, current: current) else { throw APIError.notFound("no case \(id)") }
                if let expected = ifMatch, expected != state.sequence {
                    if !current { current = true; continue }
                    throw APIError.stale("case \(id) is at version \(state.sequence), not \(expected)")
                }
                switch active.engine.handle(command, on: state, by: person, at: self.clock(), stage: stage) {
                case .failure(let refusal):
                    if !current { current = true; continue }
                    self.metrics.command(command.name, outcome: "refused")
                    throw APIError(refusal)
                case .success(let outcome):
                    try await self.persist(outcome, before: state, active: active, receipt: receipt, status: 200)
                    self.metrics.command(command.name, outcome: "accepted")
                    return outcome.state
                }
            }
        }
    }

    /// Moves one case to another version of its workflow through the command path (locked,
    /// checked against its history, acknowledged when durable).
    public func migrate(_ id: String, _ job: MigrationJob) async throws -> CaseMigration {
        let active = try engine()
        return try await locks.withLock(id) {
            let state: CaseState
            do {
                guard let s = try await self.state(id) else { return .refused(caseID: id, reason: "no such case") }
                state = s
            } catch let e as APIError {
                return .refused(caseID: id, reason: e.message)
            }
            if state.version == job.to { return .skipped(caseID: id, reason: "already on version \(job.to)") }
            guard state.version == job.from else { return .refused(caseID: id, reason: "it is on version \(state.version), not \(job.from)") }
            switch active.engine.migrate(state, to: job.to, options: job.options, by: job.by, at: self.clock()) {
            case .failure(let r): return .refused(caseID: id, reason: r.message)
            case .success(let (plan, outcome)):
                if !job.dryRun {
                    try await self.persist(outcome, before: state, active: active, receipt: nil, status: 200)
                    self.metrics.command("migrate", outcome: "accepted")
                }
                return .moved(plan)
            }
        }
    }

    /// Fires what is due on a case (the timer service calls this).
    public func advance(_ id: String) async throws {
        let active = try engine()
        try await locks.withLock(id) {
            guard let state = try await self.state(id), state.isOpen else { return }
            let outcome = active.engine.advance(state, to: self.clock())
            guard !outcome.events.isEmpty else { return }
            try await self.persist(outcome, before: state, active: active, receipt: nil, status: 200)
            self.metrics.command("advance", outcome: "accepted")
        }
    }

    private func persist(_ outcome: Outcome, before: CaseState?, active: DefinitionRegistry.Active,
                         receipt: Receipt?, status: Int) async throws {
        let s = outcome.state
        let engine = active.engine
        let expectedVersion = before?.sequence ?? 0
        guard let workflow = engine.workflow(of: s) else { throw APIError.notFound("workflow of case \(s.id) is not loaded") }
        let response = receipt.map {
            StoredResponse(key: $0.key, fingerprint: $0.fingerprint, status: status,
                           body: Self.render(s, workflow, active))
        }
        var write: CaseWrite
        do {
            write = try CaseWrite(outcome: outcome, engine: engine, expectedVersion: expectedVersion, at: s.lastEventAt,
                                  idempotency: response)
        } catch {
            throw APIError(.internalServerError, "internal", error.description)
        }
        if let notifier {
            let planned = notifier.plan(outcome.events, state: s, workflow: workflow, directory: engine.directory)
            write.deliveries = planned.deliveries
            write.notifications = planned.notifications
        }
        do {
            try await store.commit(write)
        } catch let error as StoreError {
            cache[s.id] = nil
            switch error {
            case .staleVersion: throw APIError(.conflict, "stale_write", error.description)
            case .idempotencyKeyTaken: throw APIError.conflict(error.description)
            case .invalidWrite: throw APIError.conflict(error.description)
            default: throw APIError.unavailable(error.description)
            }
        }
        cache[s.id] = s
        metrics.events(outcome.events, workflow: workflow.id, stage: before.map { workflow.stages[$0.stage].id })
        if !write.deliveries.isEmpty { notifier?.committed() }
    }

    /// The case as the API shows it.
    static func render(_ s: CaseState, _ w: CompiledWorkflow, _ active: DefinitionRegistry.Active) -> String {
        CaseJSON.text(s, w, definitionHash: active.hashes["\(w.id)@\(w.version)"])
    }

}

extension CaseService {
    /// A case and its workflow, for a person who may read it (a role of its workflow, admin or
    /// auditor); otherwise refused as the API refuses it.
    public func readable(_ id: String, by person: String) async throws -> (state: CaseState, workflow: CompiledWorkflow) {
        guard let state = try await state(id) else { throw APIError.notFound("no case \(id)") }
        let active = try engine()
        guard let w = active.engine.workflow(of: state), Access.mayRead(person, w, active.engine.directory) else {
            throw APIError.forbidden("\(person) holds no role of this case's workflow")
        }
        return (state, w)
    }
}
