import CaseflowEngine
import CaseflowModel

/// A write with its events already in canonical JSON, so the encoding happens in the caller's
/// task, not in the writer's transaction. When the caller knows the hash the case's history ends
/// with (a store remembers the heads it wrote), the events are chained and hashed here too, and
/// the writer only checks that the case still ends there. Every store implementation writes
/// through it.
public struct PreparedWrite: Sendable {
    public let write: CaseWrite
    public let bodies: [String]
    /// The events chained after the hash the caller expected the case to end with.
    private let prechained: (previous: String, events: [StoredEvent])?

    public init(_ write: CaseWrite, after expectedHash: String? = nil) throws(StoreError) {
        for (i, e) in write.events.enumerated() where e.sequence != write.expectedVersion + i + 1 {
            throw StoreError.invalidWrite("case \(write.caseID): event \(i + 1) of the write has sequence \(e.sequence), "
                                          + "expected \(write.expectedVersion + i + 1)")
        }
        guard write.snapshot.id == write.caseID else {
            throw StoreError.invalidWrite("case \(write.caseID): the snapshot is of case \(write.snapshot.id)")
        }
        self.write = write
        let bodies = write.events.map { EventCodec.encode($0, caseID: write.caseID) }
        self.bodies = bodies
        prechained = expectedHash.map { ($0, Self.chain(write, bodies, after: $0)) }
    }

    public var caseID: String { write.caseID }

    /// The events chained after the case's last hash as the store has it.
    public func chained(after previousHash: String) -> [StoredEvent] {
        if let prechained, prechained.previous == previousHash { return prechained.events }
        return Self.chain(write, bodies, after: previousHash)
    }

    private static func chain(_ write: CaseWrite, _ bodies: [String], after previousHash: String) -> [StoredEvent] {
        var previous = previousHash
        var out: [StoredEvent] = []
        out.reserveCapacity(bodies.count)
        for (e, body) in zip(write.events, bodies) {
            let hash = HashChain.hash(previous: previous, body: body)
            out.append(StoredEvent(caseID: write.caseID, sequence: e.sequence, at: e.at, type: e.kind.name, body: body,
                                   previousHash: previous, hash: hash))
            previous = hash
        }
        return out
    }
}
