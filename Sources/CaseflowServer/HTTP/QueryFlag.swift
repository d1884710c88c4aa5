/// Boolean query parameters: `true` or `false`, nothing else.
public enum QueryFlag {
    public static func bool(_ raw: String?, _ name: String) throws -> Bool? {
        switch raw {
        case nil: return nil
        case "true": return true
        case "false": return false
        case let other?: throw APIError.badRequest("\(name) must be true or false, not '\(other.prefix(40))'")
        }
    }

    /// The page sizes a list takes.
    static let limits = 1...1000

    /// A page size: 1 to 1,000, `standard` when not given.
    public static func limit(_ raw: Substring?, standard: Int = 100) throws -> Int {
        guard let raw else { return standard }
        guard let n = Int(raw), limits.contains(n) else { throw APIError.badRequest("limit must be 1 to 1000") }
        return n
    }
}
