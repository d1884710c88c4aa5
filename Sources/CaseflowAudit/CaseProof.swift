import CaseflowRules
import CaseflowStore
import Crypto

/// One case's events with what is needed to check them offline against a signed checkpoint:
/// each event's body (its hash is recomputed), its place in the ledger and its Merkle audit path.
public struct CaseProof: Sendable {
    public struct Entry: Sendable {
        public var sequence: Int
        public var body: String
        public var previousHash: String
        public var hash: String
        public var ledgerIndex: Int
        public var path: [String]
    }

    public var caseID: String
    public var checkpoint: Checkpoint
    public var entries: [Entry]

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Builds the proof of `caseID` against `checkpoint` (the ledger is read up to its size).
    public static func make(caseID: String, checkpoint: Checkpoint, store: any CaseStore) async throws -> CaseProof {
        var hashes: [MerkleTree.Hash] = []
        hashes.reserveCapacity(checkpoint.size)
        var places: [Int: Int] = [:]
        try await LedgerReader.forEach(store, upTo: checkpoint.size) { leaf in
            if leaf.caseID == caseID { places[leaf.sequence] = leaf.index }
            hashes.append(MerkleTree.leafHash(leaf))
        }
        guard hashes.count == checkpoint.size else {
            throw Failure(description: "the ledger holds \(hashes.count) entries, fewer than the checkpoint's \(checkpoint.size)")
        }
        guard Hex.encode(MerkleTree.root(hashes[...])) == checkpoint.root else {
            throw Failure(description: "the ledger does not match the checkpoint's root; run caseflow verify --checkpoint")
        }
        let events = try await store.events(caseID: caseID)
        var entries: [Entry] = []
        for e in events {
            guard let index = places[e.sequence] else { continue }  // written after the checkpoint
            entries.append(Entry(sequence: e.sequence, body: e.body, previousHash: e.previousHash, hash: e.hash, ledgerIndex: index,
                                 path: MerkleTree.inclusionProof(index: index, leaves: hashes[...]).map(Hex.encode)))
        }
        guard !entries.isEmpty else {
            throw Failure(description: "case \(caseID) has no event covered by the checkpoint of \(checkpoint.size) entries")
        }
        return CaseProof(caseID: caseID, checkpoint: checkpoint, entries: entries)
    }

    /// Checks the proof with nothing but the public key: signature, each event's hash from its
    /// body, the chain, and each event's path to the signed root. Problems, empty when it holds.
    public func verify(with key: Curve25519.Signing.PublicKey) -> [String] {
        var problems: [String] = []
        if !checkpoint.isSigned(by: key) { problems.append("the checkpoint's signature does not verify with the given public key") }
        if entries.isEmpty { problems.append("the proof holds no events of case \(caseID): it proves nothing") }
        var previous = HashChain.genesis
        for (i, e) in entries.enumerated() {
            if e.sequence != i + 1 { problems.append("event \(i + 1) is missing from the proof"); break }
            if e.previousHash != previous { problems.append("event \(e.sequence): does not link to event \(e.sequence - 1)") }
            let recomputed = HashChain.hash(previous: e.previousHash, body: e.body)
            if recomputed != e.hash { problems.append("event \(e.sequence): its body does not hash to \(e.hash)") }
            let leaf = MerkleTree.leafHash(caseID: caseID, sequence: e.sequence, eventHash: recomputed)
            let path = e.path.compactMap(Hex.decode)
            let root = path.count == e.path.count
                ? MerkleTree.rootFromProof(leaf: leaf, index: e.ledgerIndex, size: checkpoint.size, path: path) : nil
            if root.map(Hex.encode) != checkpoint.root {
                problems.append("event \(e.sequence): not included in the signed ledger (its audit path does not lead to the root)")
            }
            previous = e.hash
        }
        return problems
    }

    public var json: String {
        func entry(_ e: Entry) -> Value {
            .map(MapValue(uniqueKeys: [
                (.string("seq"), .int(Int64(e.sequence))), (.string("ledger_index"), .int(Int64(e.ledgerIndex))),
                (.string("prev_hash"), .string(e.previousHash)), (.string("hash"), .string(e.hash)),
                (.string("body"), .string(e.body)), (.string("path"), .list(e.path.map(Value.string))),
            ]))
        }
        let checkpointValue = (try? JSONParser.parse(checkpoint.json).get()) ?? .null
        return JSONPrinter.print(.map(MapValue(uniqueKeys: [
            (.string("kind"), .string("caseflow-case-proof")), (.string("case"), .string(caseID)),
            (.string("checkpoint"), checkpointValue), (.string("events"), .list(entries.map(entry))),
        ])))
    }

    public init(caseID: String, checkpoint: Checkpoint, entries: [Entry]) {
        self.caseID = caseID
        self.checkpoint = checkpoint
        self.entries = entries
    }

    public init(json text: String) throws {
        // Strict: a key given twice (two "case" values, two event lists) is not a proof an
        // auditor can read one way only.
        let parsed = JSONParser.parse(text, strict: true)
        if case .failure(let f) = parsed { throw Failure(description: "not a caseflow case proof: malformed JSON: \(f.description)") }
        guard case .success(.map(let m)) = parsed, case .string("caseflow-case-proof")? = m[string: "kind"],
              case .string(let caseID)? = m[string: "case"], let cp = m[string: "checkpoint"],
              case .list(let items)? = m[string: "events"] else {
            throw Failure(description: "not a caseflow case proof (expected what caseflow export --proof writes)")
        }
        let checkpoint = try Checkpoint(json: JSONPrinter.print(cp))
        var entries: [Entry] = []
        for item in items {
            guard case .map(let e) = item, case .int(let seq)? = e[string: "seq"], case .int(let index)? = e[string: "ledger_index"],
                  case .string(let prev)? = e[string: "prev_hash"], case .string(let hash)? = e[string: "hash"],
                  case .string(let body)? = e[string: "body"], case .list(let path)? = e[string: "path"] else {
                throw Failure(description: "a proof entry is incomplete")
            }
            entries.append(Entry(sequence: Int(seq), body: body, previousHash: prev, hash: hash, ledgerIndex: Int(index),
                                 path: path.compactMap { if case .string(let s) = $0 { return s } else { return nil } }))
        }
        self.init(caseID: caseID, checkpoint: checkpoint, entries: entries)
    }
}
