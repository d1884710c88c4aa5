import Foundation

/// The RFC 5322 / MIME text of an `EmailMessage`: headers, then a `multipart/alternative` body
/// with a text/plain and a text/html part, each UTF-8 in base64. The result is 7-bit ASCII with
/// CRLF line endings, so it passes any relay unchanged. Pure: date and boundary come in.
struct MIMEMessage {
    var from: String
    var message: EmailMessage
    var date: Date
    var boundary: String

    /// Headers the client writes itself; `extraHeaders` may not name them.
    static let reservedHeaders: Set<String> = [
        "from", "to", "cc", "bcc", "subject", "date", "message-id", "mime-version", "content-type",
        "content-transfer-encoding", "sender",
    ]

    /// A boundary that cannot occur in base64 text (`_` is not in its alphabet).
    static func randomBoundary() -> String {
        var generator = SystemRandomNumberGenerator()
        let hex = (0..<2).map { _ in
            let digits = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
        return "=_caseflow_" + hex.joined()
    }

    /// Checks every address and header, then renders; throws `SMTPError` (permanent) for a
    /// message that cannot be sent as it is, such as a CR or LF in a header.
    func render() throws -> String {
        try MailAddress.validate(from, role: "from address")
        guard !message.to.isEmpty else { throw SMTPError.invalidMessage("the message has no recipients") }
        for address in message.to { try MailAddress.validate(address, role: "recipient") }
        try MIMEHeader.requireSingleLine(message.subject, name: "Subject")
        try MailAddress.validateMessageID(message.messageID)

        var headers: [String] = [
            "From: \(from)",
            MIMEHeader.addressList("To", message.to),
            MIMEHeader.unstructured("Subject", message.subject),
            "Date: \(MIMEHeader.date(date))",
            "Message-ID: <\(message.messageID)@\(MailAddress.domain(of: from))>",
            "MIME-Version: 1.0",
        ]
        var hasAutoSubmitted = false
        for (name, value) in message.extraHeaders.sorted(by: { $0.key.lowercased() < $1.key.lowercased() }) {
            try MIMEHeader.validateName(name)
            guard !Self.reservedHeaders.contains(name.lowercased()) else {
                throw SMTPError.invalidMessage("extra header '\(name)' would replace a header the client writes")
            }
            try MIMEHeader.requireSingleLine(value, name: name)
            hasAutoSubmitted = hasAutoSubmitted || name.lowercased() == "auto-submitted"
            headers.append(MIMEHeader.unstructured(name, value))
        }
        // RFC 3834: a machine wrote this, so vacation responders do not answer it.
        if !hasAutoSubmitted { headers.append("Auto-Submitted: auto-generated") }
        headers.append("Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"")

        var lines = headers
        lines.append("")
        lines.append("This is a multi-part message in MIME format.")
        for (type, content) in [("text/plain", message.text), ("text/html", message.html)] {
            lines.append("--\(boundary)")
            lines.append("Content-Type: \(type); charset=utf-8")
            lines.append("Content-Transfer-Encoding: base64")
            lines.append("")
            lines.append(Self.base64Lines(content))
        }
        lines.append("--\(boundary)--")
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// UTF-8 in base64, 76 characters a line; the text's line breaks become CRLF first (the
    /// canonical form of text/* in MIME).
    static func base64Lines(_ text: String) -> String {
        let canonical = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .replacingOccurrences(of: "\n", with: "\r\n")
        return Data(canonical.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
    }
}
