import Crypto

/// The tamper-evident link between a case's events: each event's hash is SHA-256 over the
/// previous event's hash (64 zeros for the first), a newline, and the event's canonical JSON.
public enum HashChain {
    public static let genesis = String(repeating: "0", count: 64)

    public static func hash(previous: String, body: String) -> String {
        var hasher = SHA256()
        var previous = previous, body = body
        previous.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        withUnsafeBytes(of: UInt8(0x0A)) { hasher.update(bufferPointer: $0) }
        body.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        return Hex.encode(hasher.finalize())
    }

    /// Recomputes the chain of one case's events (in sequence order) and names the first that does not match.
    public static func verify(_ events: [StoredEvent]) -> VerifyResult {
        var previous = genesis
        for (i, e) in events.enumerated() {
            if e.sequence != i + 1 {
                return .broken(.init(caseID: e.caseID, sequence: e.sequence, problem: .sequence,
                                     expected: String(i + 1), found: String(e.sequence)))
            }
            if e.previousHash != previous {
                return .broken(.init(caseID: e.caseID, sequence: e.sequence, problem: .link, expected: previous, found: e.previousHash))
            }
            let recomputed = hash(previous: previous, body: e.body)
            if recomputed != e.hash {
                return .broken(.init(caseID: e.caseID, sequence: e.sequence, problem: .hash, expected: recomputed, found: e.hash))
            }
            previous = e.hash
        }
        return .intact(events: events.count, lastHash: previous)
    }

}
