import CaseflowEngine
import CaseflowModel

/// The store in memory, for tests and simulation: the same rules as the durable stores.
public actor MemoryStore: CaseStore {
    private var definitionsByHash: [String: StoredDefinition] = [:]
    private var eventsByCase: [String: [StoredEvent]] = [:]
    private var casesByID: [String: StoredCase] = [:]
    // Ids compare by their UTF-8 bytes, as SQLite compares text.
    private var responses: [String: StoredResponse] = [:]
    private var ledger: [LedgerLeaf] = []
    private var signed: [StoredCheckpoint] = []
    private var releaseList: [Release] = []
    private var sources: [String: String] = [:]
    var outbox: [Delivery] = []
    var inbox: [InboxNotification] = []
    var batchList: [StoredBatch] = []
    var batchResultsByID: [String: [String: BatchResult]] = [:]
    var batchLeases: [String: (owner: String, until: Instant)] = [:]

    public init() {}

    public func saveDefinition(_ definition: StoredDefinition) -> String {
        let stored = StoredDefinition(kind: definition.kind, id: definition.id, version: definition.version, source: definition.source)
        if definitionsByHash[stored.hash] == nil { definitionsByHash[stored.hash] = stored }
        return stored.hash
    }

    public func definition(hash: String) -> StoredDefinition? { definitionsByHash[hash] }

    public func definitions() -> [StoredDefinition] {
        definitionsByHash.values.sorted { ($0.kind, $0.id, $0.version ?? 0, $0.hash) < ($1.kind, $1.id, $1.version ?? 0, $1.hash) }
    }

    public func commit(_ write: CaseWrite) throws {
        let prepared = try PreparedWrite(write)
        let actual = casesByID[write.caseID]?.version ?? 0
        guard actual == write.expectedVersion else {
            throw StoreError.staleVersion(caseID: write.caseID, expected: write.expectedVersion, actual: actual)
        }
        if let key = write.idempotency?.key, responses[key] != nil { throw StoreError.idempotencyKeyTaken(key) }
        let previous = eventsByCase[write.caseID]?.last?.hash ?? HashChain.genesis
        let chained = prepared.chained(after: previous)
        eventsByCase[write.caseID, default: []].append(contentsOf: chained)
        for e in chained {
            ledger.append(LedgerLeaf(index: ledger.count, caseID: e.caseID, sequence: e.sequence, eventHash: e.hash))
        }
        casesByID[write.caseID] = write.snapshot
        if let response = write.idempotency { responses[response.key] = response }
        enqueue(write.deliveries, at: write.snapshot.updatedAt)
        for n in write.notifications where !inbox.contains(where: { $0.person == n.person && $0.message == n.message }) {
            inbox.append(InboxNotification(id: Int64(inbox.count + 1), person: n.person, message: n.message, caseID: n.caseID,
                                           payload: n.payload, createdAt: write.snapshot.updatedAt, readAt: nil))
        }
    }

    public func events(caseID: String) -> [StoredEvent] { eventsByCase[caseID] ?? [] }

    public func snapshot(caseID: String) -> StoredCase? { casesByID[caseID] }

    public func caseRecord(caseID: String) -> CaseRecord { CaseRecord(snapshot: casesByID[caseID], events: eventsByCase[caseID] ?? []) }

    public func version(caseID: String) -> Int? { casesByID[caseID]?.version }

    public func cases(_ query: CaseQuery) -> [StoredCase] {
        let matching = casesByID.values.filter { c in
            (query.after.map { $0.utf8.lexicographicallyPrecedes(c.id.utf8) } ?? true)
                && (query.workflow.map { c.workflow == $0 } ?? true)
                && (query.stage.map { c.stage == $0 } ?? true)
                && (query.status.map { c.status == $0 } ?? true)
                && (query.role.map { c.role == $0 } ?? true)
                && (query.breached.map { c.breached == $0 } ?? true)
                && (query.workflows.map { $0.contains(c.workflow) } ?? true)
                && query.data.allSatisfy { c.search[$0.field] == $0.value }
        }
        return Array(matching.sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }.prefix(max(0, query.limit)))
    }

    public func reindexSearch(_ rows: [(caseID: String, values: [String: String])]) {
        for r in rows { casesByID[r.caseID]?.search = r.values }
    }

    public func caseIDs() -> [String] { casesByID.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }

    public func dueCases(before instant: Instant, limit: Int) -> [(caseID: String, due: Instant)] {
        let due = casesByID.values.compactMap { c -> (caseID: String, due: Instant)? in
            guard c.status == CaseState.Status.open.rawValue, let d = c.nextDue, d <= instant else { return nil }
            return (c.id, d)
        }
        return Array(due.sorted { ($0.due, $0.caseID) < ($1.due, $1.caseID) }.prefix(max(0, limit)))
    }

    public func idempotentResponse(key: String) -> StoredResponse? { responses[key] }

    public func ledgerLeaves(from index: Int, limit: Int) -> [LedgerLeaf] {
        guard index < ledger.count else { return [] }
        return Array(ledger[max(0, index)..<min(ledger.count, max(0, index) + max(0, limit))])
    }

    public func ledgerSize() -> Int { ledger.count }

    public func saveRelease(_ files: [ReleaseSource], by: String, at: Instant) -> (release: Release, created: Bool) {
        let entries = files.map { Release.File(path: $0.path, hash: $0.hash) }
        let digest = Release.digest(of: entries)
        if let last = releaseList.last, last.digest == digest { return (last, false) }
        for f in files { sources[f.hash] = f.text }
        let release = Release(number: releaseList.count + 1, activatedAt: at, activatedBy: by, digest: digest, files: entries)
        releaseList.append(release)
        return (release, true)
    }

    public func releases() -> [Release] { releaseList.reversed() }

    public func source(hash: String) -> String? { sources[hash] }

    public func saveCheckpoint(_ checkpoint: StoredCheckpoint) {
        guard !signed.contains(where: { $0.size == checkpoint.size }) else { return }
        signed.append(checkpoint)
        signed.sort { $0.size > $1.size }
    }

    public func checkpoints(before size: Int?, limit: Int) -> [StoredCheckpoint] {
        Array(signed.filter { size == nil || $0.size < size! }.prefix(max(0, limit)))
    }
}
