/// Boolean query parameters: `true` or `false`, nothing else.
enum QueryFlag {
    static func bool(_ raw: String?, _ name: String) throws -> Bool? {
        switch raw {
        case nil: return nil
        case "true": return true
        case "false": return false
        case let other?: throw APIError.badRequest("\(name) must be true or false, not '\(other.prefix(40))'")
        }
    }
}
