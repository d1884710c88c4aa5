import CaseflowModel

/// A bulk action over the cases a filter finds, as stored: what it does, how far it got.
public struct StoredBatch: Sendable, Equatable {
    public var id: String
    public var createdAt: Instant
    public var createdBy: String
    /// The request as JSON: `{"filter": {…}, "action": {…}}`.
    public var spec: String
    /// `running` or `done`.
    public var status: String
    public var done: Int
    public var refused: Int
    /// The last case visited (cases are visited in id order); nil before the first.
    public var cursor: String?
    public var updatedAt: Instant

    public init(id: String, createdAt: Instant, createdBy: String, spec: String, status: String, done: Int, refused: Int,
                cursor: String?, updatedAt: Instant) {
        self.id = id
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.spec = spec
        self.status = status
        self.done = done
        self.refused = refused
        self.cursor = cursor
        self.updatedAt = updatedAt
    }
}

/// What a batch did to one case.
public struct BatchResult: Sendable, Equatable {
    /// Recorded for each case of a page before the page is acted on.
    public static let pending = "pending"

    public var caseID: String
    /// `done`, `refused`, or `pending` while its page is acted on.
    public var outcome: String
    public var message: String?

    public init(caseID: String, outcome: String, message: String?) {
        self.caseID = caseID
        self.outcome = outcome
        self.message = message
    }
}

/// Where batches are kept.
public protocol BatchStore: Sendable {
    func saveBatch(_ batch: StoredBatch) async throws
    func batch(id: String) async throws -> StoredBatch?
    /// Batches newest first, in `status` when given; with `before`, those older than that batch
    /// (a page after the one that ended with it; an id no batch has gives none).
    func batches(status: String?, before: String?, limit: Int) async throws -> [StoredBatch]
    /// Records a page of results with the batch's new progress, in one transaction; a case
    /// already recorded for the batch keeps its first result, unless that was `pending` (written
    /// before the page was acted on, so a case is never forgotten by a resumed batch even when it
    /// no longer matches the filter). `done` and `refused` are counted
    /// from the recorded results and the cursor only moves forward, so several daemons running
    /// the same batch agree.
    func recordBatch(_ batch: StoredBatch, results: [BatchResult]) async throws
    /// Results in case id order after `after`.
    func batchResults(id: String, after: String?, limit: Int) async throws -> [BatchResult]
    /// Takes or renews the right to run a running batch until `until`: granted when no daemon
    /// holds it, its lease ran out before `now`, or `owner` holds it already. Several daemons on
    /// one database run each batch on one of them at a time.
    func leaseBatch(id: String, owner: String, until: Instant, now: Instant) async throws -> Bool
}

extension BatchStore {
    /// The newest batches, in `status` when given.
    public func batches(status: String?, limit: Int) async throws -> [StoredBatch] {
        try await batches(status: status, before: nil, limit: limit)
    }
}
