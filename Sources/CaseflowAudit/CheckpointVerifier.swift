import CaseflowStore
import Crypto

/// Checks a store against a signed checkpoint kept outside it: the signature, the ledger's
/// root at the checkpoint's size, and that every event the checkpoint covers is still there,
/// unchanged and chained. Names each case whose history lost or changed a covered event.
public struct CheckpointVerifier {
    public let store: any CaseStore
    public let publicKey: Curve25519.Signing.PublicKey

    public init(store: any CaseStore, publicKey: Curve25519.Signing.PublicKey) {
        self.store = store
        self.publicKey = publicKey
    }

    public struct Report: Sendable {
        /// Problems, each naming what is wrong; empty when every covered event is intact.
        public var problems: [String] = []
        public var casesChecked = 0
        public var eventsCovered = 0
        public var intact: Bool { problems.isEmpty }
    }

    public func verify(_ checkpoint: Checkpoint) async throws -> Report {
        var report = Report()
        guard checkpoint.isSigned(by: publicKey) else {
            report.problems.append("the checkpoint's signature does not verify with the given public key: it was not signed by that key, or it was altered")
            return report
        }
        let size = try await store.ledgerSize()
        if size < checkpoint.size {
            report.problems.append("the ledger holds \(size) entries, but the checkpoint covers \(checkpoint.size): entries were removed")
        }
        // Expected hashes of covered events, by case, from the ledger.
        var frontier = MerkleFrontier()
        var expected: [String: [Int: String]] = [:]
        var order: [String] = []
        var hashes: [MerkleTree.Hash] = []
        var gaps: [Int] = []
        var nextIndex = 0
        try await LedgerReader.forEach(store, upTo: checkpoint.size) { leaf in
            // Entries are numbered without gaps: a missing number is an entry deleted.
            if leaf.index > nextIndex, gaps.count < 20 { gaps += Array(nextIndex..<min(leaf.index, nextIndex + 20 - gaps.count)) }
            nextIndex = leaf.index + 1
            let h = MerkleTree.leafHash(leaf)
            frontier.append(h)
            hashes.append(h)
            if expected[leaf.caseID] == nil { order.append(leaf.caseID) }
            expected[leaf.caseID, default: [:]][leaf.sequence] = leaf.eventHash
        }
        report.eventsCovered = frontier.size
        if frontier.size < checkpoint.size, size >= checkpoint.size {
            report.problems.append("the ledger's first \(checkpoint.size) entries are \(frontier.size): entries were removed"
                                   + (gaps.isEmpty ? "" : " (entr\(gaps.count == 1 ? "y" : "ies") \(gaps.map { String($0 + 1) }.joined(separator: ", ")) "
                                      + "\(gaps.count == 1 ? "is" : "are") gone)"))
        }
        if frontier.size == checkpoint.size, Hex.encode(frontier.root) != checkpoint.root {
            report.problems.append("the ledger's first \(checkpoint.size) entries do not hash to the signed root: the ledger itself was rewritten"
                                   + (try await locateRewrite(hashes, upTo: checkpoint.size)))
        }
        for caseID in order {
            report.casesChecked += 1
            let covered = expected[caseID] ?? [:]
            let events = try await store.events(caseID: caseID)
            if events.isEmpty {
                report.problems.append("case \(caseID): deleted — its \(covered.count) event\(covered.count == 1 ? "" : "s") covered by the checkpoint are gone")
                continue
            }
            let bySeq = Dictionary(events.map { ($0.sequence, $0) }, uniquingKeysWith: { a, _ in a })
            let lastCovered = covered.keys.max() ?? 0
            let missing = covered.keys.filter { bySeq[$0] == nil }.sorted()
            if !missing.isEmpty {
                report.problems.append("case \(caseID): truncated — event\(missing.count == 1 ? "" : "s") "
                                       + "\(missing.map(String.init).joined(separator: ", ")) covered by the checkpoint "
                                       + "\(missing.count == 1 ? "is" : "are") gone (its history now ends at event \(events.count), the checkpoint saw \(lastCovered))")
                continue
            }
            let changed = covered.filter { bySeq[$0.key]?.hash != $0.value }.keys.sorted()
            if let first = changed.first {
                report.problems.append("case \(caseID): rewritten — event \(first) no longer has the hash the checkpoint covers "
                                       + "(checkpoint \(covered[first] ?? ""), now \(bySeq[first]?.hash ?? ""))"
                                       + (changed.count > 1 ? "; \(changed.count) covered events differ" : ""))
                continue
            }
            if case .broken(let b) = HashChain.verify(events) {
                report.problems.append("case \(caseID): \(b.description)")
            }
        }
        return report
    }

    /// When the ledger itself was rewritten: the earlier checkpoints the store holds whose
    /// signature verifies bound where, and the cases written in that range are named.
    private func locateRewrite(_ hashes: [MerkleTree.Hash], upTo size: Int) async throws -> String {
        let stored = try await store.checkpoints(before: size + 1, limit: 10_000)
            .compactMap { try? Checkpoint(json: $0.body) }
            .filter { $0.isSigned(by: publicKey) && $0.size <= hashes.count }
            .sorted { $0.size < $1.size }
        var good = 0
        var bad = size
        for c in stored {
            if Hex.encode(MerkleTree.root(hashes[0..<c.size])) == c.root { good = max(good, c.size) } else { bad = min(bad, c.size); break }
        }
        var cases: [String] = []
        try await LedgerReader.forEach(store, from: good, upTo: bad) { leaf in
            if !cases.contains(leaf.caseID), cases.count < 50 { cases.append(leaf.caseID) }
        }
        return "; the change lies between ledger entries \(good + 1) and \(bad) (bounded by earlier signed checkpoints), "
            + "written by case\(cases.count == 1 ? "" : "s") \(cases.joined(separator: ", "))"
    }
}
