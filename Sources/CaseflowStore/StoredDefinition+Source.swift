import Crypto

extension StoredDefinition {
    /// A definition document keyed by the SHA-256 of its source text.
    public init(kind: String, id: String, version: Int?, source: String) {
        self.init(hash: Self.hash(of: source), kind: kind, id: id, version: version, source: source)
    }

    public static func hash(of source: String) -> String {
        Hex.sha256(source)
    }
}
