import CaseflowModel
import CaseflowRules
import CaseflowStore
import Crypto
import Foundation

/// A signed statement that the ledger held `size` events with Merkle root `root` at `signedAt`.
/// Published as one line of JSON; the signature covers the statement text (see `statement`).
public struct Checkpoint: Sendable, Equatable {
    public var size: Int
    /// Hex of the Merkle root over the first `size` ledger leaves.
    public var root: String
    public var signedAt: Instant
    /// Base64 of the signer's Ed25519 public key.
    public var key: String
    /// Base64 of the Ed25519 signature over `statement`.
    public var signature: String

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The exact text signed: a fixed header and the three values, one per line.
    public var statement: String {
        "caseflow-checkpoint-v1\n\(size)\n\(root)\n\(signedAt.millis)\n"
    }

    public static func sign(size: Int, root: MerkleTree.Hash, at: Instant, with key: AuditKey) throws -> Checkpoint {
        var c = Checkpoint(size: size, root: Hex.encode(root), signedAt: at, key: key.publicKeyText, signature: "")
        c.signature = try key.privateKey.signature(for: Data(c.statement.utf8)).base64EncodedString()
        return c
    }

    /// Whether the signature is the given key's over this statement.
    public func isSigned(by key: Curve25519.Signing.PublicKey) -> Bool {
        guard let sig = Data(base64Encoded: signature) else { return false }
        return key.isValidSignature(sig, for: Data(statement.utf8))
    }

    public var json: String {
        JSONPrinter.print(.map(MapValue(uniqueKeys: [
            (.string("kind"), .string("caseflow-checkpoint")),
            (.string("size"), .int(Int64(size))),
            (.string("root"), .string(root)),
            (.string("signed_at_ms"), .int(signedAt.millis)),
            (.string("key"), .string(key)),
            (.string("signature"), .string(signature)),
        ])))
    }

    public init(size: Int, root: String, signedAt: Instant, key: String, signature: String) {
        self.size = size
        self.root = root
        self.signedAt = signedAt
        self.key = key
        self.signature = signature
    }

    public init(json text: String) throws {
        let parsed = JSONParser.parse(text, strict: true)
        if case .failure(let f) = parsed { throw Failure(description: "not a caseflow checkpoint: malformed JSON: \(f.description)") }
        guard case .success(.map(let m)) = parsed,
              case .string("caseflow-checkpoint")? = m[string: "kind"],
              case .int(let size)? = m[string: "size"], case .string(let root)? = m[string: "root"],
              case .int(let at)? = m[string: "signed_at_ms"], case .string(let key)? = m[string: "key"],
              case .string(let sig)? = m[string: "signature"] else {
            throw Failure(description: "not a caseflow checkpoint (expected the JSON the daemon publishes)")
        }
        self.init(size: Int(size), root: root, signedAt: Instant(millis: at), key: key, signature: sig)
    }
}
