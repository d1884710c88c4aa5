import CaseflowStore
import Crypto

/// The ledger as a Merkle tree in the form of RFC 6962 (Certificate Transparency): a leaf is
/// SHA-256(0x00 ‖ entry), an inner node SHA-256(0x01 ‖ left ‖ right), and a tree of n leaves
/// splits at the largest power of two below n. Hashes are raw 32-byte values.
public enum MerkleTree {
    public typealias Hash = [UInt8]

    /// The entry a ledger leaf commits to: case, sequence and event hash, one per line.
    public static func leafHash(_ leaf: LedgerLeaf) -> Hash {
        leafHash(caseID: leaf.caseID, sequence: leaf.sequence, eventHash: leaf.eventHash)
    }

    public static func leafHash(caseID: String, sequence: Int, eventHash: String) -> Hash {
        var h = SHA256()
        h.update(data: [0x00])
        h.update(data: Array("\(caseID)\n\(sequence)\n\(eventHash)".utf8))
        return Array(h.finalize())
    }

    public static func nodeHash(_ left: Hash, _ right: Hash) -> Hash {
        var h = SHA256()
        h.update(data: [0x01])
        h.update(data: left)
        h.update(data: right)
        return Array(h.finalize())
    }

    /// The hash of the empty tree.
    public static let empty: Hash = Array(SHA256.hash(data: [UInt8]()))

    /// The root over leaf hashes (recursively split as RFC 6962 says).
    public static func root(_ leaves: ArraySlice<Hash>) -> Hash {
        switch leaves.count {
        case 0: return empty
        case 1: return leaves.first!
        default:
            let k = largestPowerOfTwo(below: leaves.count)
            let mid = leaves.startIndex + k
            return nodeHash(root(leaves[leaves.startIndex..<mid]), root(leaves[mid...]))
        }
    }

    static func largestPowerOfTwo(below n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    /// The audit path of leaf `index` in the tree of all `leaves` (RFC 6962 PATH), bottom first.
    public static func inclusionProof(index: Int, leaves: ArraySlice<Hash>) -> [Hash] {
        guard leaves.count > 1 else { return [] }
        let k = largestPowerOfTwo(below: leaves.count)
        let mid = leaves.startIndex + k
        if index < k {
            return inclusionProof(index: index, leaves: leaves[leaves.startIndex..<mid]) + [root(leaves[mid...])]
        }
        return inclusionProof(index: index - k, leaves: leaves[mid...]) + [root(leaves[leaves.startIndex..<mid])]
    }

    /// Recomputes the root from a leaf and its audit path (RFC 9162, 2.1.3.2).
    public static func rootFromProof(leaf: Hash, index: Int, size: Int, path: [Hash]) -> Hash? {
        guard index >= 0, index < size else { return nil }
        var fn = index, sn = size - 1
        var r = leaf
        for p in path {
            if sn == 0 { return nil }
            if fn & 1 == 1 || fn == sn {
                r = nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
                }
            } else {
                r = nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 ? r : nil
    }
}

/// The tree kept as the roots of its perfect subtrees, largest first: appending a leaf costs a
/// few hashes, and the root is their fold from the right. A checkpoint stores it so the next one
/// reads only the leaves added since.
public struct MerkleFrontier: Sendable, Equatable {
    public private(set) var size = 0
    /// (height, hash) of each perfect subtree, largest first.
    private var subtrees: [(height: Int, hash: MerkleTree.Hash)] = []

    public init() {}

    public static func == (a: MerkleFrontier, b: MerkleFrontier) -> Bool {
        a.size == b.size && a.subtrees.map(\.hash) == b.subtrees.map(\.hash)
    }

    public mutating func append(_ leaf: MerkleTree.Hash) {
        var node = (height: 0, hash: leaf)
        while let last = subtrees.last, last.height == node.height {
            subtrees.removeLast()
            node = (node.height + 1, MerkleTree.nodeHash(last.hash, node.hash))
        }
        subtrees.append(node)
        size += 1
    }

    public var root: MerkleTree.Hash {
        guard var r = subtrees.last?.hash else { return MerkleTree.empty }
        for s in subtrees.dropLast().reversed() { r = MerkleTree.nodeHash(s.hash, r) }
        return r
    }

    /// `size:height:hex,height:hex,…`
    public var text: String {
        "\(size):" + subtrees.map { "\($0.height)/\(Hex.encode($0.hash))" }.joined(separator: ",")
    }

    public init?(text: String) {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let size = Int(parts[0]) else { return nil }
        var subtrees: [(height: Int, hash: MerkleTree.Hash)] = []
        for item in parts[1].split(separator: ",") {
            let hp = item.split(separator: "/")
            guard hp.count == 2, let h = Int(hp[0]), let hash = Hex.decode(String(hp[1])), hash.count == 32 else { return nil }
            subtrees.append((h, hash))
        }
        guard subtrees.reduce(0, { $0 + (1 << $1.height) }) == size else { return nil }
        self.size = size
        self.subtrees = subtrees
    }
}
