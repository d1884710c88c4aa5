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
        var reported: Set<String> = []
        for caseID in order {
            report.casesChecked += 1
            let covered = expected[caseID] ?? [:]
            let events = try await store.events(caseID: caseID)
            let before = report.problems.count
            defer { if report.problems.count > before { reported.insert(caseID) } }
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
        try await checkWholeLedger(from: checkpoint.size, ledgerSize: size, covered: expected, reported: reported, into: &report)
        return report
    }

    /// What a checkpoint alone does not cover, checked against the ledger as it stands: every
    /// event in the store is in the ledger with its hash (each is recorded there in the same
    /// transaction as it is written, so one that is not was written around the daemon: a case
    /// made up in the database, or events added after the checkpoint); every case with events in
    /// the ledger still has its case row (one deleted is hidden from lists, queues and search);
    /// and every checkpoint the database holds that this key signed still matches the ledger (a
    /// rewrite signed over later, once the stored tree was replaced, contradicts the earlier one).
    private func checkWholeLedger(from coveredSize: Int, ledgerSize size: Int, covered: [String: [Int: String]], reported: Set<String>,
                                  into report: inout Report) async throws {
        var recorded = covered
        var full = MerkleFrontier()
        var rootAt: [Int: String] = [:]
        var stored: [Checkpoint] = []
        var before: Int?
        while true {  // every checkpoint the database holds, newest first, a page at a time
            let page = try await store.checkpoints(before: before, limit: 1_000)
            stored += page.compactMap { try? Checkpoint(json: $0.body) }.filter { $0.isSigned(by: publicKey) }
            guard page.count == 1_000, let last = page.last else { break }
            before = last.size
        }
        let sizes = Set(stored.map(\.size))
        if sizes.contains(0) { rootAt[0] = Hex.encode(full.root) }
        var nextIndex = 0
        var gap: Int?
        try await LedgerReader.forEach(store, upTo: size) { leaf in
            guard leaf.index == nextIndex else {  // entries missing: the tree cannot be read on past them
                if gap == nil { gap = nextIndex }
                return
            }
            nextIndex += 1
            full.append(MerkleTree.leafHash(leaf))
            if sizes.contains(full.size) { rootAt[full.size] = Hex.encode(full.root) }
            if leaf.index >= coveredSize { recorded[leaf.caseID, default: [:]][leaf.sequence] = leaf.eventHash }
        }
        if let gap, gap >= coveredSize {
            report.problems.append("ledger entry \(gap + 1) is missing: the entries after it were read no further "
                                   + "(the ledger has no gaps unless one was deleted)")
        }
        for c in stored.sorted(by: { $0.size < $1.size }) {
            guard let root = rootAt[c.size] else {
                if gap == nil, c.size > full.size {
                    report.problems.append("the database holds a checkpoint of \(c.size) entries this key signed, but the ledger has "
                                           + "\(full.size): entries were removed")
                    break
                }
                continue
            }
            if root != c.root {
                report.problems.append("the checkpoint of \(c.size) entries the database holds (signed \(InstantText.format(c.signedAt))) no "
                                       + "longer matches the ledger's first \(c.size) entries: the ledger was changed after it was signed")
                break
            }
        }
        let rows = Set(try await store.caseIDs())
        for caseID in recorded.keys.sorted() where !rows.contains(caseID) && !reported.contains(caseID) {
            report.problems.append("case \(caseID): has events in the ledger but no case row: it is hidden from lists, queues and search "
                                   + "(caseflow verify \(caseID) names what is missing)")
        }
        var absentByCase: [(caseID: String, events: [StoredEvent])] = []
        for caseID in rows.sorted() where !reported.contains(caseID) {
            let events = try await store.events(caseID: caseID)
            if events.contains(where: { recorded[caseID]?[$0.sequence] == nil }) {
                absentByCase.append((caseID, events))
            } else if let changed = events.first(where: { recorded[caseID]?[$0.sequence] != $0.hash }) {
                report.problems.append("case \(caseID): event \(changed.sequence) no longer has the hash the ledger records: rewritten")
            }
        }
        guard !absentByCase.isEmpty, gap == nil else { return }  // past a gap, the entries were not all read
        // A daemon writing meanwhile appends to the ledger what it writes: entries added since the
        // ledger was read are read before anything is called missing.
        try await LedgerReader.forEach(store, from: size, upTo: try await store.ledgerSize()) { leaf in
            recorded[leaf.caseID, default: [:]][leaf.sequence] = leaf.eventHash
        }
        for (caseID, events) in absentByCase {
            let absent = events.filter { recorded[caseID]?[$0.sequence] == nil }.map(\.sequence)
            guard let first = absent.first else { continue }
            report.problems.append("case \(caseID): event\(absent.count == 1 ? "" : "s") \(first)"
                                   + (absent.count > 1 ? "–\(absent[absent.count - 1])" : "")
                                   + " \(absent.count == 1 ? "is" : "are") not in the ledger: every event the daemon writes is recorded "
                                   + "there as it is written, so \(absent.count == 1 ? "it was" : "they were") written around it")
        }
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
