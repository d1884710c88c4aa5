import Crypto
import Foundation

/// The Ed25519 key that signs checkpoints: a file holding the private key in base64, made with
/// owner-only permissions on first use. The public key (base64 of its 32 bytes) is what
/// auditors are given.
public struct AuditKey: Sendable {
    /// The private key's 32 bytes (the key type itself is not `Sendable`).
    let raw: Data

    init(privateKey: Curve25519.Signing.PrivateKey) { raw = privateKey.rawRepresentation }

    public var privateKey: Curve25519.Signing.PrivateKey {
        // The bytes came from a valid key.
        try! Curve25519.Signing.PrivateKey(rawRepresentation: raw)
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public var publicKeyText: String { privateKey.publicKey.rawRepresentation.base64EncodedString() }

    /// Reads the key file, or makes it (and its folder) when it does not exist.
    public static func loadOrCreate(path: String) throws -> (key: AuditKey, created: Bool) {
        if FileManager.default.fileExists(atPath: path) { return (try load(path: path), false) }
        let key = Curve25519.Signing.PrivateKey()
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty { try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        let text = "caseflow-audit-key-ed25519 " + key.rawRepresentation.base64EncodedString() + "\n"
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw Failure(description: "cannot write the audit key to \(path)")
        }
        return (AuditKey(privateKey: key), true)
    }

    public static func load(path: String) throws -> AuditKey {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw Failure(description: "cannot read the audit key \(path)")
        }
        let words = text.split(whereSeparator: \.isWhitespace)
        guard words.count == 2, words[0] == "caseflow-audit-key-ed25519", let raw = Data(base64Encoded: String(words[1])),
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) else {
            throw Failure(description: "\(path) is not a caseflow audit key")
        }
        return AuditKey(privateKey: key)
    }

    /// A public key given on the command line: base64 of 32 bytes, or a file holding that.
    public static func publicKey(_ text: String) throws -> Curve25519.Signing.PublicKey {
        var candidate = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if FileManager.default.fileExists(atPath: candidate), let data = FileManager.default.contents(atPath: candidate),
           let fileText = String(data: data, encoding: .utf8) {
            candidate = fileText.split(whereSeparator: \.isWhitespace).last.map(String.init) ?? ""
        }
        guard let raw = Data(base64Encoded: candidate), let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else {
            throw Failure(description: "the public key must be the base64 text `caseflow audit key` prints (or a file holding it)")
        }
        return key
    }
}

/// The auditors' key: what `--public-key` reads.
public typealias AuditPublicKey = Curve25519.Signing.PublicKey
