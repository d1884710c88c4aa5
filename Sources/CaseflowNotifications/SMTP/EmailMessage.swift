/// One notification mail: sent as `multipart/alternative` with a plain text and an HTML part.
public struct EmailMessage: Sendable, Equatable {
    public var to: [String]
    public var subject: String
    public var text: String
    public var html: String
    /// The left part of the Message-ID header, `<messageID@domain-of-from>`; the same notification
    /// sent twice keeps its id, so receivers can drop the duplicate. Letters, digits, `.` and
    /// ``!#$%&'*+-/=?^_`{|}~`` only, at most 200.
    public var messageID: String
    /// More headers (e.g. `Reply-To`, `X-Caseflow-Case`); a name can not replace a header the
    /// client writes itself (From, To, Subject, Date, Message-ID, MIME and Content headers).
    public var extraHeaders: [String: String]

    public init(
        to: [String], subject: String, text: String, html: String, messageID: String,
        extraHeaders: [String: String] = [:]
    ) {
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.messageID = messageID
        self.extraHeaders = extraHeaders
    }
}
