import Foundation

extension SMTPConfiguration {
    /// Parses `smtp://[user[:pass]@]host[:port][?tls=opportunistic|required|none&from=addr&helo=name]`.
    /// User, password and query values are percent-decoded. When the URL carries no password,
    /// `passwordFromEnvironment` (the daemon passes `CASEFLOW_SMTP_PASSWORD`) is used for the user.
    /// The port defaults to 25.
    public static func parse(
        _ url: String, passwordFromEnvironment: String?, trustRootsFile: String? = nil
    ) throws -> SMTPConfiguration {
        try SMTPURL.parse(url, passwordFromEnvironment: passwordFromEnvironment, trustRootsFile: trustRootsFile)
    }
}

/// The `smtp://` URL grammar, parsed by hand so every mistake gets a message that names it.
enum SMTPURL {
    static func parse(_ url: String, passwordFromEnvironment: String?, trustRootsFile: String?) throws -> SMTPConfiguration {
        func failure(_ why: String) -> SMTPError {
            // Never echo the URL itself: it may hold a password.
            SMTPError.configuration("invalid SMTP URL: \(why); expected smtp://[user[:password]@]host:port[?tls=required|none&from=address]")
        }
        guard let schemeEnd = url.range(of: "://") else { throw failure("missing scheme smtp://") }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "smtp" else {
            if scheme == "smtps" {
                throw failure("smtps:// (TLS from the first byte) is not supported; use smtp://host:587, which upgrades with STARTTLS")
            }
            throw failure("scheme '\(scheme)' is not smtp")
        }
        var rest = Substring(url[schemeEnd.upperBound...])
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.contains("/") else { throw failure("a path is not allowed") }

        var username: String?
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            let user: Substring
            if let colon = userInfo.firstIndex(of: ":") {
                user = userInfo[..<colon]
                password = try decoded(userInfo[userInfo.index(after: colon)...], "password", failure)
            } else {
                user = userInfo
            }
            guard !user.isEmpty else { throw failure("a user name must come before '@'") }
            username = try decoded(user, "user name", failure)
        }

        let (host, port) = try hostAndPort(rest, failure)
        var configuration = SMTPConfiguration(host: host, port: port, username: username, trustRootsFile: trustRootsFile)
        if username != nil { configuration.password = password ?? passwordFromEnvironment }
        for item in query.split(separator: "&") where !item.isEmpty {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).lowercased()
            let value = try decoded(parts.count > 1 ? parts[1] : "", name, failure)
            switch name {
            case "tls":
                guard let mode = SMTPConfiguration.TLSMode(rawValue: value.lowercased()) else {
                    let known = SMTPConfiguration.TLSMode.allCases.map(\.rawValue).joined(separator: ", ")
                    throw failure("unknown tls value '\(value)' (use one of \(known))")
                }
                configuration.tls = mode
            case "from":
                guard !value.isEmpty else { throw failure("from= needs an address") }
                configuration.from = value
            case "helo":
                guard !value.isEmpty else { throw failure("helo= needs a name") }
                configuration.heloName = value
            default:
                throw failure("unknown parameter '\(name)' (known: tls, from, helo)")
            }
        }
        return configuration
    }

    private static func hostAndPort(_ text: Substring, _ failure: (String) -> SMTPError) throws -> (String, Int) {
        var host: Substring
        var portText: Substring?
        let bracketed = text.hasPrefix("[")
        if bracketed {
            guard let close = text.firstIndex(of: "]") else { throw failure("missing ']' after the IPv6 address") }
            host = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw failure("unexpected text after the IPv6 address") }
                portText = after.dropFirst()
            }
        } else if let colon = text.lastIndex(of: ":") {
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        } else {
            host = text
        }
        guard !host.isEmpty else { throw failure("missing host") }
        guard bracketed || !host.contains(":") else { throw failure("an IPv6 address must be written in brackets, [::1]") }
        guard !host.contains(where: { $0.isWhitespace || $0.isNewline || "@[]%\\".contains($0) }) else {
            throw failure("'\(host)' is not a host name")
        }
        var port = SMTPConfiguration.defaultPort
        if let portText {
            guard !portText.isEmpty, portText.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(portText), (1...65535).contains(value) else {
                throw failure("bad port '\(portText)' (a number from 1 to 65535)")
            }
            port = value
        }
        return (host.lowercased(), port)
    }

    private static func decoded(_ text: Substring, _ what: String, _ failure: (String) -> SMTPError) throws -> String {
        guard let value = String(text).removingPercentEncoding else { throw failure("bad percent-encoding in the \(what)") }
        return value
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// Percent-encodes everything but unreserved characters (RFC 3986).
    static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    /// 127.0.0.0/8, ::1 (also as an IPv4-mapped address) and `localhost`.
    static func isLoopback(_ host: String) -> Bool {
        var name = host.lowercased()
        if name.hasPrefix("[") && name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name == "localhost" || name == "::1" { return true }
        if name.hasPrefix("::ffff:") { name = String(name.dropFirst("::ffff:".count)) }
        let octets = name.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) && (UInt8($0) != nil) }) else {
            return false
        }
        return octets[0] == "127"
    }
}
