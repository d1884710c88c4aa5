import CaseflowEngine
import CaseflowModel

/// A write with its events already in canonical JSON, so the encoding happens in the caller's
/// task and only the hashing waits for the previous hash inside the transaction. Every store
/// implementation writes through it.
public struct PreparedWrite: Sendable {
    public let write: CaseWrite
    public let bodies: [String]

    public init(_ write: CaseWrite) throws(StoreError) {
        for (i, e) in write.events.enumerated() where e.sequence != write.expectedVersion + i + 1 {
            throw StoreError.invalidWrite("case \(write.caseID): event \(i + 1) of the write has sequence \(e.sequence), "
                                          + "expected \(write.expectedVersion + i + 1)")
        }
        guard write.snapshot.id == write.caseID else {
            throw StoreError.invalidWrite("case \(write.caseID): the snapshot is of case \(write.snapshot.id)")
        }
        self.write = write
        bodies = write.events.map { EventCodec.encode($0, caseID: write.caseID) }
    }

    public var caseID: String { write.caseID }

    public func chained(after previousHash: String) -> [StoredEvent] {
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
