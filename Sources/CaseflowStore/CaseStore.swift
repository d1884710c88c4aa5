import CaseflowEngine
import CaseflowModel

/// Where cases live: the append-only event log with its hash chain, case snapshots, the timer
/// index, definitions by content, idempotency keys. One test suite runs against every
/// implementation (memory, SQLite, PostgreSQL).
public protocol CaseStore: DeliveryStore, BatchStore {
    /// Stores a definition document's source text under its SHA-256 (hex); returns the hash.
    func saveDefinition(_ definition: StoredDefinition) async throws -> String
    func definition(hash: String) async throws -> StoredDefinition?
    func definitions() async throws -> [StoredDefinition]

    /// Appends one command's events for one case, with the case's new snapshot and next due
    /// instant, atomically and durably (the call returns only once synced). Fails with
    /// `StoreError.staleVersion` when the case's stored version is not `expectedVersion`
    /// (0 for a new case). Concurrent calls may be committed together (group commit).
    func commit(_ write: CaseWrite) async throws

    /// A case's events in sequence order, each with its chain hash.
    func events(caseID: String) async throws -> [StoredEvent]
    func snapshot(caseID: String) async throws -> StoredCase?
    /// A case's snapshot and its events as they stood together: what replaying a case and
    /// checking it against its snapshot must read (two separate reads can straddle a commit, and
    /// the pair then looks tampered with).
    func caseRecord(caseID: String) async throws -> CaseRecord
    /// Cases in id order after `after`, filtered.
    func cases(_ query: CaseQuery) async throws -> [StoredCase]
    /// Every case id, for `verify` of all cases.
    func caseIDs() async throws -> [String]

    /// Open cases with a timer due at or before `instant`, earliest first.
    func dueCases(before instant: Instant, limit: Int) async throws -> [(caseID: String, due: Instant)]

    /// How many events the case has (its version), nil when there is no such case: one small
    /// read, for a daemon that shares the store to check that the case it keeps is still current.
    func version(caseID: String) async throws -> Int?

    /// The first answer to a request with this idempotency key, if any.
    func idempotentResponse(key: String) async throws -> StoredResponse?

    /// Writes per transaction of the latest commits (group commit at work), for metrics.
    var commitBatches: [Int] { get }

    /// Transactions committed since the store was opened, and the writes in them (the bench's figures).
    var commitTotals: CommitTotals { get }

    /// How many cases are open in each workflow and stage.
    func openCaseCounts() async throws -> [OpenCaseCount]

    /// The open-case counts as the store stands now, counted when the returned closure runs: the
    /// daemon starts serving while a million cases are counted, and commits made meanwhile are
    /// not in the count (they are counted as they happen). Stores that cannot read an earlier
    /// state count at once.
    func openCaseCountsAsOfNow() async throws -> @Sendable () async throws -> [OpenCaseCount]

    /// The ledger's entries from `index` on (at most `limit`), in order; its size.
    func ledgerLeaves(from index: Int, limit: Int) async throws -> [LedgerLeaf]
    func ledgerSize() async throws -> Int
    /// Keeps a signed checkpoint (a second one of the same size is ignored).
    func saveCheckpoint(_ checkpoint: StoredCheckpoint) async throws
    /// The newest checkpoints first, at most `limit`, those below size `before` when given.
    func checkpoints(before size: Int?, limit: Int) async throws -> [StoredCheckpoint]

    /// Records an activation of these files as the next release, unless they are exactly the
    /// files of the newest release; returns the release in force and whether it is new.
    func saveRelease(_ sources: [ReleaseSource], by: String, at: Instant) async throws -> (release: Release, created: Bool)
    /// Replaces the search values of these cases (after a release changed the `search:` fields).
    func reindexSearch(_ rows: [(caseID: String, values: [String: String])]) async throws
    /// Every release, newest first.
    func releases() async throws -> [Release]
    /// A source file's text by its hash.
    func source(hash: String) async throws -> String?
}

extension CaseStore {
    public func release(_ number: Int) async throws -> Release? {
        try await releases().first { $0.number == number }
    }
}

public struct OpenCaseCount: Sendable, Equatable {
    public var workflow: String
    public var stage: String
    public var count: Int

    public init(workflow: String, stage: String, count: Int) {
        self.workflow = workflow
        self.stage = stage
        self.count = count
    }
}

/// A case's snapshot with the events it was made from, read together.
public struct CaseRecord: Sendable {
    public var snapshot: StoredCase?
    public var events: [StoredEvent]

    public init(snapshot: StoredCase?, events: [StoredEvent]) {
        self.snapshot = snapshot
        self.events = events
    }
}

extension CaseStore {
    public var commitBatches: [Int] { [] }
    public var commitTotals: CommitTotals { CommitTotals() }

    public func openCaseCountsAsOfNow() async throws -> @Sendable () async throws -> [OpenCaseCount] {
        let counts = try await openCaseCounts()
        return { counts }
    }

    /// Pages through the open cases; stores with SQL count them in the database instead.
    public func openCaseCounts() async throws -> [OpenCaseCount] {
        var counts: [String: OpenCaseCount] = [:]
        var after: String?
        while true {
            let page = try await cases(CaseQuery(status: "open", after: after, limit: 1000))
            for row in page {
                counts[row.workflow + "\u{0}" + row.stage, default: OpenCaseCount(workflow: row.workflow, stage: row.stage, count: 0)]
                    .count += 1
            }
            guard page.count == 1000 else { break }
            after = page.last?.id
        }
        return counts.values.sorted { ($0.workflow, $0.stage) < ($1.workflow, $1.stage) }
    }
}

