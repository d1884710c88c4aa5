extension YAMLNode {
    /// The node's content without its layout: comments, indentation, flow or block style and
    /// positions left out; scalar text, quoting (a quoted "700" is text, a plain 700 a number),
    /// tags and order kept. Two documents with the same canonical text mean the same.
    public var canonicalText: String {
        var out = ""
        write(into: &out)
        return out
    }

    private func write(into out: inout String) {
        if let tag { out += "!<\(tag)>" }
        switch content {
        case .scalar(let s):
            out += s.style == .plain ? "p" : "s"
            out += "\(s.value.unicodeScalars.count):"
            out += s.value
        case .sequence(let items):
            out += "["
            for item in items { item.write(into: &out); out += "," }
            out += "]"
        case .mapping(let pairs):
            out += "{"
            for pair in pairs {
                pair.key.write(into: &out)
                out += "="
                pair.value.write(into: &out)
                out += ";"
            }
            out += "}"
        }
    }
}
