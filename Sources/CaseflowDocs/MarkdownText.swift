/// Text made safe for Markdown (GitHub flavour): plain text, code spans and table rows.
enum MarkdownText {
    /// Plain text with Markdown's special characters escaped; `|` too, so it fits in a table cell.
    static func plain(_ text: String) -> String {
        let chars = Array(text.replacingOccurrences(of: "\n", with: " "))
        var out = ""
        for (i, c) in chars.enumerated() {
            switch c {
            case "\\", "`", "*", "[", "]", "<", ">", "|", "&", "#", "~":
                out += "\\\(c)"
            case "_":
                let before = i > 0 ? chars[i - 1] : " "
                let after = i + 1 < chars.count ? chars[i + 1] : " "
                let inWord = (before.isLetter || before.isNumber) && (after.isLetter || after.isNumber || after == "_")
                out += inWord ? "_" : "\\_"
            default:
                out.append(c)
            }
        }
        return out
    }

    /// A code span that holds `text` as it is, also inside a table cell.
    static func code(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "|", with: "\\|")
        var longest = 0, run = 0
        for c in flat {
            run = c == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = flat.hasPrefix("`") || flat.hasSuffix("`") || flat.hasPrefix(" ") && flat.hasSuffix(" ") ? " " : ""
        return fence + pad + flat + pad + fence
    }

    /// A table: header, the alignment row, then one row per entry (cells already escaped).
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var lines = [row(header), row(header.map { _ in "---" })]
        lines += rows.map(row)
        return lines.joined(separator: "\n")
    }

    private static func row(_ cells: [String]) -> String {
        "| " + cells.map { $0.isEmpty ? " " : $0 }.joined(separator: " | ") + " |"
    }
}
