/// Why a message was not sent. `isPermanent` is true for a 5xx reply and for a message that can
/// never be sent as it is (an address or header the client refuses); a caller retries the others
/// (4xx replies, timeouts, lost connections, TLS and configuration trouble an operator can fix).
public struct SMTPError: Error, Sendable, CustomStringConvertible {
    /// The server's reply code, when the server answered.
    public var code: Int?
    public var message: String
    public var isPermanent: Bool

    public init(code: Int? = nil, message: String, isPermanent: Bool) {
        self.code = code
        self.message = message
        self.isPermanent = isPermanent
    }

    public var description: String {
        let kind = isPermanent ? "permanent" : "temporary"
        if let code { return "SMTP \(code) (\(kind)): \(message)" }
        return "SMTP (\(kind)): \(message)"
    }
}

extension SMTPError {
    /// The server answered `reply` where the client expected something else.
    static func unexpected(_ reply: SMTPReply, to step: String) -> SMTPError {
        SMTPError(code: reply.code, message: "\(step): server answered \(reply.code) \(reply.text)",
                  isPermanent: reply.isPermanentFailure)
    }

    /// A configuration an operator has to fix (retrying later may succeed once they have).
    static func configuration(_ message: String) -> SMTPError {
        SMTPError(message: message, isPermanent: false)
    }

    /// The message itself cannot be sent as it is.
    static func invalidMessage(_ message: String) -> SMTPError {
        SMTPError(message: message, isPermanent: true)
    }

    static func connection(_ message: String) -> SMTPError {
        SMTPError(message: message, isPermanent: false)
    }
}
