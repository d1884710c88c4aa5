import CaseflowModel
import CaseflowStore
import Crypto
import Foundation

/// Bearer tokens: the file keeps SHA-256 hashes of tokens (never the tokens) with the person
/// each one acts as, one per line: `HASH PERSON [name=LABEL] [issued=SECONDS] [expires=SECONDS]`.
/// Lines starting with `#` are comments. A token's id is the first 12 hex digits of its hash:
/// it names the token in `token list` and `token revoke` and reveals nothing of it.
public struct TokenStore: Sendable {
    public struct Entry: Sendable, Equatable {
        public var hash: [UInt8]
        public var person: String
        public var name: String?
        public var issued: Instant?
        public var expires: Instant?

        public init(hash: [UInt8], person: String, name: String? = nil, issued: Instant? = nil, expires: Instant? = nil) {
            self.hash = hash
            self.person = person
            self.name = name
            self.issued = issued
            self.expires = expires
        }

        public var id: String { String(Hex.encode(hash).prefix(12)) }

        /// The line that records this entry in the token file.
        public var line: String {
            var parts = [Hex.encode(hash), person]
            if let name { parts.append("name=\(name)") }
            if let issued { parts.append("issued=\(issued.seconds)") }
            if let expires { parts.append("expires=\(expires.seconds)") }
            return parts.joined(separator: " ")
        }

        public func isExpired(at now: Instant) -> Bool { expires.map { now >= $0 } ?? false }
    }

    public let entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    public init(entries: [(hash: [UInt8], person: String)]) {
        self.entries = entries.map { Entry(hash: $0.hash, person: $0.person) }
    }

    public static func load(path: String) throws -> TokenStore {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return TokenStore(entries: [Entry]()) }
        if isFolder.boolValue { throw TokenFileError(message: "\(path) is a folder, not a token file") }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw TokenFileError(message: "cannot read the token file \(path) (is it text, and readable by this user?)")
        }
        var entries: [Entry] = []
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let parts = trimmed.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count >= 2, let hash = Hex.decode(String(parts[0])), hash.count == 32 else {
                throw TokenFileError(message: "\(path):\(n + 1): expected 'SHA256-HEX PERSON [name=LABEL] [expires=SECONDS]'")
            }
            var entry = Entry(hash: hash, person: String(parts[1]))
            for field in parts.dropFirst(2) {
                let kv = field.split(separator: "=", maxSplits: 1)
                guard kv.count == 2 else { throw TokenFileError(message: "\(path):\(n + 1): '\(field)' is not KEY=VALUE") }
                switch kv[0] {
                case "name": entry.name = String(kv[1])
                case "issued", "expires":
                    guard let seconds = Int64(kv[1]) else {
                        throw TokenFileError(message: "\(path):\(n + 1): \(kv[0]) must be seconds since 1970, not '\(kv[1])'")
                    }
                    if kv[0] == "issued" { entry.issued = Instant(seconds: seconds) } else { entry.expires = Instant(seconds: seconds) }
                default:
                    throw TokenFileError(message: "\(path):\(n + 1): unknown field '\(kv[0])'; a token line has name, issued and expires")
                }
            }
            entries.append(entry)
        }
        return TokenStore(entries: entries)
    }

    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }

    /// The token's entry: every stored hash is compared, in constant time each.
    public func entry(for token: String) -> Entry? {
        let digest = Array(SHA256.hash(data: Data(token.utf8)))
        var found: Entry?
        for entry in entries {
            var difference: UInt8 = 0
            for i in 0..<32 { difference |= entry.hash[i] ^ digest[i] }
            if difference == 0 { found = entry }
        }
        return found
    }

    /// Whether an entry with this id is still in the file (not revoked).
    public func contains(id: String) -> Bool { entries.contains { $0.id == id } }

    /// The person a token acts as, unless it has expired.
    public func person(for token: String, at now: Instant = WallClock.now()) -> String? {
        guard let e = entry(for: token), !e.isExpired(at: now) else { return nil }
        return e.person
    }

    /// A new random token and the entry that records its hash.
    public static func make(for person: String, name: String? = nil, issued: Instant? = nil, expires: Instant? = nil)
        -> (token: String, entry: Entry) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let token = "cf_" + Hex.encode(bytes)
        return (token, Entry(hash: Array(SHA256.hash(data: Data(token.utf8))), person: person, name: name, issued: issued,
                             expires: expires))
    }

    /// A new random token and the line that records its hash.
    public static func issue(for person: String) -> (token: String, line: String) {
        let (token, entry) = make(for: person)
        return (token, entry.line)
    }
}

public struct TokenFileError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
