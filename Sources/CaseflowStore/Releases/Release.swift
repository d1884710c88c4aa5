import CaseflowModel
import CaseflowRules

/// One activation of the definition set that differed from the one before: every source file
/// (workflows and policies) with its content hash, who or what activated it, and when.
public struct Release: Sendable, Equatable {
    public struct File: Sendable, Equatable {
        public var path: String
        /// SHA-256 (hex) of the file's text; the text is stored once per hash.
        public var hash: String

        public init(path: String, hash: String) {
            self.path = path
            self.hash = hash
        }
    }

    /// 1, 2, 3… in activation order.
    public var number: Int
    public var activatedAt: Instant
    /// `start`, `SIGHUP`, or the admin who asked for the reload.
    public var activatedBy: String
    /// SHA-256 over the sorted paths and hashes: equal sets have equal digests.
    public var digest: String
    public var files: [File]

    public init(number: Int, activatedAt: Instant, activatedBy: String, digest: String, files: [File]) {
        self.number = number
        self.activatedAt = activatedAt
        self.activatedBy = activatedBy
        self.digest = digest
        self.files = files
    }

    public static func digest(of files: [File]) -> String {
        Hex.sha256(files.sorted { $0.path < $1.path }.map { "\($0.path)\n\($0.hash)\n" }.joined())
    }

    /// The files as stored in a release row (JSON list of {path, hash}).
    public var filesJSON: String {
        JSONPrinter.print(.list(files.map { .map(MapValue(uniqueKeys: [(.string("path"), .string($0.path)), (.string("hash"), .string($0.hash))])) }))
    }

    public static func files(fromJSON text: String) -> [File] {
        guard case .success(.list(let items)) = JSONParser.parse(text) else { return [] }
        return items.compactMap { item in
            guard case .map(let m) = item, case .string(let path)? = m[string: "path"], case .string(let hash)? = m[string: "hash"] else { return nil }
            return File(path: path, hash: hash)
        }
    }
}

/// A source file offered for a release.
public struct ReleaseSource: Sendable {
    public var path: String
    public var text: String

    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }

    public var hash: String { Hex.sha256(text) }
}
