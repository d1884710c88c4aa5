/// The checks on addresses and ids that go into SMTP commands and headers. Deliberately strict:
/// a bare ASCII `local@domain`, nothing that could end a command line or a header.
enum MailAddress {
    static func validate(_ address: String, role: String) throws {
        guard !address.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) else {
            throw SMTPError.invalidMessage("the \(role) may not contain a line break (CR or LF)")
        }
        guard let at = address.lastIndex(of: "@"), at != address.startIndex,
              address.index(after: at) != address.endIndex
        else {
            throw SMTPError.invalidMessage("the \(role) '\(address)' is not an address like name@example.com")
        }
        guard address.utf8.count <= 254,
              address.unicodeScalars.allSatisfy({ (33...126).contains($0.value) && !"<>()[],;:\\\"".unicodeScalars.contains($0) })
        else {
            throw SMTPError.invalidMessage("the \(role) '\(address)' has characters this client does not send (spaces, <>, quotes, non-ASCII)")
        }
    }

    /// The part after the last `@`: the right side of Message-IDs.
    static func domain(of address: String) -> String {
        guard let at = address.lastIndex(of: "@") else { return "localhost" }
        let domain = address[address.index(after: at)...]
        return domain.isEmpty ? "localhost" : String(domain)
    }

    /// The left side of a Message-ID: RFC 5322 atext and dots. Where the dots fall is not
    /// checked (receivers do not care), only that nothing can end the id or the header.
    static func validateMessageID(_ id: String) throws {
        let atext = "!#$%&'*+-/=?^_`{|}~."
        guard !id.isEmpty, id.utf8.count <= 200,
              id.unicodeScalars.allSatisfy({ isASCIIAlphanumeric($0) || atext.unicodeScalars.contains($0) })
        else {
            throw SMTPError.invalidMessage("message id '\(id.debugDescription)' may hold only letters, digits, dots and !#$%&'*+-/=?^_`{|}~ (at most 200)")
        }
    }

    private static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 48...57, 65...90, 97...122: true
        default: false
        }
    }
}
