/// Where and how to send mail: the relay, the credentials, when to use TLS and the sender.
/// Built from `--smtp smtp://[user[:pass]@]host:port[?tls=…&from=…&helo=…]` by `parse`.
public struct SMTPConfiguration: Sendable, Equatable {
    public enum TLSMode: String, Sendable, CaseIterable {
        /// STARTTLS when the server offers it, plain text otherwise (the default).
        case opportunistic
        /// Refuse to send unless the server offers STARTTLS and the handshake succeeds.
        case required
        /// Never STARTTLS.
        case none
    }

    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?
    public var tls: TLSMode
    /// The envelope and header From address, e.g. `caseflow@example.com`.
    public var from: String
    /// A PEM file of CA certificates trusted besides the system ones (a private relay's CA).
    public var trustRootsFile: String?
    /// The name this client gives in EHLO/HELO.
    public var heloName: String

    public static let defaultPort = 25
    public static let defaultFrom = "caseflow@localhost"
    public static let defaultHeloName = "localhost"

    public init(
        host: String, port: Int = SMTPConfiguration.defaultPort, username: String? = nil, password: String? = nil,
        tls: TLSMode = .opportunistic, from: String = SMTPConfiguration.defaultFrom, trustRootsFile: String? = nil,
        heloName: String = SMTPConfiguration.defaultHeloName
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.tls = tls
        self.from = from
        self.trustRootsFile = trustRootsFile
        self.heloName = heloName
    }

    /// The configuration as a URL with the password shown as `***`, for logs and messages.
    public var redacted: String {
        var url = "smtp://"
        if let username {
            url += SMTPURL.percentEncoded(username)
            if password != nil { url += ":***" }
            url += "@"
        }
        url += host.contains(":") ? "[\(host)]" : host
        url += ":\(port)"
        var query: [String] = []
        if tls != .opportunistic { query.append("tls=\(tls.rawValue)") }
        if from != Self.defaultFrom { query.append("from=\(SMTPURL.percentEncoded(from))") }
        if heloName != Self.defaultHeloName { query.append("helo=\(SMTPURL.percentEncoded(heloName))") }
        if !query.isEmpty { url += "?" + query.joined(separator: "&") }
        return url
    }
}
