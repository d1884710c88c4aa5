import Foundation

/// Header lines: RFC 2047 encoded-words for text that is not short plain ASCII, folding,
/// RFC 5322 dates, and the checks that keep a value from starting a header of its own.
enum MIMEHeader {
    /// Refuses CR and LF (header injection) and other control characters.
    static func requireSingleLine(_ value: String, name: String) throws {
        if value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) {
            throw SMTPError.invalidMessage("the \(name) header may not contain a line break (CR or LF)")
        }
        if value.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" || $0.value == 0x7F }) {
            throw SMTPError.invalidMessage("the \(name) header may not contain control characters")
        }
    }

    /// A header name: printable ASCII without space or colon (RFC 5322 ftext).
    static func validateName(_ name: String) throws {
        guard !name.isEmpty, name.unicodeScalars.allSatisfy({ (33...126).contains($0.value) && $0 != ":" }) else {
            throw SMTPError.invalidMessage("'\(name.debugDescription)' is not a header name")
        }
    }

    /// `Name: value` as is when the value is short printable ASCII, else as UTF-8 encoded-words,
    /// one per folded line.
    static func unstructured(_ name: String, _ value: String) -> String {
        let prefix = "\(name): "
        let plain = value.unicodeScalars.allSatisfy { (32...126).contains($0.value) || $0 == "\t" }
        if plain && prefix.count + value.count <= 78 && !value.contains("=?") { return prefix + value }
        return prefix + encodedWords(value).joined(separator: "\r\n ")
    }

    /// `=?UTF-8?B?…?=` words of at most 64 characters, each holding whole Unicode scalars.
    static func encodedWords(_ value: String) -> [String] {
        let maxBytes = 39  // base64 of 39 bytes is 52 characters; with =?UTF-8?B? and ?= 64
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in value.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > maxBytes {
                words.append(encodedWord(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(encodedWord(chunk)) }
        return words
    }

    private static func encodedWord(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?\(Data(bytes).base64EncodedString())?="
    }

    /// `To: a@example.com, b@example.com`, one address a line once it grows past 78 characters.
    static func addressList(_ name: String, _ addresses: [String]) -> String {
        let line = "\(name): " + addresses.joined(separator: ", ")
        if line.count <= 78 { return line }
        return "\(name): " + addresses.joined(separator: ",\r\n ")
    }

    /// RFC 5322 date-time in UTC: `Tue, 01 Jul 2025 09:05:03 +0000`.
    static func date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int?) -> String { n.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        return "\(days[(c.weekday ?? 1) - 1]), \(two(c.day)) \(months[(c.month ?? 1) - 1]) \(c.year ?? 1970) "
            + "\(two(c.hour)):\(two(c.minute)):\(two(c.second)) +0000"
    }
}
