/// Text made safe for XML and HTML content and attribute values (SVG diagrams, report pages,
/// HTML email): the five characters that carry markup meaning are written as references, and the
/// control characters XML does not allow at all (even as references: U+0000–U+001F but tab, line
/// feed and carriage return, and U+FFFE, U+FFFF) are written visibly as `\u{1B}`, so the page
/// stays well-formed whatever a case's data holds.
public enum MarkupText {
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for u in text.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(u)
            case _ where u.value < 0x20 || u.value == 0xFFFE || u.value == 0xFFFF:
                out += visible(u)
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// A character that must not be shown as itself, written as Swift writes it: `\u{1B}`.
    public static func visible(_ u: Unicode.Scalar) -> String {
        "\\u{" + String(u.value, radix: 16, uppercase: true) + "}"
    }
}
