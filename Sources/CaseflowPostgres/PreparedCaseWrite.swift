import CaseflowEngine
import CaseflowStore

/// A write checked and encoded in the caller's task, so only the hashing waits for the
/// previous hash inside the transaction (as the SQLite store does).
struct PreparedCaseWrite: Sendable {
    let write: CaseWrite
    let bodies: [String]

    init(_ write: CaseWrite) throws(StoreError) {
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

    var caseID: String { write.caseID }

    func chained(after previousHash: String) -> [StoredEvent] {
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
