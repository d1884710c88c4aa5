/// One lexical token with its range in Unicode scalar offsets.
struct Token: Sendable {
    enum Kind: Sendable, Equatable {
        case int(Int64)
        /// A decimal literal too large for Int64; valid only right after a unary minus.
        case bigInt(UInt64)
        case uint(UInt64)
        case double(Double)
        case string(String)
        case bytes([UInt8])
        case ident(String)
        case punct(String)
        case end
    }

    var kind: Kind
    var range: Range<Int>

    /// How a token is named in "expected X but found Y".
    var display: String {
        switch kind {
        case .int, .bigInt, .uint, .double: "number"
        case .string: "string"
        case .bytes: "bytes"
        case .ident(let s): "'\(s)'"
        case .punct(let s): "'\(s)'"
        case .end: "end of expression"
        }
    }

    func isPunct(_ p: String) -> Bool {
        if case .punct(let q) = kind { return p == q }
        return false
    }
}