public struct StoredDefinition: Sendable, Equatable {
    public var hash: String
    public var kind: String
    public var id: String
    public var version: Int?
    public var source: String

    public init(hash: String, kind: String, id: String, version: Int?, source: String) {
        self.hash = hash
        self.kind = kind
        self.id = id
        self.version = version
        self.source = source
    }
}

/// One command's effect on one case.
public struct CaseWrite: Sendable {
    public var caseID: String
    public var expectedVersion: Int
    public var events: [CaseEvent]
    public var snapshot: StoredCase
    /// Stored with the write, in the same transaction, when the request carried a key.
    public var idempotency: StoredResponse?
    /// The outbox entries these events cause (webhooks, email), written in the same transaction.
    public var deliveries: [NewDelivery]
    /// The inbox notifications these events cause, written in the same transaction.
    public var notifications: [NewNotification]

    public init(caseID: String, expectedVersion: Int, events: [CaseEvent], snapshot: StoredCase, idempotency: StoredResponse? = nil,
                deliveries: [NewDelivery] = [], notifications: [NewNotification] = []) {
        self.caseID = caseID
        self.expectedVersion = expectedVersion
        self.events = events
        self.snapshot = snapshot
        self.idempotency = idempotency
        self.deliveries = deliveries
        self.notifications = notifications
    }
}

/// A case as stored: the columns lists filter on, and the whole state for fast restarts.
public struct StoredCase: Sendable {
    public var id: String
    public var workflow: String
    public var workflowVersion: Int
    public var stage: String
    public var status: String
    public var role: String?
    public var breached: Bool
    /// The number of events: the case's version for `If-Match`.
    public var version: Int
    public var nextDue: Instant?
    public var updatedAt: Instant
    /// `CaseState` as canonical JSON (see `StateCodec`).
    public var state: String
    /// The workflow's `search:` fields and their values, indexed for equality search.
    public var search: [String: String] = [:]
    /// The case's workflow declares `search:` fields: a write replaces the indexed values with
    /// `search` even when it is empty (every field cleared). Without, an empty `search` leaves
    /// the index alone.
    public var hasSearchFields = false

    /// Whether a write of this case replaces its indexed search values.
    public var replacesSearch: Bool { hasSearchFields || !search.isEmpty }

    public init(id: String, workflow: String, workflowVersion: Int, stage: String, status: String, role: String?,
                breached: Bool, version: Int, nextDue: Instant?, updatedAt: Instant, state: String) {
        self.id = id
        self.workflow = workflow
        self.workflowVersion = workflowVersion
        self.stage = stage
        self.status = status
        self.role = role
        self.breached = breached
        self.version = version
        self.nextDue = nextDue
        self.updatedAt = updatedAt
        self.state = state
    }
}

/// An event as stored: its canonical JSON and its place in the case's chain.
public struct StoredEvent: Sendable, Equatable {
    public var caseID: String
    public var sequence: Int
    public var at: Instant
    public var type: String
    /// The canonical JSON of the whole event (see `EventCodec`).
    public var body: String
    /// SHA-256 (hex) of the previous event of the case; 64 zeros for the first.
    public var previousHash: String
    /// SHA-256 (hex) over `previousHash` and `body` (see `HashChain`).
    public var hash: String

    public init(caseID: String, sequence: Int, at: Instant, type: String, body: String, previousHash: String, hash: String) {
        self.caseID = caseID
        self.sequence = sequence
        self.at = at
        self.type = type
        self.body = body
        self.previousHash = previousHash
        self.hash = hash
    }
}

public struct CaseQuery: Sendable {
    public var workflow: String?
    public var stage: String?
    public var status: String?
    public var role: String?
    public var breached: Bool?
    /// Equality on `search:` fields: every pair must hold.
    public var data: [(field: String, value: String)] = []
    /// Only cases of these workflows (those the caller may read), when given.
    public var workflows: [String]?
    public var after: String?
    public var limit: Int

    public init(workflow: String? = nil, stage: String? = nil, status: String? = nil, role: String? = nil,
                breached: Bool? = nil, after: String? = nil, limit: Int = 100) {
        self.workflow = workflow
        self.stage = stage
        self.status = status
        self.role = role
        self.breached = breached
        self.after = after
        self.limit = limit
    }
}

/// The first answer to an idempotent request: replayed as it was.
public struct StoredResponse: Sendable, Equatable {
    public var key: String
    /// Who sent it and what, so a key reused for another request is refused.
    public var fingerprint: String
    public var status: Int
    public var body: String

    public init(key: String, fingerprint: String, status: Int, body: String) {
        self.key = key
        self.fingerprint = fingerprint
        self.status = status
        self.body = body
    }
}

public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Someone else wrote the case first: its version is now `actual`.
    case staleVersion(caseID: String, expected: Int, actual: Int)
    case corrupt(String)
    case unavailable(String)
    /// Another request already committed with this idempotency key; nothing of this write was kept.
    case idempotencyKeyTaken(String)
    /// The write does not continue the case: its events must be numbered from `expectedVersion + 1`.
    case invalidWrite(String)

    public var description: String {
        switch self {
        case .staleVersion(let id, let expected, let actual):
            return "case \(id) is at version \(actual), not \(expected)"
        case .corrupt(let m): return "store is corrupt: \(m)"
        case .unavailable(let m): return "store is unavailable: \(m)"
        case .idempotencyKeyTaken(let key): return "idempotency key \(key) was already used by another request"
        case .invalidWrite(let m): return "invalid write: \(m)"
        }
    }
}
