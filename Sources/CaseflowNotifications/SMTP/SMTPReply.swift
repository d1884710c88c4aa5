/// One server reply: a three-digit code and its text lines (`250-first`, …, `250 last`).
struct SMTPReply: Sendable, Equatable {
    var code: Int
    var lines: [String]

    var isPositiveCompletion: Bool { (200..<300).contains(code) }
    var isPositiveIntermediate: Bool { (300..<400).contains(code) }
    var isPermanentFailure: Bool { (500..<600).contains(code) }

    /// The lines joined for messages, each cut short so a chatty server cannot flood a log.
    var text: String {
        lines.map { $0.count > 200 ? $0.prefix(200) + "…" : $0 }.joined(separator: " / ")
    }
}

/// Joins reply lines into replies (RFC 5321 §4.2): `ddd-text` continues, `ddd text` or a bare
/// `ddd` ends. Pure, fed one line at a time.
struct SMTPReplyParser {
    static let maxLines = 100

    enum Failure: Error, Equatable {
        case malformed(String)
        case codeChanged(expected: Int, got: Int)
        case tooManyLines
    }

    private var code: Int?
    private var lines: [String] = []

    /// True while a multi-line reply is half read.
    var isInsideReply: Bool { code != nil }

    /// The finished reply, or nil when more lines follow.
    mutating func feed(_ line: String) throws(Failure) -> SMTPReply? {
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, bytes[0..<3].allSatisfy({ (0x30...0x39).contains($0) }),
              (0x32...0x35).contains(bytes[0]),
              bytes.count == 3 || bytes[3] == UInt8(ascii: " ") || bytes[3] == UInt8(ascii: "-")
        else {
            throw .malformed(String(line.prefix(100)))
        }
        let lineCode = bytes[0..<3].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        if let code, code != lineCode { throw .codeChanged(expected: code, got: lineCode) }
        code = lineCode
        lines.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
        guard lines.count <= Self.maxLines else { throw .tooManyLines }
        if bytes.count > 3 && bytes[3] == UInt8(ascii: "-") { return nil }
        defer { code = nil; lines = [] }
        return SMTPReply(code: lineCode, lines: lines)
    }
}

/// What a server offers in its EHLO reply (the lines after the greeting).
struct SMTPCapabilities: Sendable, Equatable {
    var startTLS = false
    var authMechanisms: Set<String> = []
    var eightBitMIME = false
    /// The largest message the server takes, when it says (`SIZE n`, 0 meaning no limit).
    var maxSize: Int?

    init() {}

    init(ehlo reply: SMTPReply) {
        for line in reply.lines.dropFirst() {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "=" }).map { $0.uppercased() }
            guard let keyword = words.first else { continue }
            switch keyword {
            case "STARTTLS": startTLS = true
            case "AUTH": authMechanisms.formUnion(words.dropFirst())
            case "8BITMIME": eightBitMIME = true
            case "SIZE": maxSize = words.count > 1 ? Int(words[1]) : nil
            default: break
            }
        }
    }
}
