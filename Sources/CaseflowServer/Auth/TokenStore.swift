import CaseflowStore
import Crypto
import Foundation

/// Bearer tokens: the file keeps SHA-256 hashes of tokens (never the tokens) with the person
/// each one acts as, one per line: `HASH PERSON`. Lines starting with `#` are comments.
public struct TokenStore: Sendable {
    private let entries: [(hash: [UInt8], person: String)]

    public init(entries: [(hash: [UInt8], person: String)]) { self.entries = entries }

    public static func load(path: String) throws -> TokenStore {
        guard FileManager.default.fileExists(atPath: path) else { return TokenStore(entries: []) }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var entries: [(hash: [UInt8], person: String)] = []
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let parts = trimmed.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2, let hash = Hex.decode(String(parts[0])), hash.count == 32 else {
                throw TokenFileError(message: "\(path):\(n + 1): expected 'SHA256-HEX PERSON'")
            }
            entries.append((hash, String(parts[1])))
        }
        return TokenStore(entries: entries)
    }

    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }

    /// The person a token acts as. Every stored hash is compared, in constant time each.
    public func person(for token: String) -> String? {
        let digest = Array(SHA256.hash(data: Data(token.utf8)))
        var found: String?
        for entry in entries {
            var difference: UInt8 = 0
            for i in 0..<32 { difference |= entry.hash[i] ^ digest[i] }
            if difference == 0 { found = entry.person }
        }
        return found
    }

    /// A new random token and the line that records its hash.
    public static func issue(for person: String) -> (token: String, line: String) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let token = "cf_" + Hex.encode(bytes)
        let hash = Hex.sha256(token)
        return (token, "\(hash) \(person)")
    }
}

public struct TokenFileError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
