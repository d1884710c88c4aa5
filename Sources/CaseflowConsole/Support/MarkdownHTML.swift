import Ink

/// Markdown written by administrators (instructions, the process document) as HTML. Raw HTML in
/// the source is shown as text, never passed through: `<` and `&` are escaped before Ink parses.
enum MarkdownHTML {
    static func render(_ markdown: String) -> String {
        let escaped = markdown.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        return MarkdownParser().html(from: escaped)
    }
}
