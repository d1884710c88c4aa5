import CaseflowModel

/// One entry of the database-wide ledger: an event's hash at its place in commit order. Every
/// committed batch appends the hashes of its new events; signed checkpoints cover a prefix.
public struct LedgerLeaf: Sendable, Equatable {
    /// 0, 1, 2… in commit order over every case.
    public var index: Int
    public var caseID: String
    public var sequence: Int
    /// The event's chain hash (hex).
    public var eventHash: String

    public init(index: Int, caseID: String, sequence: Int, eventHash: String) {
        self.index = index
        self.caseID = caseID
        self.sequence = sequence
        self.eventHash = eventHash
    }
}

/// A signed statement of the ledger's head, as the store keeps it (the JSON is what was signed
/// and published; `frontier` lets the next checkpoint extend the tree without reading it all).
public struct StoredCheckpoint: Sendable, Equatable {
    public var size: Int
    public var root: String
    public var signedAt: Instant
    /// The checkpoint as published (JSON, with its signature).
    public var body: String
    /// Roots of the perfect subtrees that make up the tree of `size` leaves, largest first (hex, comma-separated).
    public var frontier: String

    public init(size: Int, root: String, signedAt: Instant, body: String, frontier: String) {
        self.size = size
        self.root = root
        self.signedAt = signedAt
        self.body = body
        self.frontier = frontier
    }
}
